"""Real OS processes against a committed copy of the test database.

The suite's test database holds the loaded plan, committed once per session,
and every test runs inside a transaction that is rolled back. A test that needs
other processes (concurrent publishes, caches in several workers, backup and
restore) cannot share that transaction, and must not commit into the shared
database either. `database_copy()` gives it a database of its own: a copy of
the committed test database (the plan as loaded), on the same engine, dropped
afterwards. `manage()` and `python()` run real processes against it.
"""

import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection

BASE_DIR = Path(__file__).resolve().parent.parent
MANAGE = BASE_DIR / "manage.py"
PROCESS_TIMEOUT = 600  # seconds


def _environment(database_url: str) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "DATABASE_URL": database_url,
        # Files a process writes land where this test run's files do.
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "PYTHONUNBUFFERED": "1",
        # Its in-memory cache is not the test's: what the test changes would leave it stale.
        "PLANPORTAL_RENDER_CACHE_SECONDS": "0",
    }


def _postgres_arguments(settings_dict: dict) -> list[str]:
    arguments = ["-h", settings_dict.get("HOST") or "127.0.0.1"]
    arguments += ["-p", str(settings_dict.get("PORT") or 5432)]
    arguments += ["-U", settings_dict.get("USER") or "postgres"]
    return arguments


def _postgres_url(settings_dict: dict, name: str) -> str:
    user = settings_dict.get("USER") or "postgres"
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{user}@{host}:{port}/{name}"


@contextmanager
def database_copy() -> Iterator[dict]:
    """A committed copy of the test database; yields the environment for subprocesses.

    The copy holds what was committed (the plan as `load_plan` left it), never
    the calling test's own uncommitted changes.
    """
    settings_dict = connection.settings_dict
    if connection.vendor == "sqlite":
        folder = Path(tempfile.mkdtemp(prefix="planportal-copy-"))
        target = folder / "copy.sqlite3"
        source = sqlite3.connect(settings_dict["NAME"])
        destination = sqlite3.connect(target)
        try:
            source.backup(destination)
        finally:
            destination.close()
            source.close()
        try:
            yield _environment(f"sqlite:///{target}")
        finally:
            for path in folder.glob("*"):
                path.unlink()
            folder.rmdir()
    elif connection.vendor == "postgresql":
        name = f"{settings_dict['NAME']}_copy_{uuid.uuid4().hex[:8]}"
        arguments = _postgres_arguments(settings_dict)
        subprocess.run(["createdb", *arguments, name], check=True)
        try:
            dump = subprocess.run(
                ["pg_dump", *arguments, "--no-owner", settings_dict["NAME"]],
                check=True,
                capture_output=True,
            )
            subprocess.run(
                ["psql", *arguments, "-q", "-v", "ON_ERROR_STOP=1", "-d", name],
                input=dump.stdout,
                check=True,
                capture_output=True,
            )
            yield _environment(_postgres_url(settings_dict, name))
        finally:
            subprocess.run(
                ["dropdb", *arguments, "--if-exists", "--force", name],
                check=True,
                capture_output=True,
            )
    else:  # pragma: no cover - the project runs on SQLite and PostgreSQL only
        raise NotImplementedError(connection.vendor)


def manage(env: dict, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    """`manage.py ARGS` in its own process; fails the test with its output when it fails."""
    result = subprocess.run(
        [sys.executable, str(MANAGE), *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=PROCESS_TIMEOUT,
        check=False,
    )
    if check and result.returncode != 0:
        raise AssertionError(
            f"manage.py {' '.join(args)} exited with {result.returncode}:\n"
            f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
        )
    return result


def python(env: dict, code: str) -> subprocess.Popen:
    """Start `code` (Django set up, the copy as its database) in a process of its own.

    The caller waits for it (`communicate()`); several can run at once. Its stdin
    is a pipe, so a long-running process can take commands from the test.
    """
    preamble = "import django\ndjango.setup()\n"
    return subprocess.Popen(
        [sys.executable, "-c", preamble + code],
        cwd=BASE_DIR,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen) -> str:
    """Wait for a process from `python()`; its stdout, or the test fails with its output."""
    stdout, stderr = process.communicate(timeout=PROCESS_TIMEOUT)
    if process.returncode != 0:
        raise AssertionError(
            f"process exited with {process.returncode}:\n{stdout[-3000:]}\n{stderr[-3000:]}"
        )
    return stdout


class LineWorker:
    """A long-running process from `python()` that answers one JSON line per JSON command.

    `finish(worker.process)` closes its stdin, which ends its loop.
    """

    def __init__(self, env: dict, code: str):
        self.process = python(env, code)

    def ask(self, command: dict) -> dict:
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise AssertionError(finish(self.process))
        return json.loads(line)
