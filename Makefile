# Kalendarium — the two commands a newcomer needs are `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8001
DEMO_PORT ?= 8765
SOURCES ?= sources.yaml
DB ?= data/kalendarium.db

.PHONY: install test demo harvest serve validate clean bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Re-installs only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

# The browser tests drive Debian's Chromium (Playwright cannot download browsers here).
# CI runs as root on Debian; elsewhere sudo is used when available.
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || command -v sudo)

$(CHROMIUM):
	$(SUDO) apt-get update
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y --no-install-recommends chromium fonts-dejavu-core

test: $(VENV)/.installed-test $(CHROMIUM)
	$(BIN)/python -m pytest

demo: install
	$(BIN)/kalendarium demo --port $(PORT) --demo-port $(DEMO_PORT) --db $(DB)

harvest: install
	$(BIN)/kalendarium harvest --sources $(SOURCES) --db $(DB)

serve: install
	$(BIN)/kalendarium serve --db $(DB) --port $(PORT)

validate: install
	$(BIN)/kalendarium sources validate $(SOURCES) sources.demo.yaml

# The benchmarks: the harvest of a synthetic world of 100 and 1,000 sites served on loopback with
# 50 ms latency (bench/harvest_bench.py, against a sequential baseline; BENCH_SIZES=100 for a
# quick run), then the normaliser and the search (1,000,000 occurrences; its database is kept in
# /tmp and reused).
BENCH_SIZES ?= 100,1000
bench: install
	$(BIN)/python bench/harvest_bench.py --sizes $(BENCH_SIZES) --latency 0.05
	$(BIN)/python bench/bench_normalise.py --items 20000
	$(BIN)/python bench/bench_search.py

clean:
	rm -rf $(VENV) data/*.db data/httpcache data/raw .pytest_cache
