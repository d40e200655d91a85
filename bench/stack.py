"""Where the bench runs: a throw-away database and folders, and the environment for every process.

* SQLite (default): a file in a temporary folder.
* PostgreSQL + Redis: ``BENCH_DATABASE_URL`` names a server (any database on it); the bench
  creates the database ``huisbezoek_bench`` there (``BENCH_DATABASE_NAME`` names another; dropped
  first if it is left from a previous run) and drops it at the end; the reminder part adds
  ``<name>_reminders``. ``BENCH_REDIS_URL`` (else ``REDIS_URL``) is the cache and the
  Celery broker; its database number is emptied at the start (use one of its own, e.g. /5).

The same throw-away SECRET_KEY and FIELD_ENCRYPTION_KEYS go to every process (this one, the
gunicorn server, the Celery workers), so a session made here is valid there and confidential
text written here can be read there.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
# ``BENCH_DATABASE_NAME`` names the databases instead (two benches on one server must not share one).
BENCH_DATABASE = os.environ.get("BENCH_DATABASE_NAME") or "huisbezoek_bench"


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


@dataclass
class Stack:
    tmp: Path
    server_url: str = ""  # the PostgreSQL server's URL as given (empty: SQLite)
    redis_url: str = ""
    secret_key: str = field(default_factory=lambda: secrets.token_urlsafe(60))
    field_key: str = ""
    databases: list[str] = field(default_factory=list)

    @classmethod
    def from_environment(cls) -> Stack:
        from cryptography.fernet import Fernet

        tmp = Path(tempfile.mkdtemp(prefix="huisbezoek-bench-"))
        return cls(
            tmp=tmp,
            server_url=os.environ.get("BENCH_DATABASE_URL", ""),
            redis_url=os.environ.get("BENCH_REDIS_URL") or os.environ.get("REDIS_URL", ""),
            field_key=Fernet.generate_key().decode(),
        )

    @property
    def postgres(self) -> bool:
        return bool(self.server_url)

    @property
    def name(self) -> str:
        return ("PostgreSQL" if self.postgres else "SQLite") + (" + Redis" if self.redis_url else "")

    def database_url(self, name: str = BENCH_DATABASE) -> str:
        if self.postgres:
            return _with_database(self.server_url, name)
        return f"sqlite:///{self.tmp / (name + '.sqlite3')}"

    def create_database(self, name: str = BENCH_DATABASE) -> str:
        """A fresh, empty database (not migrated); returns its URL."""
        if self.postgres:
            self._postgres(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            self._postgres(f'CREATE DATABASE "{name}"')
        else:
            Path(self.tmp / (name + ".sqlite3")).unlink(missing_ok=True)
        if name not in self.databases:
            self.databases.append(name)
        return self.database_url(name)

    def _postgres(self, statement: str) -> None:
        import psycopg

        parts = urlsplit(self.server_url)
        with psycopg.connect(
            host=parts.hostname or "127.0.0.1",
            port=parts.port or 5432,
            user=parts.username or "postgres",
            password=parts.password or None,
            dbname=(parts.path or "/postgres").lstrip("/") or "postgres",
            autocommit=True,
        ) as connection:
            connection.execute(statement)  # type: ignore[arg-type]

    def flush_redis(self) -> None:
        if self.redis_url:
            import redis

            redis.Redis.from_url(self.redis_url).flushdb()

    def environment(self, database: str = BENCH_DATABASE, **extra: str) -> dict[str, str]:
        """The environment of a development-mode process (DEBUG off) on ``database``."""
        env = {k: v for k, v in os.environ.items() if not k.startswith(("CELERY_", "DJANGO_", "BENCH_"))}
        env.pop("REDIS_URL", None)
        env.update(
            HUISBEZOEK_ENV="development",
            DEBUG="false",
            DJANGO_SETTINGS_MODULE="huisbezoek.settings",
            DATABASE_URL=self.database_url(database),
            SECRET_KEY=self.secret_key,
            FIELD_ENCRYPTION_KEYS=self.field_key,
            MEDIA_ROOT=str(self.tmp / "media"),
            STATIC_ROOT=str(self.tmp / "static"),
            CELERY_FILESYSTEM_DIR=str(self.tmp / "celery"),
            CELERY_BEAT_SCHEDULE_FILENAME=str(self.tmp / "beat-schedule"),
            LOG_LEVEL="WARNING",
            SITE_URL="https://bench.invalid",  # as in production: the PDFs' QR code and links are the same
            EMAIL_URL="consolemail://",
            SMS_BACKEND="console",
        )
        if self.redis_url:
            env["REDIS_URL"] = self.redis_url
        env.update(extra)
        return env

    def production_environment(self, database: str = BENCH_DATABASE, **extra: str) -> dict[str, str]:
        """Production mode (what gunicorn runs): the deployment checklist's settings, throw-away values.

        Behind a TLS proxy (the default): requests say ``X-Forwarded-Proto: https``."""
        env = self.environment(database)
        env.update(
            HUISBEZOEK_ENV="production",
            ALLOWED_HOSTS="127.0.0.1",
            SITE_URL="https://bench.invalid",
            EMAIL_URL="smtp://127.0.0.1:9",
        )
        env.update(extra)
        return env

    def manage(self, env: dict[str, str], *args: str, timeout: float = 1800) -> str:
        done = subprocess.run(  # noqa: S603 - manage.py with fixed arguments
            [sys.executable, "manage.py", *args],
            cwd=BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if done.returncode:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def close(self) -> None:
        if self.postgres:
            from django.db import connections

            connections.close_all()
            for name in self.databases:
                try:
                    self._postgres(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                except Exception as error:  # noqa: BLE001 - best effort at the end of a run
                    print(f"  could not drop {name}: {error}", file=sys.stderr)
        shutil.rmtree(self.tmp, ignore_errors=True)


def setup_django(stack: Stack, database: str = BENCH_DATABASE) -> None:
    """Configure this process like ``stack.environment`` and migrate its database."""
    os.environ.update(stack.environment(database))
    if not stack.redis_url:
        os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
