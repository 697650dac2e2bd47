# 双十镇精准定向赋权知识库 — build and test entry points.
#
#   make html    build the site from the bundled catalog into _build/html
#   make html EDITION=internal   the internal edition into _build/html-internal
#   make -j2 html SHARDS=district  one Sphinx project per district plus the city core, assembled
#   make test    lint, type-check and run the test suite
#   make serve   live preview for authors on http://127.0.0.1:8000
#   make handbook TOWN=mushi | DEPT=zhujian DISTRICT=tengzhou   one training handbook (PDF)
#   make pdf     every town and department handbook into _build/pdf
#   make bench   the benchmark suite (about an hour); make bench BENCH_ARGS=--quick: 30 s
#
# Both install what they need on first use: the Debian packages they need (when missing;
# apt-get, as root or via sudo: graphviz and CJK fonts for the site, Chromium for the browser
# tests) and a virtual environment in .venv with the pinned Python dependencies of
# requirements/lock.txt. When everything is installed they do no setup.

PYTHON      ?= python3
VENV        ?= .venv
BIN         := $(VENV)/bin
STAMP       := $(VENV)/.installed
HTML_DEBS   := graphviz fonts-noto-cjk
PDF_DEBS    := $(HTML_DEBS) libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
TEST_DEBS   := $(PDF_DEBS) chromium poppler-utils libreoffice-calc-nogui
# axe-core for the browser tests' accessibility checks, from the npm registry, pinned by
# tests/a11y/package-lock.json; npm itself comes from Debian when the machine has none
A11Y        := tests/a11y
AXE         := $(A11Y)/node_modules/axe-core/axe.min.js
SPHINXOPTS  ?= -W --keep-going -q
BUILDDIR    ?= _build
CATALOG     ?= catalog
DOCSDIR     ?= docs
PYTEST_ARGS ?=
PDFDIR      ?= $(BUILDDIR)/pdf
# public: what citizens see; internal: adds staff contacts, readiness details, evaluation notes
EDITION     ?= public
SITEDIR     := $(BUILDDIR)/$(if $(filter internal,$(EDITION)),html-internal,html)
WORKDIR     := $(BUILDDIR)/work/html-$(EDITION)
# SHARDS=district: one Sphinx project for the city (core) and one per district, assembled
SHARDS      ?=
SHARDWORK   := $(BUILDDIR)/work/shards-$(EDITION)
SHARD_OPTS   = $(SPHINXOPTS) -b html -c . -D townpowers_edition=$(EDITION)

# After a failed Sphinx build: what failed it (the catalog's errors, or Sphinx's own warnings above).
BUILD_FAILED = if [ -f $(1)/townpowers-failed.txt ]; then cat $(1)/townpowers-failed.txt; \
  else echo "网站构建失败：见上面的 Sphinx 警告（-W 把警告当作错误）；原有网站未改变。"; fi; exit 1

.PHONY: help setup html-deps pdf-deps test-deps html shard-core shards-assemble serve handbook pdf test lint typecheck pytest check bench bench-check bench-site bench-hostile clean lock schema

help:
	@sed -n 's/^#   //p' Makefile

setup: $(STAMP)

# Debian packages: checked with dpkg on every run (fast), installed only when missing.
html-deps:
	@sh scripts/ensure-debs.sh $(HTML_DEBS)

test-deps: $(AXE)
	@sh scripts/ensure-debs.sh $(TEST_DEBS)

$(AXE): $(A11Y)/package.json $(A11Y)/package-lock.json
	@command -v npm >/dev/null 2>&1 || sh scripts/ensure-debs.sh npm
	npm ci --prefix $(A11Y) --no-audit --no-fund --silent
	@touch $@

$(STAMP): requirements/lock.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements/lock.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

# Built aside in $(WORKDIR) (which keeps Sphinx's caches); only a successful build replaces
# the published $(SITEDIR), in one atomic swap. A failed build leaves the old site untouched.
html: $(STAMP) html-deps
	@case "$(EDITION)" in public|internal) ;; *) echo "EDITION 应为 public 或 internal"; exit 2;; esac
ifeq ($(SHARDS),district)
	@$(MAKE) --no-print-directory shard-core
	@ds="$$($(BIN)/townpowers shards list $(CATALOG))" || exit 1; \
	  $(MAKE) --no-print-directory $$(for d in $$ds; do printf 'shard-%s ' $$d; done) && \
	  $(MAKE) --no-print-directory shards-assemble DISTRICTS="$$ds"
	@echo "分站合成的网站已生成：$(SITEDIR)/index.html（$(EDITION)）"
