# Everyday verbs. `make run` and `make test` work on a fresh machine with Python 3.11.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/test
REDIS_TEST_URL ?= redis://127.0.0.1:6379/15
PYTEST_ARGS ?=
# Test processes per pass (pytest-xdist); `--dist loadgroup` (pyproject.toml) keeps the demo tests,
# the browser tests and the Celery broker tests each on one process.
PYTEST_WORKERS ?= 2

.PHONY: run setup install assets messages translations migrate seed test test-sqlite test-postgres lint format worker beat bench bench-quick clean

# The web server plus a real Celery worker with beat on an embedded broker (scripts/dev.sh).
run: setup migrate seed
	PORT=$(PORT) scripts/dev.sh

setup: install assets messages

install: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

# Front-end packages come from the npm registry and are served from static/vendor (not committed).
assets: static/vendor/.installed

static/vendor/.installed: package.json package-lock.json scripts/copy_assets.sh
	npm ci --no-audit --no-fund --loglevel=error
	sh scripts/copy_assets.sh
	touch $@

messages: install
	DEBUG=true $(BIN)/python manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0

# After adding or changing UI text: refresh the English catalogue (no source locations, so that
# branches touching different files do not conflict), fill the new msgstr, then `make messages`.
translations: install
	DEBUG=true $(BIN)/python manage.py makemessages -l en --no-location --ignore=.venv --ignore=node_modules -v 0

# The database cache's table too (rate limits), unless CACHE_URL points at Redis.
migrate: install
	DEBUG=true $(BIN)/python manage.py migrate --no-input -v 0
	DEBUG=true $(BIN)/python manage.py createcachetable

seed: install
	DEBUG=true $(BIN)/python manage.py seed_demo

# The whole suite: once on SQLite, once on PostgreSQL with a real Celery worker on Redis. The
# bad-input crawl of every URL (marker `crawl`, the longest part) runs on PostgreSQL only.
# (The benchmark harness end to end is `make bench-quick`, a step of its own in .ci/run.)
test: setup test-sqlite test-postgres

# $(call timed,LABEL,COMMAND): run COMMAND, then print how long it took.
timed = start=$$(date +%s); $(2); status=$$?; echo "-- $(1): $$(($$(date +%s) - start)) s"; exit $$status

test-sqlite:
	$(call timed,SQLite pass,$(BIN)/pytest -n $(PYTEST_WORKERS) -m "not integration and not crawl" $(PYTEST_ARGS))

test-postgres:
	$(call timed,PostgreSQL pass,DATABASE_URL=$(PG_TEST_URL) CELERY_TEST_BROKER_URL=$(REDIS_TEST_URL) \
		$(BIN)/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS))

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	DEBUG=true $(BIN)/mypy

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

worker: setup
	$(BIN)/celery -A songlo worker --loglevel=INFO

beat: setup
	$(BIN)/celery -A songlo beat --loglevel=INFO

clean:
	rm -rf $(VENV) node_modules static/vendor staticfiles var

# Benchmarks (bench/run.py): the full run on the local PostgreSQL at default scale (seeded once,
# `BENCH_ARGS=--reseed` rebuilds it), and a tiny SQLite run that checks the harness in seconds.
bench: install
	$(BIN)/python -m bench.run $(BENCH_ARGS)

bench-quick: install
	$(BIN)/python -m bench.run --quick $(BENCH_ARGS)
