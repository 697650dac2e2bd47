# 双十镇精准定向赋权知识库 — build and test entry points.
#
#   make html    build the site from the bundled catalog into _build/html
#   make test    lint, type-check and run the test suite
#
# Both install what they need on first use: the Debian packages listed in DEB_PACKAGES (when
# missing; apt-get, as root or via sudo) and a virtual environment in .venv with the pinned
# Python dependencies of requirements/lock.txt. When everything is installed they do no setup.

PYTHON      ?= python3
VENV        ?= .venv
BIN         := $(VENV)/bin
STAMP       := $(VENV)/.installed
DEB_PACKAGES ?=
SPHINXOPTS  ?= -W --keep-going -q
BUILDDIR    ?= _build
CATALOG     ?= catalog
PYTEST_ARGS ?=

.PHONY: help setup system-deps html test lint typecheck pytest check bench-check clean lock schema

help:
	@sed -n 's/^#   //p' Makefile

setup: $(STAMP)

# Debian packages: checked with dpkg on every run (fast), installed only when missing.
system-deps:
	@missing=""; for p in $(DEB_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

$(STAMP): requirements/lock.txt pyproject.toml | system-deps
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements/lock.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

html: $(STAMP) system-deps
	$(BIN)/sphinx-build $(SPHINXOPTS) -b html -c . docs $(BUILDDIR)/html
	@echo "站点已生成：$(BUILDDIR)/html/index.html"

check: $(STAMP)
	$(BIN)/townpowers check $(CATALOG)

bench-check: $(STAMP)
	$(BIN)/python scripts/bench_check.py

schema: $(STAMP)
	$(BIN)/townpowers schema

lint: $(STAMP)
	$(BIN)/ruff check scripts tests conf.py
	$(BIN)/ruff format --check scripts tests conf.py

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP) system-deps
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test: lint typecheck pytest

lock:
	rm -rf $(BUILDDIR)/lockvenv && $(PYTHON) -m venv $(BUILDDIR)/lockvenv
	$(BUILDDIR)/lockvenv/bin/pip install --quiet ".[dev]"
	{ echo "# Pinned Python dependencies of the project (runtime + development)."; \
	  echo "# Regenerate with 'make lock' after changing pyproject.toml; commit the result."; \
	  $(BUILDDIR)/lockvenv/bin/pip freeze --exclude-editable | grep -v '^townpowers'; } > requirements/lock.txt
	rm -rf $(BUILDDIR)/lockvenv

clean:
	rm -rf $(BUILDDIR) docs/generated
