# 码上督 — `make run` starts the demo; `make test` runs the whole suite. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DEV_ENV := DEBUG=1
PYTEST_ARGS ?=

.PHONY: run test setup system system-test python-deps node-deps migrate demo serve lint typecheck \
        migrations-check pytest bench bench-quick lock clean

run: setup migrate demo serve

test: system-test setup lint typecheck migrations-check pytest

setup: system python-deps node-deps

system:
	@bin/system-packages

system-test:
	@bin/system-packages --test

python-deps: $(VENV)/.installed
$(VENV)/.installed: requirements.lock pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	touch $@

node-deps: node_modules/.installed
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

migrate:
	$(DEV_ENV) $(PY) manage.py migrate --no-input -v0
	$(DEV_ENV) $(PY) manage.py createcachetable
	$(DEV_ENV) $(PY) manage.py workcal seed
	$(DEV_ENV) $(PY) manage.py rates rebuild --if-empty

demo:
	$(DEV_ENV) $(PY) manage.py demo_county --if-empty

serve:
	$(DEV_ENV) bin/serve

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck:
	DEBUG=1 $(VENV)/bin/mypy mashangdu tests bench

migrations-check:
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

pytest:
	$(VENV)/bin/pytest -n 2 $(PYTEST_ARGS)

# The scale harness (bench/harness.py, decision 0047). `make bench`: 1,000,000 appeals into DATABASE_URL (use a
# PostgreSQL database of its own: it is flushed), load with wrk, the other benches; writes the generated section
# of docs/benchmarks.md. `make bench-quick`: small and short (CI), a database of its own, report in var/bench/.
BENCH_ARGS ?=
bench: python-deps
	@bin/system-packages --test
	$(PY) bench/harness.py --write-docs $(BENCH_ARGS)

bench-quick: python-deps
	@bin/system-packages --test
	$(PY) bench/harness.py --quick

# Re-pin requirements.lock from pyproject.toml (needs network to the package index).
lock:
	rm -rf var/lockenv && $(PYTHON) -m venv var/lockenv
	var/lockenv/bin/pip install --quiet --upgrade pip
	var/lockenv/bin/pip install --quiet ".[dev]"
	(echo "# Pinned versions of pyproject.toml's dependencies (with [dev]); regenerate with 'make lock'."; \
	 var/lockenv/bin/pip freeze --exclude-editable | grep -v '^mashangdu') > requirements.lock
	rm -rf build mashangdu.egg-info

clean:
	rm -rf $(VENV) node_modules var
