# Kalendarium — the two commands a newcomer needs are `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8001
DEMO_PORT ?= 8765
SOURCES ?= sources.yaml
DB ?= data/kalendarium.db

.PHONY: install test demo harvest serve validate clean

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

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest

demo: install
	$(BIN)/kalendarium demo --port $(PORT) --demo-port $(DEMO_PORT) --db $(DB)

harvest: install
	$(BIN)/kalendarium harvest --sources $(SOURCES) --db $(DB)

serve: install
	$(BIN)/kalendarium serve --db $(DB) --port $(PORT)

validate: install
	$(BIN)/kalendarium sources validate $(SOURCES) sources.demo.yaml

clean:
	rm -rf $(VENV) data/*.db data/httpcache .pytest_cache
