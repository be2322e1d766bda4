"""Fail when the database role the application connects as could get past the append-only
triggers (SECURITY.md, "Database roles")."""

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from chance.audit.append_only import protected_tables, triggers_missing


def role_problems(connection) -> list[str]:
    """What lets the connected role change or empty an append-only table, one line each."""
    problems = []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_user, rolsuper, rolreplication, rolbypassrls, rolcreaterole "
            "FROM pg_roles WHERE rolname = current_user"
        )
        user, superuser, replication, bypassrls, createrole = cursor.fetchone()
        if superuser:
            problems.append(
                f"role {user} is a superuser (it can set session_replication_role and "
                "disable any trigger)"
            )
        if replication:
            problems.append(f"role {user} has REPLICATION")
        if bypassrls:
            problems.append(f"role {user} has BYPASSRLS")
        if createrole:
            problems.append(
                f"role {user} has CREATEROLE (it can grant itself the tables' owner role)"
            )
        cursor.execute(
            "SELECT c.relname, pg_get_userbyid(c.relowner), "
            "pg_has_role(current_user, c.relowner, 'USAGE'), "
            "has_table_privilege(current_user, c.oid, 'TRIGGER'), "
            "has_table_privilege(current_user, c.oid, 'TRUNCATE'), "
            "has_table_privilege(current_user, c.oid, 'UPDATE'), "
            "has_table_privilege(current_user, c.oid, 'DELETE') "
            "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind IN ('r', 'p') AND c.relname = ANY(%s) "
            "AND n.nspname = ANY(current_schemas(false)) ORDER BY c.relname",
            [protected_tables()],
        )
        for table, owner, owns, trigger, truncate, update, delete in cursor.fetchall():
            if owns and not superuser:
                problems.append(
                    f"{table} is owned by {owner}, which role {user} is or acts as "
                    "(an owner can ALTER TABLE ... DISABLE TRIGGER)"
                )
            granted = [
                name
                for name, has in (
                    ("TRIGGER", trigger),
                    ("TRUNCATE", truncate),
                    ("UPDATE", update),
                    ("DELETE", delete),
                )
                if has
            ]
            if granted and not (owns or superuser):
                problems.append(f"{table}: role {user} holds {', '.join(granted)}")
    problems.extend(f"trigger missing: {line}" for line in triggers_missing(connection))
    return problems


class Command(BaseCommand):
    help = (
        "Check that the database role the application connects as cannot turn off or get past "
        "the append-only triggers (not a superuser, not an owner of the protected tables, no "
        "TRIGGER/TRUNCATE/UPDATE/DELETE on them) and that every protected table has its "
        "triggers. Exit status 1 on failure."
    )

    def add_arguments(self, parser):
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, database, **options):
        connection = connections[database]
        if connection.vendor != "postgresql":
            self.stdout.write(
                f"Database {database} is {connection.vendor}: no append-only triggers to check "
                "(use PostgreSQL in production)."
            )
            return
        problems = role_problems(connection)
        if problems:
            raise CommandError(
                "The application's database role could rewrite the audit trail:\n- "
                + "\n- ".join(problems),
                returncode=1,
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Database role OK: {len(protected_tables())} append-only tables, triggers in "
                "place, none of them can be changed, emptied or unprotected by this role."
            )
        )
