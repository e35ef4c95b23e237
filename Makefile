.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
# The site's public address, from HOST and PORT: `load` gives the default Wagtail site this
# host and port, so every absolute URL (sitemap, API, e-mails, the demo-account line) uses
# it. `make run PORT=8100` serves and links on 8100. Set WAGTAILADMIN_BASE_URL to override.
BASE_URL ?= $(or $(WAGTAILADMIN_BASE_URL),http://$(HOST):$(PORT))
# Test processes in parallel (pytest-xdist); each gets its own test database.
PYTEST_WORKERS ?= 2
BACKUP_DIR ?= var/backups
# The production stack on this machine (make prod): Varnish on PROD_PORT in front of two app
# servers, nginx for files; pids, logs and its SECRET_KEY in PROD_DIR. DATABASE_URL and
# REDIS_URL pick the database and Redis (defaults in deploy/prod.sh).
PROD_PORT ?= 8080
PROD_APP_A_PORT ?= 8001
PROD_APP_B_PORT ?= 8002
PROD_FILES_PORT ?= 8081
PROD_DIR ?= var/prod
PROD_ENV = PROD_PORT=$(PROD_PORT) PROD_APP_A_PORT=$(PROD_APP_A_PORT) PROD_APP_B_PORT=$(PROD_APP_B_PORT) \
	PROD_FILES_PORT=$(PROD_FILES_PORT) PROD_DIR=$(PROD_DIR)

PY_SOURCES := cms api core home plan_pages snippets images roles accounts two_factor moderation languages plan_loading backups edge archive webhooks tests bench manage.py

.PHONY: prod prod-stop prod-status stack-test help run test lint format check pytest bench install node browser pdf-deps messages migrate load accounts backup restore clean

help: ## Show this help
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | \
		awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-10s\033[0m %s\n", $$1, $$2}'

run: install node pdf-deps messages migrate load accounts ## Build everything, load the plan and serve http://127.0.0.1:8000/ (PORT=8100 for another port), with the task worker
	@# The task worker beside runserver; --reload runs it in a child, stopped with it on exit.
	WAGTAILADMIN_BASE_URL=$(BASE_URL) $(MANAGE) db_worker --reload & worker=$$!; \
	trap 'pkill -P $$worker; kill $$worker 2>/dev/null' EXIT; \
	WAGTAILADMIN_BASE_URL=$(BASE_URL) $(MANAGE) runserver $(HOST):$(PORT)

prod: install node pdf-deps messages ## Production stack: Varnish http://127.0.0.1:8080/ → 2 gunicorns, nginx, task worker, scheduler (restarts it)
	$(PROD_ENV) deploy/prod.sh start

prod-stop: ## Stop every process of make prod (idempotent)
	$(PROD_ENV) deploy/prod.sh stop

prod-status: ## Which processes of make prod run
	$(PROD_ENV) deploy/prod.sh status

stack-test: install node pdf-deps messages ## make prod on a throwaway database and other ports, the stack tests against it, then stop and drop
	deploy/stack-test.sh

test: install node browser messages lint check pytest ## Lint, Django checks and the whole test suite

install: $(VENV)/.installed ## Create .venv with the pinned requirements

$(VENV)/.installed: requirements.txt constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip==26.3
	$(BIN)/pip install --quiet -r requirements.txt -c constraints.txt
	touch $@

node: node_modules/.installed ## Install Designsystemet CSS and axe-core from package-lock.json

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

browser: ## Install Debian's Chromium for the browser tests, if missing
	@command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }

# WeasyPrint's libraries (pango), fonts for every published language (Noto: Latin, Cyrillic,
# Arabic, Ethiopic for Tigrinya) and poppler's pdftotext (the PDF tests read the text).
PDF_DEBIAN_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-core poppler-utils

pdf-deps: ## Install Debian's libraries and fonts for the plan's PDFs (WeasyPrint), if missing
	@dpkg -s $(PDF_DEBIAN_PACKAGES) >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq $(PDF_DEBIAN_PACKAGES) >/dev/null; }

messages: install ## Compile the interface translations (locale/*/LC_MESSAGES/django.mo)
	@command -v msgfmt >/dev/null || { apt-get update -qq && apt-get install -y -qq gettext >/dev/null; }
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules --verbosity 0

migrate: install ## Apply database migrations
	@mkdir -p var
	$(MANAGE) migrate --no-input

load: install ## Create the languages and load the plan with its translations (idempotent)
	$(MANAGE) sync_locales
	WAGTAILADMIN_BASE_URL=$(BASE_URL) $(MANAGE) load_plan

accounts: install ## Create one demo account per group and print the passwords
	WAGTAILADMIN_BASE_URL=$(BASE_URL) $(MANAGE) create_demo_accounts

backup: install ## Database and media in one archive, var/backups/planportal-<time>.zip (BACKUP_DIR=… elsewhere)
	$(MANAGE) backup --dir "$(BACKUP_DIR)"

restore: install ## Restore FILE=<archive> into an empty database (DATABASE_URL picks it)
	@test -n "$(FILE)" || { echo "Bruk: make restore FILE=var/backups/planportal-….zip" >&2; exit 2; }
	@mkdir -p var
	$(MANAGE) restore "$(FILE)"

lint: install ## Ruff (lint and format), djhtml, and the apps' one-way layers (import-linter)
	$(BIN)/lint-imports --no-cache
	$(BIN)/ruff check $(PY_SOURCES)
	$(BIN)/ruff format --check $(PY_SOURCES)
	find templates -name '*.html' -print0 | xargs -0 $(BIN)/djhtml --check

format: install ## Reformat Python and templates
	$(BIN)/ruff check --fix $(PY_SOURCES)
	$(BIN)/ruff format $(PY_SOURCES)
	find templates -name '*.html' -print0 | xargs -0 $(BIN)/djhtml

check: install ## manage.py check and makemigrations --check
	DJANGO_SETTINGS_MODULE=cms.settings.test $(MANAGE) check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=cms.settings.test $(MANAGE) makemigrations --check --dry-run

pytest: install node browser pdf-deps messages ## Run the test suite (DATABASE_URL picks the database; PYTEST_WORKERS=1 for one process)
	$(BIN)/pytest -n $(PYTEST_WORKERS)

bench: install node ## Benchmarks: rendering and query counts in-process, then make prod's stack under wrk (ratios to nginx)
	DJANGO_SETTINGS_MODULE=cms.settings.test $(BIN)/python -m bench
	@# wrk asks from one address: the anonymous API rate limit would answer it 429 within a second.
	PLANPORTAL_API_ANON_RATE=10000000/min $(MAKE) prod
	$(PROD_ENV) $(BIN)/python -m bench.http

clean: ## Remove the virtualenv, node_modules and local data
	rm -rf $(VENV) node_modules var
