#!/usr/bin/env bash
# make stack-test: `make prod`'s stack on a throwaway database, its own ports, Redis database 2
# under a key prefix of its own and its own folder (var/stack-test), so it never meets a
# developer's `make prod`; tests/stack/ against it; then the stack stopped, the database
# dropped and the Redis keys deleted, whatever happened.
set -euo pipefail
cd "$(dirname "$0")/.."

export PROD_DIR=var/stack-test
export PROD_PORT=${STACK_PORT:-18080}
export PROD_APP_A_PORT=${STACK_APP_A_PORT:-18001}
export PROD_APP_B_PORT=${STACK_APP_B_PORT:-18002}
export PROD_FILES_PORT=${STACK_FILES_PORT:-18081}
DB=planportal_stack_$$
export DATABASE_URL=postgres://postgres@127.0.0.1:5432/$DB
export REDIS_URL=redis://127.0.0.1:6379/2
export PLANPORTAL_CACHE_KEY_PREFIX=stack-test-$$
# Low enough for the tests to reach it; the tests read it from here.
export PLANPORTAL_API_ANON_RATE=20/min
# Mail to a port nothing listens on until the test starts its SMTP server there; the first
# retries after seconds, not minutes.
export EMAIL_HOST=127.0.0.1
export EMAIL_PORT=${STACK_SMTP_PORT:-18025}
export PLANPORTAL_EMAIL_RETRY_DELAYS=2,5,5,5,5,5,5,5,5,5,5,5
export PLANPORTAL_STACK_URL=http://127.0.0.1:$PROD_PORT
export PLANPORTAL_STACK_APP_URLS=http://127.0.0.1:$PROD_APP_A_PORT,http://127.0.0.1:$PROD_APP_B_PORT

cleanup() {
    deploy/prod.sh stop || true
    dropdb -h 127.0.0.1 -U postgres --if-exists --force "$DB" || true
    redis-cli -n 2 --scan --pattern "$PLANPORTAL_CACHE_KEY_PREFIX:*" | xargs -r redis-cli -n 2 del >/dev/null || true
}
trap cleanup EXIT

rm -rf "$PROD_DIR"
start=$(date +%s)
deploy/prod.sh start
echo "make prod (fresh database): $(($(date +%s) - start)) s" >&2
.venv/bin/pytest tests/stack -q "$@"
echo "make stack-test: $(($(date +%s) - start)) s in all" >&2
