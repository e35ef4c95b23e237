"""Settings contract: database selection, SQLite concurrency, production refusals, admin language,
the environment's parsing, and which settings are ours."""

import ast
import importlib.util
import json
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import django.conf.global_settings
import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, connections
from django.utils.translation import get_language_info

from cms.settings import environment
from cms.settings.environment import (
    RENAMED_VARIABLES,
    database_from_environment,
    env_int,
    env_list,
    refuse_renamed_variables,
)

ROOT = Path(__file__).resolve().parent.parent
SETTINGS_DIR = ROOT / "cms" / "settings"


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


def test_a_list_variable_is_split_on_commas_and_trimmed(monkeypatch):
    monkeypatch.setenv("PLANPORTAL_TEST_LIST", " plan.example.no, ,www.example.no ,")
    assert env_list("PLANPORTAL_TEST_LIST") == ["plan.example.no", "www.example.no"]
    monkeypatch.setenv("PLANPORTAL_TEST_LIST", "  ")
    assert env_list("PLANPORTAL_TEST_LIST") == []
    monkeypatch.delenv("PLANPORTAL_TEST_LIST")
    assert env_list("PLANPORTAL_TEST_LIST") == []


def test_a_number_variable_falls_back_to_its_default_and_refuses_words(monkeypatch):
    monkeypatch.delenv("PLANPORTAL_TEST_NUMBER", raising=False)
    assert env_int("PLANPORTAL_TEST_NUMBER", 7) == 7
    monkeypatch.setenv("PLANPORTAL_TEST_NUMBER", " 42 ")
    assert env_int("PLANPORTAL_TEST_NUMBER", 7) == 42
    monkeypatch.setenv("PLANPORTAL_TEST_NUMBER", "sixty")
    with pytest.raises(ImproperlyConfigured, match="PLANPORTAL_TEST_NUMBER"):
        env_int("PLANPORTAL_TEST_NUMBER", 7)


def _production_env(**variables):
    env = {k: v for k, v in os.environ.items() if k not in RENAMED_VARIABLES}
    return {**env, "SECRET_KEY": "x" * 50, **variables}


# What production reads, in one process for the tests below.
PRODUCTION_ENV = _production_env(
    ALLOWED_HOSTS=" plan.example.no,,www.example.no ",
    CSRF_TRUSTED_ORIGINS="https://plan.example.no, https://www.example.no",
    CORS_ALLOWED_ORIGINS="https://front.example.no ,",
    PLANPORTAL_API_CACHE_MAX_AGE="17",
    PLANPORTAL_EDGE_CACHE_MAX_AGE="3600",
    PLANPORTAL_FRONTEND_CACHE_URLS="http://127.0.0.1:8080, ,http://10.0.0.2:6081",
    PLANPORTAL_API_NUM_PROXIES="2",
    PLANPORTAL_LOGIN_FAILURE_LIMIT="7",
    PLANPORTAL_HEADLESS_PREVIEW_URL="https://front.example.no/{id}?t={token}",
    DATABASE_URL="postgres://planportal@db.example.no:5432/planportal",
    CONN_MAX_AGE="123",
)
PRODUCTION_SETTINGS = (
    "DATABASES",
    "MIDDLEWARE",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "CORS_ALLOWED_ORIGINS",
    "PLANPORTAL_API_CACHE_MAX_AGE",
    "PLANPORTAL_EDGE_CACHE_MAX_AGE",
    "WAGTAILFRONTENDCACHE",
    "REST_FRAMEWORK",
    "PLANPORTAL_NUM_PROXIES",
    "AXES_FAILURE_LIMIT",
    "PLANPORTAL_HEADLESS_PREVIEW_URL",
)


def production_settings(env: dict, names) -> dict:
    """The settings `names` of cms.settings.production under `env`, read in a new process."""
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        f"print(json.dumps({{n: getattr(s, n) for n in {list(names)!r}}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "cms.settings.production"},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def production():
    """PRODUCTION_SETTINGS under PRODUCTION_ENV."""
    return production_settings(PRODUCTION_ENV, PRODUCTION_SETTINGS)


def test_production_puts_whitenoise_right_after_the_security_middleware(production):
    middleware = production["MIDDLEWARE"]
    security = middleware.index("django.middleware.security.SecurityMiddleware")
    assert middleware[security + 1] == "whitenoise.middleware.WhiteNoiseMiddleware"
    # The rest is the shared stack, in its order.
    middleware.remove("whitenoise.middleware.WhiteNoiseMiddleware")
    assert middleware == settings.MIDDLEWARE


