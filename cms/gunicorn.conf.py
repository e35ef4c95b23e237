"""Gunicorn's configuration for Planportal's app servers.

    gunicorn -c cms/gunicorn.conf.py cms.wsgi:application

run from the checkout's root (cms.wsgi defaults to cms.settings.production). What differs
between machines comes from the environment, defaults in brackets:

- PLANPORTAL_BIND [127.0.0.1:8001]: the address(es, comma-separated) to listen on, behind
  the HTTP cache or proxy.
- WEB_CONCURRENCY [2]: worker processes (Gunicorn's own variable for them).
- PLANPORTAL_THREADS [4]: threads per worker (Gunicorn's gthread workers); each thread holds
  its own database connection (CONN_MAX_AGE), so a server opens up to workers × threads.
- PLANPORTAL_TIMEOUT [30]: seconds a worker may stay silent before it is killed and replaced.
- FORWARDED_ALLOW_IPS [127.0.0.1,::1]: the proxies whose X-Forwarded-* headers Gunicorn
  trusts, comma-separated (Gunicorn's own variable; "*" trusts any, only behind a firewall).

The access log goes to stdout, Gunicorn's and the application's own logging to stderr.
"""

import gc

from cms.settings.environment import env_int, env_list

bind = env_list("PLANPORTAL_BIND") or ["127.0.0.1:8001"]
workers = env_int("WEB_CONCURRENCY", 2)
worker_class = "gthread"
threads = env_int("PLANPORTAL_THREADS", 4)
timeout = env_int("PLANPORTAL_TIMEOUT", 30)
# Workers finish the requests they hold for as long as a request may take.
graceful_timeout = timeout
# Longer than Gunicorn's 2 s: the proxy in front reuses its connections to us.
keepalive = 5
forwarded_allow_ips = ",".join(env_list("FORWARDED_ALLOW_IPS")) or "127.0.0.1,::1"

# The application is loaded once, in the master, and the workers are forked from it: they share
# its memory (Django, Wagtail and our code) until they write to it, instead of each loading a
# copy. A new release therefore needs a restart of the master (not a HUP of the workers).
preload_app = True


def pre_fork(server, worker):
    """Move what the loaded application allocated out of the garbage collector's sight.

    A collection in a worker would otherwise touch (and so copy) every shared object's header:
    frozen, they stay shared between the master and its workers.
    """
    gc.collect()
    gc.freeze()


def post_fork(server, worker):
    """A worker opens database connections of its own, never one inherited from the master."""
    from django.db import connections

    connections.close_all()


accesslog = "-"
# Gunicorn's default format plus the time each request took, in milliseconds.
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms'
errorlog = "-"
