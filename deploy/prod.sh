#!/usr/bin/env bash
# The whole production stack on one machine, from a fresh clone (`make prod` calls this):
#
#   deploy/prod.sh start     build, release, start every process, wait until it answers
#   deploy/prod.sh stop      stop every process it started (idempotent)
#   deploy/prod.sh status    which processes run
#   deploy/prod.sh manage …  manage.py with the stack's environment (e.g. createsuperuser)
#
# Everything it writes goes under PROD_DIR (var/prod): pid files, logs, the rendered Varnish and
# nginx configurations, the generated SECRET_KEY (0600, once), media. The environment it reads,
# with its defaults, is the block below; `make prod` passes the Makefile's PROD_* variables.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

PROD_DIR=$(realpath -m "${PROD_DIR:-var/prod}")
PROD_PORT=${PROD_PORT:-8080}
PROD_APP_A_PORT=${PROD_APP_A_PORT:-8001}
PROD_APP_B_PORT=${PROD_APP_B_PORT:-8002}
PROD_FILES_PORT=${PROD_FILES_PORT:-8081}
export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/planportal}
export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/1}
export MEDIA_ROOT=$(realpath -m "${MEDIA_ROOT:-$PROD_DIR/media}")
PYTHON=$ROOT/.venv/bin/python
PROCESSES=(varnish nginx app-a app-b worker scheduler)

log() { printf '%s\n' "$*" >&2; }