else ifeq ($(SHARDS),)
	@$(BIN)/sphinx-build $(SPHINXOPTS) -b html -c . -D townpowers_edition=$(EDITION) $(DOCSDIR) $(WORKDIR) \
	  || { $(call BUILD_FAILED,$(WORKDIR)); }
	@$(BIN)/townpowers publish $(WORKDIR) $(SITEDIR)
	@echo "站点已生成：$(SITEDIR)/index.html（$(EDITION)）"
else
	@echo "SHARDS 只能为空或 district"; exit 2
endif

# The pieces of a sharded build, also usable one per CI job (see docs/sharding.md):
# the core (city-wide pages) first; then each district, in any order or in parallel; then
# assembling, which checks every link of the whole site before publishing it.
shard-core: $(STAMP) html-deps
	@$(BIN)/sphinx-build $(SHARD_OPTS) -D townpowers_shard=core $(DOCSDIR) $(SHARDWORK)/core \
	  || { $(call BUILD_FAILED,$(SHARDWORK)/core); }

shards-assemble: $(STAMP)
	$(BIN)/townpowers shards assemble $(SHARDWORK) $(SITEDIR) core $(DISTRICTS)

shard-%: $(STAMP)
	@mkdir -p $(SHARDWORK)/src/$*
	@$(BIN)/sphinx-build $(SHARD_OPTS) -D townpowers_shard=$* \
	  -D townpowers_shard_core=$(abspath $(SHARDWORK)/core) $(SHARDWORK)/src/$* $(SHARDWORK)/$* \
	  || { $(call BUILD_FAILED,$(SHARDWORK)/$*); }

# Live preview for authors: rebuilds when the catalog, templates or pages change.
serve: $(STAMP) html-deps
	$(BIN)/sphinx-autobuild -b html -c . --watch catalog --watch templates --watch scripts/townpowers \
	  --ignore 'docs/generated/*' --port 8000 docs $(BUILDDIR)/html

check: $(STAMP)
	$(BIN)/townpowers check $(CATALOG)

pdf-deps:
	@sh scripts/ensure-debs.sh $(PDF_DEBS)

# make handbook TOWN=mushi  |  make handbook DEPT=zhujian DISTRICT=tengzhou
handbook: $(STAMP) pdf-deps
	@if [ -n "$(TOWN)" ]; then $(BIN)/townpowers handbook --town $(TOWN) --output-dir $(PDFDIR); \
	elif [ -n "$(DEPT)" ] && [ -n "$(DISTRICT)" ]; then \
	  $(BIN)/townpowers handbook --dept $(DEPT) --district $(DISTRICT) --output-dir $(PDFDIR); \
	else echo "用法：make handbook TOWN=<镇> 或 make handbook DEPT=<部门类别> DISTRICT=<区（市）>"; exit 2; fi

# every town handbook and every department handbook, in parallel
pdf: $(STAMP) pdf-deps
	$(BIN)/townpowers handbook --all --output-dir $(PDFDIR)

bench-check: $(STAMP)
	$(BIN)/python scripts/bench/bench_check.py

bench-site: $(STAMP) html-deps
	$(BIN)/python scripts/bench/bench_site.py

# Peak memory and time of the worst hostile spreadsheets (refused over a reading limit, or
# imported): the memory bound docs/spreadsheets.md states. Seconds; also run by `make bench`.
bench-hostile: $(STAMP)
	$(BIN)/python scripts/bench/hostile_memory.py --json $(BUILDDIR)/bench/hostile.json

# Every step (load, check, pages, clean, no-op and incremental site builds, the plain
# sphinx-needs anchor with the same traced objects, a handbook) at 20 (the
# reference catalog), 100, 200 and 500 towns, and the check at 1,800: _build/bench/bench.json
# and bench.svg. About an hour on 2 cores; BENCH_ARGS="--quick" runs a tiny catalog once.
BENCH_ARGS ?=
bench: $(STAMP) html-deps pdf-deps bench-hostile
	$(BIN)/python scripts/bench/bench.py $(BENCH_ARGS)

schema: $(STAMP)
	$(BIN)/townpowers schema

lint: $(STAMP)
	$(BIN)/ruff check scripts tests conf.py
	$(BIN)/ruff format --check scripts tests conf.py

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP) test-deps
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
