# Everyday verbs. `make run` and `make test` work on a fresh machine with Python 3.11.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/test
REDIS_TEST_URL ?= redis://127.0.0.1:6379/15
PYTEST_ARGS ?=

.PHONY: run setup install assets messages migrate seed test test-sqlite test-postgres lint format worker beat bench bench-quick clean

run: setup migrate seed
	DEBUG=true $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

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

migrate: install
	DEBUG=true $(BIN)/python manage.py migrate --no-input -v 0

seed: install
	DEBUG=true $(BIN)/python manage.py seed_demo

# The whole suite: once on SQLite, once on PostgreSQL with a real Celery worker on Redis.
test: setup test-sqlite test-postgres

test-sqlite:
	$(BIN)/pytest -m "not integration" $(PYTEST_ARGS)

# bench-quick runs on its own SQLite files whatever the test database: once (above) is enough.
test-postgres:
	DATABASE_URL=$(PG_TEST_URL) CELERY_TEST_BROKER_URL=$(REDIS_TEST_URL) $(BIN)/pytest \
		--deselect tests/test_bench_quick.py::test_bench_quick_writes_every_part $(PYTEST_ARGS)

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
	rm -rf $(VENV) node_modules static/vendor staticfiles

# Benchmarks (bench/run.py): the full run on the local PostgreSQL at default scale (seeded once,
# `BENCH_ARGS=--reseed` rebuilds it), and a tiny SQLite run that checks the harness in seconds.
bench: install
	$(BIN)/python -m bench.run $(BENCH_ARGS)

bench-quick: install
	$(BIN)/python -m bench.run --quick $(BENCH_ARGS)