environment() {
    # The app's environment: production settings, behind one proxy (Varnish) on plain http.
    export DJANGO_SETTINGS_MODULE=cms.settings.production
    export SECRET_KEY
    SECRET_KEY=$(cat "$PROD_DIR/secret_key")
    export ALLOWED_HOSTS=${ALLOWED_HOSTS:-127.0.0.1,localhost}
    export WAGTAILADMIN_BASE_URL=${WAGTAILADMIN_BASE_URL:-http://127.0.0.1:$PROD_PORT}
    export CSRF_TRUSTED_ORIGINS=${CSRF_TRUSTED_ORIGINS:-http://127.0.0.1:$PROD_PORT,http://localhost:$PROD_PORT}
    export PLANPORTAL_FRONTEND_CACHE_URLS=${PLANPORTAL_FRONTEND_CACHE_URLS:-http://127.0.0.1:$PROD_PORT}
    export PLANPORTAL_API_NUM_PROXIES=1
    export FORWARDED_ALLOW_IPS=127.0.0.1
    # Local stack on http: cookies without Secure (browsers drop Secure cookies over http).
    export PLANPORTAL_HTTPS=${PLANPORTAL_HTTPS:-0}
    export PYTHONUNBUFFERED=1
}

pidfile() { echo "$PROD_DIR/$1.pid"; }

running() {
    local pid
    [[ -f $(pidfile "$1") ]] || return 1
    pid=$(cat "$(pidfile "$1")")
    kill -0 "$pid" 2>/dev/null
}

launch() {
    # launch NAME COMMAND…: in the background, its output in PROD_DIR/NAME.log, its pid kept.
    local name=$1
    shift
    if running "$name"; then
        log "$name runs already (pid $(cat "$(pidfile "$name")"))"
        return
    fi
    setsid "$@" >>"$PROD_DIR/$name.log" 2>&1 </dev/null &
    echo $! >"$(pidfile "$name")"
    log "started $name (pid $!), log $PROD_DIR/$name.log"
}

stop_one() {
    local name=$1 pid
    running "$name" || { rm -f "$(pidfile "$name")"; return 0; }
    pid=$(cat "$(pidfile "$name")")
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
        log "$name (pid $pid) did not stop in 10 s: killed"
        kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$(pidfile "$name")"
    log "stopped $name"
}

require_packages() {
    # Debian's varnish, nginx and wrk (the benchmark's load generator), like `make browser`.
    local missing=()
    command -v varnishd >/dev/null || [[ -x /usr/sbin/varnishd ]] || missing+=(varnish)
    command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || missing+=(nginx-light)
    command -v wrk >/dev/null || missing+=(wrk)
    command -v envsubst >/dev/null || missing+=(gettext-base)
    command -v pg_isready >/dev/null || missing+=(postgresql-client)
    command -v redis-cli >/dev/null || missing+=(redis-tools)
    if ((${#missing[@]})); then
        log "installing ${missing[*]}"
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
}

ensure_services() {
    # Local PostgreSQL and Redis must answer; the database is created if missing.
    local db admin
    db=$("$PYTHON" -c 'import sys, urllib.parse as u; print(u.urlsplit(sys.argv[1]).path.lstrip("/"))' "$DATABASE_URL")
    admin=$("$PYTHON" -c 'import sys, urllib.parse as u; print(u.urlsplit(sys.argv[1])._replace(path="/postgres").geturl())' "$DATABASE_URL")
    if ! psql "$admin" -Atqc 'SELECT 1' >/dev/null 2>&1; then
        log "PostgreSQL does not answer at $admin: start it (see README, Drift)"
        exit 1
    fi
    if [[ -z $(psql "$admin" -Atqc "SELECT 1 FROM pg_database WHERE datname = '$db'") ]]; then
        psql "$admin" -qc "CREATE DATABASE \"$db\"" && log "created database $db"
    fi
    if [[ $(redis-cli -u "$REDIS_URL" ping 2>/dev/null) != PONG ]]; then
        log "Redis does not answer at $REDIS_URL: start it (see README, Drift)"
        exit 1
    fi
}

secret_key() {
    local file=$PROD_DIR/secret_key
    [[ -s $file ]] && return
    (umask 077 && "$PYTHON" -c 'import secrets; print(secrets.token_urlsafe(50))' >"$file")
    log "generated $file"
}

render() {
    # render TEMPLATE OUTPUT: only the named variables are replaced ($ in regexes stays).
    PROD_DIR=$PROD_DIR PROD_APP_A_PORT=$PROD_APP_A_PORT PROD_APP_B_PORT=$PROD_APP_B_PORT \
        PROD_FILES_PORT=$PROD_FILES_PORT STATIC_ROOT=$ROOT/var/static \
        envsubst '${PROD_DIR} ${PROD_APP_A_PORT} ${PROD_APP_B_PORT} ${PROD_FILES_PORT} ${PLANPORTAL_MAX_REQUEST_BYTES} ${MEDIA_ROOT} ${STATIC_ROOT}' \
        <"$1" >"$2"
}

manage() { "$PYTHON" manage.py "$@"; }

plan_is_missing() {
    # True on a database without content: no page beyond Wagtail's own root and welcome page.
    manage shell -c '
import sys
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page
generic = ContentType.objects.get_for_model(Page)
sys.exit(1 if Page.objects.exclude(content_type=generic).exists() else 0)
'
}

build_and_release() {
    manage collectstatic --noinput --verbosity 0
    manage migrate --no-input
    manage sync_locales
    if plan_is_missing; then
        log "empty database: loading the plan"
        manage load_plan
    else
        log "the database holds a plan: not loading it (make load does, leaving editors' work alone)"
    fi
}

start() {
    require_packages
    mkdir -p "$PROD_DIR"/nginx/tmp "$PROD_DIR"/ceiling "$MEDIA_ROOT"
    secret_key
    ensure_services
    environment
    build_and_release

    # The front's request limit from the application's settings, the one place it is set.
    PLANPORTAL_MAX_REQUEST_BYTES=$(manage upload_limit)
    export PLANPORTAL_MAX_REQUEST_BYTES
    render deploy/varnish.vcl.template "$PROD_DIR/varnish.vcl"
    render deploy/nginx.conf.template "$PROD_DIR/nginx.conf"

    local gunicorn=("$ROOT/.venv/bin/gunicorn" -c cms/gunicorn.conf.py cms.wsgi:application)
    PLANPORTAL_BIND=127.0.0.1:$PROD_APP_A_PORT launch app-a "${gunicorn[@]}"
    PLANPORTAL_BIND=127.0.0.1:$PROD_APP_B_PORT launch app-b "${gunicorn[@]}"
    launch worker "$PYTHON" manage.py db_worker
    launch scheduler "$PYTHON" manage.py run_scheduler
    launch nginx "$(command -v nginx || echo /usr/sbin/nginx)" -p "$PROD_DIR/nginx" -e "$PROD_DIR/nginx/error.log" -c "$PROD_DIR/nginx.conf"
    launch varnish "$(command -v varnishd || echo /usr/sbin/varnishd)" -F -j none -n "$PROD_DIR/varnish" \
        -a "127.0.0.1:$PROD_PORT" -T 127.0.0.1:0 -f "$PROD_DIR/varnish.vcl" -s malloc,256m

    local url=http://127.0.0.1:$PROD_PORT
    for _ in $(seq 1 120); do
        if [[ $(curl -s -o /dev/null -w '%{http_code}' "$url/readyz") == 200 ]]; then
            log ""
            log "Planportal (production settings) answers through the cache: $url/"
            log "  app servers   http://127.0.0.1:$PROD_APP_A_PORT/  http://127.0.0.1:$PROD_APP_B_PORT/"
            log "  file server   http://127.0.0.1:$PROD_FILES_PORT/media/  /static/"
            log "  admin         $url/admin/  (an account: deploy/prod.sh manage createsuperuser)"
            log "  logs, pids    $PROD_DIR/"
            return
        fi
        for name in "${PROCESSES[@]}"; do
            running "$name" || { log "$name stopped; its log:"; tail -n 30 "$PROD_DIR/$name.log" >&2; stop; exit 1; }
        done
        sleep 0.5
    done
    log "$url/readyz did not answer 200 within 60 s"
    curl -s "$url/readyz" >&2 || true
    exit 1
}

stop() {
    local name
    for name in "${PROCESSES[@]}"; do
        stop_one "$name"
    done
}

status() {
    local name
    for name in "${PROCESSES[@]}"; do
        if running "$name"; then
            echo "$name: runs (pid $(cat "$(pidfile "$name")"))"
        else
            echo "$name: stopped"
        fi
    done
}

case ${1:-} in
start) stop && start ;;
stop) stop ;;
status) status ;;
manage)
    shift
    environment
    manage "$@"
    ;;
*)
    log "usage: $0 start|stop|status|manage …"
    exit 2
    ;;
esac
