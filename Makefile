# Two set-up commands for a newcomer: `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PG_URL ?= postgres://postgres@127.0.0.1:5432/ilp
HOST ?= 127.0.0.1
PORT ?= 8000
BPJS_PORT ?= 8091

.PHONY: demo test install install-test assets chromium lint test-sqlite test-postgres bench serve clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python assets
	$(BIN)/pip install --quiet -e .

install-test: $(BIN)/python assets chromium
	$(BIN)/pip install --quiet -e '.[test]'

# Front-end assets and the Kemendagri region list come from the npm registry, pinned by
# package-lock.json, and are served from node_modules by Django's static files.
assets: node_modules/.package-lock.json
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

# Browser tests drive Debian's chromium; Playwright's own browser download does not work here.
chromium:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq chromium; }

# The demo fills a month of visits once (the command skips a Puskesmas that has visits), then starts
# the local BPJS PCare stand-in (port 8091) and stops it with the server.
demo: install
	$(BIN)/ilp migrate --no-input -v 0
	$(BIN)/ilp seed-demo
	$(BIN)/ilp satusehat staff-nik --demo
	@$(BIN)/python -m ilp.stubs.bpjs_server --port $(BPJS_PORT) & stub=$$!; \
	$(BIN)/python -m ilp.satusehat.standin --port 8092 & satusehat=$$!; \
	ILP_SATUSEHAT_CLIENT_ID=demo ILP_SATUSEHAT_CLIENT_SECRET=demo ILP_SATUSEHAT_ORG_ID=100000001 $(BIN)/ilp satusehat worker & worker=$$!; \
	echo "Mengisi sebulan kunjungan contoh di latar belakang (log: var/simulate.log)..."; \
	ILP_BPJS_URL=http://127.0.0.1:$(BPJS_PORT) $(BIN)/ilp flow simulate --visits 1500 --days 30 --seed 1 > var/simulate.log 2>&1 & sim=$$!; \
	trap "kill $$stub $$satusehat $$worker $$sim 2>/dev/null" EXIT INT TERM; \
	ILP_BPJS_URL=http://127.0.0.1:$(BPJS_PORT) ILP_SATUSEHAT_ORG_ID=100000001 $(BIN)/ilp runserver $(HOST):$(PORT)

lint: install-test
	$(BIN)/ruff check ilp tests bench

# Two passes: everything that rolls back runs on both cores; tests that flush the database
# (live server, browser) run after, in one process, so they never empty another test's data.
PYTEST_PARALLEL = $(BIN)/pytest -q -n 2 -m "not serial"
PYTEST_SERIAL = $(BIN)/pytest -q -m serial

test-sqlite: install-test
	$(PYTEST_PARALLEL)
	$(PYTEST_SERIAL)

test-postgres: install-test
	DATABASE_URL=$(PG_URL) $(PYTEST_PARALLEL)
	DATABASE_URL=$(PG_URL) $(PYTEST_SERIAL)

test: lint test-sqlite test-postgres

bench: install-test
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) node_modules db.sqlite3*
