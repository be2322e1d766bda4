"""PostgreSQL backend for the test suite only: Django's flush may empty the append-only tables.

The production triggers refuse TRUNCATE with no setting to turn them off (audit 0005). Between
transactional tests (TransactionTestCase, live_server) Django empties every table; here that
flush runs in a transaction with ``session_replication_role = replica``, which skips ordinary
triggers and which only a superuser may set. The test database role is a superuser; the
application's role in a deployment must not be (SECURITY.md, ``manage.py check_db_role``). Every
other statement of the test run, including the tests of the triggers, meets them as they are.
"""

from django.db import transaction
from django.db.backends.postgresql import base, operations


class DatabaseOperations(operations.DatabaseOperations):
    def execute_sql_flush(self, sql_list):
        with transaction.atomic(using=self.connection.alias), self.connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
            for sql in sql_list:
                cursor.execute(sql)


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
