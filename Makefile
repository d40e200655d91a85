# Huisbezoek — the two commands are `make run` and `make test`; the rest are helpers.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements/*.txt | sha1sum | cut -c1-12)
MANAGE := $(BIN)/python manage.py
# The web server's port: the environment's or .env's WEB_PORT (as the Procfile and settings read it), else 8000.
WEB_PORT ?= $(or $(shell sed -n 's/^WEB_PORT=\([0-9]*\).*/\1/p' .env 2>/dev/null | tail -n 1),8000)

# Parallel pytest processes for `make test` (pytest-xdist, at most 12: one Redis cache database
# each, see huisbezoek/settings_test.py); `make test TEST_WORKERS=0` runs serially.
TEST_WORKERS ?= auto

.PHONY: run test test-worker e2e test-all install messages migrate demo lint format typecheck migrations-check deploy-check bench load clean help

help:
	@echo "make run          - install, migrate, load the demo school, start web + worker + beat on http://127.0.0.1:$(WEB_PORT)"
	@echo "make test         - install if needed and run the unit and integration tests in parallel (no browser, no worker processes)"
	@echo "make test-worker  - the tests that start real Celery worker processes (file-system broker; Redis too if it answers)"
	@echo "make e2e          - the browser journeys (Playwright + Chromium)"
	@echo "make test-all     - all three of the above, as CI runs them"
	@echo "make bench        - the benchmark: pages vs their own SQL, PDFs, HTTP via gunicorn, reminders via real workers (README: Benchmarks)"
	@echo "make load         - locust against gunicorn at board scale: 1, 10 and 50 users (LOAD_SECONDS each, default 30)"
	@echo "make lint | format | typecheck | migrations-check | deploy-check | clean"

$(STAMP):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found " + sys.version.split()[0] + "). Run: make PYTHON=python3.11 ...")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check pip==26.3
	$(BIN)/python -m pip install --quiet --disable-pip-version-check \
		--build-constraint requirements/build-constraints.txt -r requirements.txt
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

install: $(STAMP)

messages: install
	$(MANAGE) compile_translations

migrate: install
	$(MANAGE) migrate --noinput

demo: migrate
	$(MANAGE) seed_demo --if-empty

run: messages demo
	@echo ""
	@echo "Huisbezoek runs at http://127.0.0.1:$(WEB_PORT) (web server, Celery worker and beat; Ctrl+C stops all three)."
	WEB_PORT=$(WEB_PORT) $(BIN)/honcho -f Procfile.dev start

test: messages
	$(BIN)/pytest -m "not e2e and not integration" -n $(TEST_WORKERS) --maxprocesses 12 --dist loadgroup

test-worker: messages
	$(BIN)/pytest -m integration

e2e: messages
	CI=true $(BIN)/pytest e2e

test-all: test test-worker e2e

bench: messages
	$(BIN)/python -m bench

load: messages
	$(BIN)/python -m bench.load

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

typecheck: install
	$(BIN)/mypy

migrations-check: install
	$(MANAGE) makemigrations --check --dry-run

# Production mode with throw-away values: must pass Django's deployment checklist with no warning.
deploy-check: install
	HUISBEZOEK_ENV=production ALLOWED_HOSTS=huisbezoek.example.org EMAIL_URL=smtp+tls://mail.example.org:587 \
	SITE_URL=https://huisbezoek.example.org \
	SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(60))') \
	FIELD_ENCRYPTION_KEYS=$$($(BIN)/python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())') \
	DATABASE_URL=sqlite:///:memory: $(MANAGE) check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .mypy_cache
