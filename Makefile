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

# Each bench prints its own figures (kept in var/bench/<name>.log); then one table of every line
# that carries a ratio (×) to its anchor, by bench.
BENCHES := import_institutions funds grading pages report survey_submit check_reports
bench: $(STAMP)
	@mkdir -p var/bench
	@status=0; for b in $(BENCHES); do \
		echo "== bench/$$b.py"; \
		$(BIN)/python bench/$$b.py >var/bench/$$b.log 2>&1 || { status=1; echo "bench/$$b.py failed"; }; \
		cat var/bench/$$b.log; \
	done; \
	echo; echo "== ratios to the anchor (all benches)"; \
	for b in $(BENCHES); do grep -h '×' var/bench/$$b.log | sed "s/^/$$b: /"; done; \
	exit $$status

clean:
	rm -rf $(VENV) var .pytest_cache
