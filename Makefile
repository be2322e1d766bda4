# CHANCE case manager. `make run` for the embedded demo, `make test` for the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format bench check clean vendor messages

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(DEV_STAMP): requirements.txt requirements-dev.txt $(STAMP)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

# The Spanish and Haitian Creole catalogues: collect the marked strings, then (after translating
# the new entries in locale/*/LC_MESSAGES/django.po) compile. Needs GNU gettext.
messages: $(DEV_STAMP)
	$(PY) manage.py makemessages  # chance/management/commands/makemessages.py: languages, ignores
	$(PY) manage.py compilemessages --ignore='.venv/*'

# Embedded mode: SQLite + file-system broker under var/, demo data, one worker with beat.
run: $(STAMP)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@echo "Serving on http://$(HOST):$(PORT)/ (Ctrl-C stops the web server and the worker)"
	@trap 'kill 0' INT TERM EXIT; \
	$(VENV)/bin/celery -A chance worker --beat --loglevel=info --pool=solo & \
	$(PY) manage.py runserver $(HOST):$(PORT) --noreload

lint: $(DEV_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-logo

format: $(DEV_STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# The checks read the embedded settings even when DATABASE_URL points the tests elsewhere
# (with it set and DEBUG off, the settings rightly demand a real SECRET_KEY).
check: $(DEV_STAMP)
	env -u DATABASE_URL -u REDIS_URL $(PY) manage.py check
	env -u DATABASE_URL -u REDIS_URL $(PY) manage.py makemigrations --check --dry-run

test: lint check
	$(VENV)/bin/pytest $(PYTEST_ARGS)

bench: $(DEV_STAMP)
	$(PY) -m benchmarks --youths $(or $(YOUTHS),10000)

# The design system's compiled files are committed; this refreshes them from npm's registry at the
# version pinned in the script, checking the release's SHA-512 first.
vendor: | $(PY)
	$(PY) scripts/vendor_uswds.py

clean:
	rm -rf var/chance.sqlite3 var/broker var/celerybeat-schedule
