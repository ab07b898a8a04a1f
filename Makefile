# The two set-up commands: `make demo` and `make test`; `make check` is the quick tier for
# daily work. Everything else is a helper.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
export PIP_DISABLE_PIP_VERSION_CHECK = 1

.PHONY: demo test check install lint format

$(PY):
	$(PYTHON) -m venv $(VENV)

# Installs only when pyproject.toml changed since the last install: reinstalling rewrites
# the editable install's finder module in .venv, which a running demo's autoreloader
# watches, so `make test` beside `make demo` would restart the demo.
install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

## Demo at http://127.0.0.1:8000, or DEMO_ADDRPORT (`make demo DEMO_ADDRPORT=8001`) (DEBUG on, local only) on DATABASE_URL when set, otherwise
## on the embedded PostgreSQL in .pgdata/ (scripts/devdb.py; it keeps running afterwards).
demo: install
	PY=$(PY) DEMO_ADDRPORT=$(DEMO_ADDRPORT) bash scripts/demo.sh

## Lint, checks and the whole suite on DATABASE_URL when it answers, otherwise on the
## embedded PostgreSQL; installs Debian's Chromium for the browser tests when missing.
test: install
	PY=$(PY) bash scripts/test.sh

## The quick tier: the same checks and every test but the browser, deploy, loadtest and
## slow ones, on every CPU. Installs only when the venv lacks the dev packages.
check: $(PY)
	$(PY) -c "import django, pytest, xdist" 2>/dev/null || $(MAKE) install
	PY=$(PY) bash scripts/test.sh --quick

lint:
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format:
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .
