"""Production with REDIS_URL: the cache, sessions and the API's rate limit live in Redis.

Real OS processes with production settings against a committed copy of the test database
(tests.processes), each serving requests with Django's test client on command from stdin, as
separate workers of one installation would. They share the Redis on 127.0.0.1:6379 under a key
prefix (PLANPORTAL_CACHE_KEY_PREFIX) of this test's own, whose keys are deleted afterwards.
"""

import secrets
import uuid

import pytest
import redis
from django.contrib.sessions.backends.cache import KEY_PREFIX as SESSION_KEY_PREFIX
from django.core.cache.backends.base import default_key_func
from rest_framework.throttling import AnonRateThrottle

from api.prefix import ENDPOINTS_PREFIX
from cms.settings.environment import RENAMED_VARIABLES
from tests.processes import LineWorker, database_copy, finish, manage

pytestmark = pytest.mark.django_db

# The last of Redis's 16 default databases, out of the way of a local installation's; the key
# prefix keeps concurrent test runs apart as well.
REDIS_URL = "redis://127.0.0.1:6379/15"
PUBLIC_URL = f"{ENDPOINTS_PREFIX}pages/?locale=nb"
ANON_RATE = "5/min"
# Django's test client's REMOTE_ADDR: the address the anonymous rate limit counts.
CLIENT_ADDRESS = "127.0.0.1"

# Serves one request per line of stdin ({"method", "url", "data", "cookies"}) with one client
# (its cookies kept between requests), answers with a line of JSON.
WORKER = """
import json, sys
from django.test import Client

client = Client()
for line in sys.stdin:
    command = json.loads(line)
    for name, value in command.get("cookies", {}).items():
        client.cookies[name] = value
    if command["method"] == "post":
        response = client.post(command["url"], command.get("data", {}))
    else:
        response = client.get(command["url"])
    answer = {
        "status": response.status_code,
        "cookies": {name: morsel.value for name, morsel in response.cookies.items()},
        "body": response.content.decode(errors="replace")[:2000],
    }
    sys.stdout.write(json.dumps(answer) + "\\n")
    sys.stdout.flush()
"""


class Worker(LineWorker):
    def __init__(self, env):
        super().__init__(env, WORKER)

    def request(self, method, url, data=None, cookies=None) -> dict:
        return self.ask(
            {"method": method, "url": url, "data": data or {}, "cookies": cookies or {}}
        )


@pytest.fixture
def redis_client():
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.ConnectionError:
        pytest.skip("no Redis answers on 127.0.0.1:6379 (start redis-server to run these tests)")
    yield client
    client.close()


@pytest.fixture
def key_prefix(redis_client):
    """A key prefix of this test's own; every key under it is deleted afterwards."""
    prefix = f"planportal-test-{uuid.uuid4().hex}"
    yield prefix
    for key in redis_client.scan_iter(match=f"{prefix}:*"):
        redis_client.delete(key)


def cache_key(prefix: str, key: str) -> str:
    """The Redis key Django's cache stores `key` under (default KEY_FUNCTION, version 1)."""
    return default_key_func(key, prefix, 1)


@pytest.fixture
def production_env(key_prefix):
    """Production settings, REDIS_URL and the test's key prefix, on a copy of the database."""
    with database_copy() as env:
        env = {k: v for k, v in env.items() if k not in RENAMED_VARIABLES}
        yield {
            **env,
            "DJANGO_SETTINGS_MODULE": "cms.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "testserver",
            # The test client asks over plain http: no redirect to https (tests/test_security_headers.py).
            "PLANPORTAL_HTTPS": "0",
            # Signed in with the password alone: production's second factor is not the point
            # here (tests/test_two_factor.py, and tests/stack/ with it on).
            "PLANPORTAL_2FA_REQUIRED_GROUPS": "",
            "PLANPORTAL_2FA_REQUIRED_FOR_SUPERUSERS": "0",
            "REDIS_URL": REDIS_URL,
            "PLANPORTAL_CACHE_KEY_PREFIX": key_prefix,
            "PLANPORTAL_API_ANON_RATE": ANON_RATE,
        }


@pytest.fixture
def workers(production_env):
    started = [Worker(production_env) for _ in range(2)]
    yield started
    for worker in started:
        finish(worker.process)  # closes its stdin: the worker's loop ends


def test_production_with_redis_serves_and_keeps_cache_and_sessions_in_redis(
    production_env, workers, redis_client, key_prefix
):
    first, second = workers
    public = first.request("get", PUBLIC_URL)
    assert public["status"] == 200, public["body"]
    # The rate limit's count of this client is a cache entry, in Redis.
    throttle = AnonRateThrottle()
    counter = throttle.cache_format % {"scope": throttle.scope, "ident": CLIENT_ADDRESS}
    assert redis_client.exists(cache_key(key_prefix, counter))

    # An editor signs in through one worker; the session is in Redis and the other worker knows it.
    username, password = "redis-editor", secrets.token_urlsafe(16)
    manage(
        {**production_env, "DJANGO_SUPERUSER_PASSWORD": password},
        "createsuperuser",
        "--noinput",
        "--username",
        username,
        "--email",
        "redis-editor@example.no",
    )
    admin_api = "/admin/api/main/pages/"
    assert second.request("get", admin_api)["status"] != 200  # signed out, the admin API refuses
    login = first.request("post", "/admin/login/", {"username": username, "password": password})
    assert login["status"] == 302, login["body"]
    session_id = login["cookies"]["sessionid"]
    assert redis_client.exists(cache_key(key_prefix, SESSION_KEY_PREFIX + session_id))
    signed_in = second.request("get", admin_api, cookies={"sessionid": session_id})
    assert signed_in["status"] == 200, signed_in["body"]


def test_the_anonymous_rate_limit_holds_across_processes_sharing_redis(workers):
    allowed, _duration = AnonRateThrottle().parse_rate(ANON_RATE)
    statuses = [workers[i % 2].request("get", PUBLIC_URL)["status"] for i in range(2 * allowed)]
    # Per-process counts would let `allowed` requests through each worker: all of these.
    assert statuses == [200] * allowed + [429] * allowed
