"""Settings contract: database selection, SQLite concurrency, production refusals, admin language."""

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.db import connection, connections

from cms.settings.base import database_from_environment

ROOT = Path(__file__).resolve().parent.parent


def test_database_url_selects_the_database(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/planportal")
    config = database_from_environment()
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert config["NAME"] == "planportal"


def test_sqlite_is_the_default_and_is_tuned_for_concurrent_writers(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    config = database_from_environment(tmp_path / "db.sqlite3")
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == str(tmp_path / "db.sqlite3")
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert config["OPTIONS"]["timeout"] >= 5


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite-specific")
@pytest.mark.django_db(transaction=True)
def test_two_sqlite_writers_never_see_database_is_locked():
    """Two threads write at once, each in its own transaction; both succeed."""
    from django.contrib.auth.models import Group
    from django.db import transaction

    # A file (cms.settings.test), not an in-memory database: a second connection contends.
    assert Path(connection.settings_dict["NAME"]).is_file()
    errors = []
    barrier = threading.Barrier(2)

    def writer(n):
        try:
            barrier.wait()
            for i in range(20):
                with transaction.atomic():
                    Group.objects.create(name=f"writer-{n}-{i}")
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert Group.objects.filter(name__startswith="writer-").count() == 40


def _import_production(env):
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "cms.settings.production"},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    result = _import_production(env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_reads_its_settings_from_the_environment():
    env = {
        **os.environ,
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "plan.holmestrand.kommune.no,www.example.no",
        "REDIS_URL": "redis://127.0.0.1:6379/3",
        "DATABASE_URL": "postgres://u:p@db.example:5432/plan",
    }
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.ALLOWED_HOSTS, s.CACHES['default']['LOCATION'], s.DATABASES['default']['HOST'], s.DEBUG)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "cms.settings.production"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == (
        "['plan.holmestrand.kommune.no', 'www.example.no'] redis://127.0.0.1:6379/3 db.example False"
    )


@pytest.mark.django_db
def test_admin_speaks_norwegian_by_default(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="nb"' in html
    assert "Brukernavn" in html


# A view that fails, served through the production settings' whole middleware stack.
FAILING_REQUEST = """
import sys, types
import django
from django.http import HttpResponseServerError
from django.urls import path

def fail(request):
    raise RuntimeError("planportal-test-failure")

urls = types.ModuleType("failing_urls")
urls.urlpatterns = [path("feil/", fail)]
# The site's 500 page needs collectstatic's manifest; the logging does not.
urls.handler500 = lambda request: HttpResponseServerError("feil")
sys.modules["failing_urls"] = urls

django.setup()
import logging
from django.test import Client
from django.test.utils import override_settings

with override_settings(ROOT_URLCONF="failing_urls"):
    response = Client(raise_request_exception=False).get("/feil/")
sys.stdout.write(str(response.status_code))
logging.getLogger("moderation").error("planportal-app-message")
"""


def test_production_logs_errors_with_their_traceback_to_stderr(tmp_path):
    env = {
        **os.environ,
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
    }
    env.pop("REDIS_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", FAILING_REQUEST],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout == "500"
    assert "Internal Server Error: /feil/" in result.stderr
    assert "Traceback (most recent call last)" in result.stderr
    assert "RuntimeError: planportal-test-failure" in result.stderr
    # The project's own loggers reach stderr too, named.
    assert "moderation" in result.stderr.split("planportal-app-message")[0].splitlines()[-1]
