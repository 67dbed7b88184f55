# Guifan — two commands: `make run` (set up and serve the demo) and `make test` (every test).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint browser bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/guifan migrate --noinput
	$(BIN)/guifan demo
	$(BIN)/guifan serve

browser:
	@bash scripts/ensure-chromium

test: $(STAMP) browser
	$(BIN)/ruff check src tests bench
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

bench: $(STAMP)
	$(BIN)/python bench/import_institutions.py
	$(BIN)/python bench/funds.py
	$(BIN)/python bench/grading.py

clean:
	rm -rf $(VENV) var .pytest_cache
