# The two commands users need:  `make run`  and  `make test`.  See README.md.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run setup test e2e e2e-install bench system-packages venv lock lint typecheck format messages check clean

## Set everything up (system packages, venv, database, demo data) and serve on http://127.0.0.1:8000
run: setup
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

setup: system-packages venv
	$(BIN)/python manage.py compilemessages --ignore=.venv -v0 || echo "compilemessages skipped: gettext is missing; using the committed .mo files"
	$(BIN)/python manage.py collectstatic --noinput -v0
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py demo

## Run the whole test suite (SQLite by default; set DATABASE_URL / REDIS_URL for PostgreSQL / Redis)
test: venv
	$(BIN)/pytest $(PYTEST_ARGS)

## The browser journeys (tests/e2e): Playwright drives Debian's chromium against gunicorn, a Celery
## worker, PostgreSQL and Redis with the demo data. E2E_DOCS=1 also refreshes the README's
## screenshots in docs/. Failures leave screenshots, traces and server logs in e2e-artifacts/.
e2e: venv e2e-install
	$(BIN)/pytest -m e2e tests/e2e -p no:cacheprovider $(PYTEST_ARGS)

## chromium from apt (Playwright's own browser download is never used) and axe-core from npm
e2e-install:
	@command -v chromium >/dev/null || { \
		if [ "$$(id -u)" = 0 ]; then apt-get install -y -qq --no-install-recommends chromium; \
		else sudo -n apt-get install -y -qq --no-install-recommends chromium; fi; }
	@test -f tests/e2e/node_modules/.package-lock.json -a tests/e2e/node_modules/.package-lock.json -nt tests/e2e/package-lock.json \
		|| (cd tests/e2e && npm ci --no-audit --no-fund --silent)

## The province benchmark (bench/README in README.md, "Running a province"): build a province at
## SCALE (1 = 10,000 workrooms, 2,000,000 requests) on PostgreSQL, then measure it over HTTP.
## BENCH_ARGS=--quick for a short run; results go into BENCH_OUT under the label SCALE.
SCALE ?= 0.01
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/province
BENCH_OUT ?= bench/RESULTS.md
bench: venv
	@command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk"; exit 1; }
	$(BIN)/python bench/province.py --scale $(SCALE) --database-url $(BENCH_DATABASE_URL)
	$(BIN)/python bench/run.py --database-url $(BENCH_DATABASE_URL) --out $(BENCH_OUT) \
		--label "scale $(SCALE)" $(BENCH_ARGS)

system-packages:
	@PYTHON=$(PYTHON) bash scripts/system-packages.sh

## The virtual environment, installed from the lock: every package pinned and checked by hash
venv: $(VENV)/.installed

$(VENV)/.installed: requirements-dev.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-dev.lock
	touch $@

## Re-lock after changing the dependencies in pyproject.toml (keeps every other pin;
## LOCK_ARGS="--upgrade-package django" or LOCK_ARGS=--upgrade to move pins on purpose).
## The dev lock is the runtime lock plus the tools, constrained by it so both pin the same.
lock: venv
	CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/pip-compile --quiet $(LOCK_ARGS) \
		--output-file requirements.lock pyproject.toml
	CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/pip-compile --quiet $(LOCK_ARGS) --extra dev \
		--constraint requirements.lock --output-file requirements-dev.lock pyproject.toml

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python scripts/check_lock.py
	$(BIN)/python scripts/check_test_asserts.py
	$(BIN)/lint-imports

## Type-check the modules listed in pyproject.toml ([tool.mypy] files)
typecheck: venv
	$(BIN)/mypy

format: venv
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## Re-extract and compile translations after changing user-facing text
messages: venv
	$(BIN)/python manage.py makemessages -l zh_Hans --ignore=.venv --ignore=staticfiles --ignore=tests --no-obsolete --no-location
	$(BIN)/python manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) staticfiles