def test_production_parses_every_list_the_same_way(production):
    for name in ("ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "CORS_ALLOWED_ORIGINS"):
        expected = [item.strip() for item in PRODUCTION_ENV[name].split(",") if item.strip()]
        assert production[name] == expected, name


def test_production_reads_our_variables_by_their_prefixed_names(production):
    env = PRODUCTION_ENV
    assert production["PLANPORTAL_API_CACHE_MAX_AGE"] == int(env["PLANPORTAL_API_CACHE_MAX_AGE"])
    assert production["PLANPORTAL_NUM_PROXIES"] == int(env["PLANPORTAL_API_NUM_PROXIES"])
    assert production["AXES_FAILURE_LIMIT"] == int(env["PLANPORTAL_LOGIN_FAILURE_LIMIT"])
    assert production["PLANPORTAL_HEADLESS_PREVIEW_URL"] == env["PLANPORTAL_HEADLESS_PREVIEW_URL"]
    assert production["PLANPORTAL_EDGE_CACHE_MAX_AGE"] == int(env["PLANPORTAL_EDGE_CACHE_MAX_AGE"])


def test_production_purges_each_edge_cache_it_is_given(production):
    """One ban backend per address in PLANPORTAL_FRONTEND_CACHE_URLS (edge.backends)."""
    expected = [
        url.strip()
        for url in PRODUCTION_ENV["PLANPORTAL_FRONTEND_CACHE_URLS"].split(",")
        if url.strip()
    ]
    backends = production["WAGTAILFRONTENDCACHE"].values()
    assert [b["LOCATION"] for b in backends] == expected
    assert {b["BACKEND"] for b in backends} == {"edge.backends.VarnishBanBackend"}


def test_tests_purge_no_real_cache(monkeypatch):
    monkeypatch.setenv("PLANPORTAL_FRONTEND_CACHE_URLS", "http://127.0.0.1:8080")
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.WAGTAILFRONTENDCACHE)",
        ],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "{}"


def test_production_keeps_database_connections_and_checks_them_before_reuse(production):
    database = production["DATABASES"]["default"]
    assert database["CONN_MAX_AGE"] == int(PRODUCTION_ENV["CONN_MAX_AGE"])
    assert database["CONN_HEALTH_CHECKS"] is True


def test_production_refuses_a_variable_set_under_its_old_name():
    old, new = next(iter(RENAMED_VARIABLES.items()))
    result = _import_production(_production_env(**{old: "2"}))
    assert result.returncode != 0
    assert f"{old} (now {new})" in result.stderr


def test_an_old_name_beside_its_new_one_is_a_leftover_not_a_mistake(monkeypatch):
    for old, new in RENAMED_VARIABLES.items():
        monkeypatch.setenv(old, "2")
        monkeypatch.setenv(new, "2")
    refuse_renamed_variables()
    monkeypatch.delenv(new)
    with pytest.raises(ImproperlyConfigured, match=f"{old} \\(now {new}\\)"):
        refuse_renamed_variables()


def test_every_language_of_the_plan_is_known_to_django_after_app_loading():
    """Django's LANG_INFO lacks Somali and Tigrinya; the languages app adds them."""
    for code, _name in settings.LANGUAGES:
        assert get_language_info(code)["code"] == code


