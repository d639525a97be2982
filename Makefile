# Contained: the two commands a person needs are `make run` and `make test`.
# Everything is installed into .venv with the Python named in .python-version (3.12).

SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
WANT_PYTHON := $(shell cat .python-version)
# pyenv (when present) picks the version from .python-version; otherwise look for python3.12.
BASE_PYTHON ?= $(shell command -v python$(WANT_PYTHON) 2>/dev/null || command -v python3)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: setup run test test-postgres lint format check-content bench clean

$(VENV)/.installed: pyproject.toml .python-version
	@$(BASE_PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' || { \
	  echo "Contained needs Python $(WANT_PYTHON) or newer, but $(BASE_PYTHON) is $$($(BASE_PYTHON) --version 2>&1)."; \
	  echo "Install Python $(WANT_PYTHON) (e.g. 'pyenv install $(WANT_PYTHON)') or run: make BASE_PYTHON=/path/to/python3.12 ..."; \
	  exit 1; }
	$(BASE_PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip>=25.1,<27"
	$(PY) -m pip install --quiet --group dev
	@touch $@

setup: $(VENV)/.installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable
	$(PY) manage.py sync_content

run: setup
	@echo "Contained is running at http://$(HOST):$(PORT)/ (Ctrl+C to stop)"
	$(PY) manage.py runserver $(HOST):$(PORT)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

check-content: $(VENV)/.installed
	$(PY) manage.py check_content

test: setup lint check-content
	$(PY) -m pytest

# The same suite on PostgreSQL: a throwaway cluster in a temporary folder (scripts/with-postgres.sh),
# migrated from empty and loaded with the course first. Needs PostgreSQL's server programs installed.
test-postgres: $(VENV)/.installed
	scripts/with-postgres.sh bash -c '$(PY) manage.py migrate --noinput && \
	  $(PY) manage.py createcachetable && \
	  $(PY) manage.py sync_content && \
	  $(PY) -m pytest $(PYTEST_ARGS)'

# Pages and answers over HTTP against their budgets (README: Performance). Needs wrk; not run in CI.
bench: $(VENV)/.installed
	$(PY) benchmarks/http.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
