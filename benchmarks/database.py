"""The dedicated benchmark database: its environment, creation and the marker of what it holds.

The benchmark never touches the default or the test database: ``bench_environment`` points
DATABASE_URL at ``chance_bench`` (override with BENCH_DATABASE_URL) and the command re-executes
itself with it. The marker table says which data set was built, so a matching one is reused.
"""

import json
import os
import secrets
from pathlib import Path
from urllib.parse import urlparse

from django.db import connection

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/chance_bench"
MARKER = "bench_dataset"


def bench_url() -> str:
    return os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)


def bench_name() -> str:
    return urlparse(bench_url()).path.lstrip("/")


def is_bench_database() -> bool:
    settings_dict = connection.settings_dict
    return settings_dict["ENGINE"].endswith("postgresql") and settings_dict["NAME"] == bench_name()


def _bench_key(out_dir: Path) -> str:
    """A field-encryption key kept with the data set (homes' addresses are encrypted with it)."""
    from cryptography.fernet import Fernet

    path = out_dir / "field-encryption.key"
    if not path.exists():
        path.write_text(Fernet.generate_key().decode())
        path.chmod(0o600)
    return path.read_text().strip()


def bench_environment(out_dir: Path) -> dict:
    """The process environment of the benchmark: production-like settings on the bench DB.

    2FA is off (the bench signs in with a password only) and cookies are not Secure (loopback
    HTTP); everything else is as deployed: DEBUG off, Redis cache, JSON logs at WARNING.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env.update(
        DATABASE_URL=bench_url(),
        DEBUG="0",
        SECRET_KEY=env.get("BENCH_SECRET_KEY") or "bench-" + secrets.token_urlsafe(48),
        FIELD_ENCRYPTION_KEY=_bench_key(out_dir),
        REQUIRE_2FA="0",
        SECURE_COOKIES="0",
        SECURE_SSL_REDIRECT="0",
        REDIS_URL=env.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13"),
        CELERY_BROKER_URL="memory://",
        CELERY_TASK_ALWAYS_EAGER="0",
        STATIC_ROOT=str(out_dir / "static"),
        CHANCE_VAR_DIR=str(out_dir / "var"),
        LOG_LEVEL="WARNING",
        BENCH_CHILD="1",
    )
    return env


def ensure_database():
    """Create the bench database if it is missing (connecting to the server's maintenance DB)."""
    import psycopg2

    name = bench_name()
    parsed = urlparse(bench_url())
    conn = psycopg2.connect(
        host=parsed.hostname,
        port=parsed.port or 5432,
        user=parsed.username or "postgres",
        password=parsed.password,
        dbname="postgres",
    )
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone() is None:
                cursor.execute(f'CREATE DATABASE "{name}"')
    finally:
        conn.close()


def _server(sql_statements):
    import psycopg2

    parsed = urlparse(bench_url())
    conn = psycopg2.connect(
        host=parsed.hostname,
        port=parsed.port or 5432,
        user=parsed.username or "postgres",
        password=parsed.password,
        dbname="postgres",
    )
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            for sql in sql_statements:
                cursor.execute(sql)
    finally:
        conn.close()


def _template_exists() -> bool:
    import psycopg2

    parsed = urlparse(bench_url())
    conn = psycopg2.connect(
        host=parsed.hostname,
        port=parsed.port or 5432,
        user=parsed.username or "postgres",
        password=parsed.password,
        dbname="postgres",
    )
    try:
        with conn.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template_name()])
            return cursor.fetchone() is not None
    finally:
        conn.close()


def template_name() -> str:
    return bench_name() + "_template"


def recreate_database():
    """Drop the bench database and create it again, from the migrated empty template when there
    is one (migrating from nothing takes minutes on a busy machine; a template copy, seconds)."""
    name = bench_name()
    if not name.endswith("bench"):
        raise RuntimeError(f"Refusing to drop {name!r}: not a bench database.")
    connection.close()
    create = f'CREATE DATABASE "{name}"'
    if _template_exists():
        create += f' TEMPLATE "{template_name()}"'
    _server([f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', create])


def save_template():
    """Keep the just-migrated, still empty bench database as the template of the next build."""
    connection.close()
    template = template_name()
    _server(
        [
            f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)',
            f'CREATE DATABASE "{template}" TEMPLATE "{bench_name()}"',
        ]
    )


def has_rows(table) -> bool:
    """True when ``table`` exists and is not empty (a half-built data set is dropped too)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [table])
        if cursor.fetchone()[0] is None:
            return False
        cursor.execute(f'SELECT EXISTS (SELECT 1 FROM "{table}")')  # noqa: S608
        return cursor.fetchone()[0]


def read_marker() -> dict | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [MARKER])
        if cursor.fetchone()[0] is None:
            return None
        cursor.execute(f"SELECT spec FROM {MARKER} ORDER BY id DESC LIMIT 1")  # noqa: S608
        row = cursor.fetchone()
    if row is None:
        return None
    return row[0] if isinstance(row[0], dict) else json.loads(row[0])


def write_marker(spec: dict):
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {MARKER} (id serial PRIMARY KEY, spec jsonb NOT NULL, "
            "built_at timestamptz NOT NULL DEFAULT now())"
        )
        cursor.execute(f"INSERT INTO {MARKER} (spec) VALUES (%s)", [json.dumps(spec)])  # noqa: S608
