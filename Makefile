# The documented commands. `make run` and `make test` work on a fresh clone.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000
# Extra pytest arguments, e.g. make test ARGS="-k mandate -x"
ARGS ?=

.PHONY: run serve test test-fast node-tools lint format messages check-messages audit-demo bench drill clean

# $(call WITH_WORKER,server command): the server, and beside it the background worker that
# runs large imports (core/imports/jobs.py); Ctrl-C, or a TERM sent to make, stops both.
define WITH_WORKER
$(PY) manage.py db_worker --no-reload & worker=$$!; $(1) & server=$$!; \
	trap 'kill $$server $$worker 2>/dev/null' INT TERM; wait $$server; status=$$?; kill $$worker 2>/dev/null; exit $$status
endef

## run: install, migrate the database, load demo data once, print demo logins, serve on http://$(HOST)
run: $(VENV)/.runtime-installed .env
	$(PY) manage.py migrate --noinput
	@echo "Loading the demo data if the database has none..."
	$(PY) manage.py seed_demo --if-empty
	$(PY) manage.py demo_users --host $(HOST)
	$(call WITH_WORKER,SERVER_PROCESSES=2 $(PY) manage.py runserver $(HOST))

## serve: production: checks, migrations, static files with hashed names, then gunicorn
## (inserm_portal/gunicorn.conf.py). Needs the production environment (see README).
## bench/serve_load.py, on loopback without TLS, passes DEPLOY_CHECK= (the plain checks).
DEPLOY_CHECK ?= --deploy --fail-level WARNING
serve: $(VENV)/.runtime-installed
	$(PY) manage.py check $(DEPLOY_CHECK)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput -v0
	$(call WITH_WORKER,$(VENV)/bin/gunicorn inserm_portal.wsgi --config inserm_portal/gunicorn.conf.py)

# Test processes (pytest-xdist), each given whole files: on two shared CPUs, two processes took
# the suite from 257 s to 189 s, and test-fast from 143 s to 88 s. TEST_WORKERS=0: one process.
TEST_WORKERS ?= 2

## test: install the test tools and run the whole suite (SQLite, or DATABASE_URL if set)
## Browser and HTML checks need Chromium, Java and npm (see README); without them they are skipped, except in CI.
test: $(VENV)/.dev-installed node-tools
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile $(ARGS)

## test-fast: the suite without the tests marked slow (servers, browser, schemathesis, demo at scale), for the edit loop
test-fast: $(VENV)/.dev-installed
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile -m "not slow" $(ARGS)

## lint: ruff, the import layers (pyproject.toml), the Django system checks and a check for missing migrations
lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	DJANGO_DEBUG=true $(PY) manage.py check
	DJANGO_DEBUG=true $(PY) manage.py makemigrations --check --dry-run

## messages: refresh the French catalogue from the code, then compile it (needs GNU gettext)
messages: $(VENV)/.dev-installed
	DJANGO_DEBUG=true $(PY) manage.py makemessages -l fr --no-location --ignore=.venv --ignore=tests
	DJANGO_DEBUG=true $(PY) manage.py compilemessages -l fr --ignore=.venv

## check-messages: fail if a string marked for translation is missing from the French catalogue
check-messages: $(VENV)/.dev-installed
	DJANGO_DEBUG=true $(PY) manage.py makemessages -l fr --no-location --ignore=.venv --ignore=tests
	$(PY) -m pytest -q tests/inserm_portal/test_translations.py
	git diff --quiet --ignore-matching-lines='POT-Creation-Date' -- locale || \
		(echo "The French catalogue is out of date: run make messages and translate." && exit 1)

## bench: load demo data at scales 1 and 100, serve it with gunicorn, drive load with wrk,
## print a table per page (see bench/README.md). E.g. make bench BENCH_ARGS="--scales 1 10 --duration 5"
BENCH_ARGS ?=
bench: $(VENV)/.runtime-installed
	@command -v wrk > /dev/null || (echo "wrk is missing: apt-get install wrk" && exit 1)
	$(PY) bench/run.py $(BENCH_ARGS)

## audit-demo: seed the demo data at each of AUDIT_SCALES into a new SQLite file and run
## manage.py audit_data on it; fails if the audit finds anything (CI runs it)
AUDIT_SCALES ?= 1 10
audit-demo: $(VENV)/.runtime-installed
	@set -e; for scale in $(AUDIT_SCALES); do \
		db=$$(mktemp -d)/audit.sqlite3; echo "== Demo data at scale $$scale: audit"; \
		export DJANGO_DEBUG=true DATABASE_URL=sqlite:///$$db; \
		$(PY) manage.py migrate --noinput -v0; $(PY) manage.py seed_demo --scale $$scale > /dev/null; \
		$(PY) manage.py audit_data; rm -rf "$$(dirname $$db)"; \
	done

## drill: the portal under load while Redis, then PostgreSQL, stop and start again (bench/drill.py);
## fails if a write is lost, a page fails while Redis is down, or the portal needs a restart
drill: $(VENV)/.runtime-installed
	@command -v wrk > /dev/null || (echo "wrk is missing: apt-get install wrk" && exit 1)
	$(PY) bench/drill.py $(DRILL_ARGS)

format: $(VENV)/.dev-installed
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime-installed: requirements.txt | $(VENV)/bin/python
	@echo "Installing the Python packages into $(VENV) (about a minute the first time)..."
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	@echo "Installing the Python packages and test tools into $(VENV) (about a minute the first time)..."
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@ $(VENV)/.runtime-installed

# axe-core and the Nu HTML checker, pinned in package-lock.json, when npm is there: without
# it, the tests that need them are skipped (they fail in CI, where CI=true).
node-tools:
	@if command -v npm > /dev/null; then $(MAKE) --no-print-directory node_modules/.installed; \
	else echo "npm is missing: the accessibility and HTML checks will be skipped (see README)"; fi

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Local development settings, written once: debug on and a random secret key.
.env:
	@echo "DJANGO_DEBUG=true" > $@
	@$(PYTHON) -c "import secrets; print('DJANGO_SECRET_KEY=' + secrets.token_urlsafe(50))" >> $@
	@echo "Wrote $@ for local development (debug on). See .env.example for every setting."

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache .ruff_cache