def _assigned_settings(path: Path) -> set[str]:
    """The upper-case names a settings module assigns (those Django takes as settings)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
        names |= {t.id for t in targets if isinstance(t, ast.Name) and t.id.isupper()}
    return names


def _identifiers_in(folders) -> set[str]:
    """Upper-case identifiers in the Python and templates of `folders`, outside tests and settings."""
    tokens = set()
    for folder in folders:
        for path in folder.rglob("*"):
            if path.suffix not in {".py", ".html"} or SETTINGS_DIR in path.parents:
                continue
            if "tests" not in path.relative_to(folder).parts:
                tokens |= set(re.findall(r"\b[A-Z][A-Z0-9_]+\b", path.read_text(errors="ignore")))
    return tokens


# The name Django's project template gives the checkout's folder; backups and tests read it.
CONVENTIONAL_SETTINGS = {"BASE_DIR"}


def test_every_setting_is_djangos_a_librarys_or_ours_and_ours_are_read():
    """A setting of our own is named PLANPORTAL_* and read by our code (tests do not count);
    any other setting is Django's or named in the code of an installed library."""
    modules = set(SETTINGS_DIR.glob("*.py")) - {Path(environment.__file__)}  # helpers, no settings
    assigned = set().union(*map(_assigned_settings, modules))
    ours = {name for name in assigned if name.startswith("PLANPORTAL_")}
    libraries = {
        Path(importlib.util.find_spec(top).origin).parent
        for top in {name.split(".")[0] for name in settings.INSTALLED_APPS} - {"django"}
    }
    libraries = {folder for folder in libraries if folder.parent != ROOT}
    known = _identifiers_in(libraries) | set(dir(django.conf.global_settings))
    assert assigned - ours - known - CONVENTIONAL_SETTINGS == set(), (
        "settings neither Django's, a library's nor PLANPORTAL_*"
    )

    our_code = [p.parent for p in ROOT.glob("*/__init__.py") if p.parent.name != "tests"]
    read = _identifiers_in([*our_code, ROOT / "templates"])
    assert ours - read == set(), "PLANPORTAL_ settings that no code reads"


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
    # Over https, as production is served (plain http is redirected to it).
    response = Client(raise_request_exception=False).get("/feil/", secure=True)
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


GUNICORN = [sys.executable, "-m", "gunicorn", "-c", "cms/gunicorn.conf.py", "cms.wsgi:application"]


def _gunicorn(*options, env):
    """Gunicorn with the repository's configuration, checked (the application is loaded) only."""
    return subprocess.run(
        [*GUNICORN, *options],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "cms.settings.production"},
        capture_output=True,
        text=True,
        check=False,
    )


def _app_server_env(tmp_path, **variables):
    env = _production_env(
        ALLOWED_HOSTS="plan.example.no", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}"
    )
    env.pop("REDIS_URL", None)
    return {**env, **variables}


def test_gunicorn_loads_the_application_under_production_settings(tmp_path):
    result = _gunicorn("--check-config", env=_app_server_env(tmp_path))
    assert result.returncode == 0, result.stderr[-3000:]
    # The check loads the application: production's own refusals stop it.
    env = _app_server_env(tmp_path)
    del env["SECRET_KEY"]
    result = _gunicorn("--check-config", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def _items(value):
    """A comma-separated value as env_list reads it."""
    return [item.strip() for item in value.split(",") if item.strip()]


def test_gunicorn_takes_its_servers_shape_from_the_environment(tmp_path):
    env = _app_server_env(
        tmp_path,
        PLANPORTAL_BIND="127.0.0.1:8102, 127.0.0.1:8103",
        WEB_CONCURRENCY="3",
        PLANPORTAL_THREADS="5",
        PLANPORTAL_TIMEOUT="45",
        FORWARDED_ALLOW_IPS="10.0.0.7, 10.0.0.8",
    )
    result = _gunicorn("--print-config", env=env)
    assert result.returncode == 0, result.stderr[-3000:]
    config = dict(re.findall(r"^(\w+)\s+= (.*)$", result.stdout, re.MULTILINE))
    assert config["bind"] == repr(_items(env["PLANPORTAL_BIND"]))
    assert config["workers"] == env["WEB_CONCURRENCY"]
    assert config["threads"] == env["PLANPORTAL_THREADS"]
    assert config["worker_class"] == "gthread"
    assert config["timeout"] == env["PLANPORTAL_TIMEOUT"]
    assert config["forwarded_allow_ips"] == repr(_items(env["FORWARDED_ALLOW_IPS"]))
    assert config["accesslog"] == "-"  # stdout


def test_gunicorn_refuses_a_number_it_cannot_read(tmp_path):
    result = _gunicorn("--check-config", env=_app_server_env(tmp_path, PLANPORTAL_THREADS="many"))
    assert result.returncode != 0
    assert "PLANPORTAL_THREADS must be a whole number" in result.stderr


def test_production_cookies_are_secure_unless_a_local_stack_says_plain_http():
    names = ("SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE")
    for https, expected in ((None, True), ("1", True), ("0", False)):
        env = {k: v for k, v in PRODUCTION_ENV.items() if k != "PLANPORTAL_HTTPS"}
        if https is not None:
            env["PLANPORTAL_HTTPS"] = https
        assert production_settings(env, names) == dict.fromkeys(names, expected), https
