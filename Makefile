# Two commands: `make run` and `make test`. Both set everything up (idempotently) first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DB     ?= data/nlmobility.duckdb
PORT   ?= 8501

.PHONY: run dev serve test setup db bench lint e2e clean

run: $(DB)
	@echo "nlmobility: open http://localhost:$(PORT) (Ctrl+C to stop)"
	$(BIN)/streamlit run asgi.py --server.headless true --server.port $(PORT)

# While developing: reload the app when a source file changes (production runs without the watcher).
dev: $(DB)
	$(BIN)/streamlit run asgi.py --server.headless true --server.port $(PORT) --server.fileWatcherType auto --server.runOnSave true

# Several Streamlit processes (default: one per core; PROCESSES=N) behind nginx on $(PORT), sticky by cookie.
# Installs the Debian package nginx-light when missing and run as root; otherwise says how.
serve: $(DB)
	$(BIN)/python -m nlmobility.serve --port $(PORT) $(if $(PROCESSES),--processes $(PROCESSES))

# Two workers (pytest-xdist; TEST_WORKERS=N to change, 0 for one process), a test file's tests on one worker
# (--dist loadgroup would need pytest-xdist to follow pytest 9's node ids: it sets a name pytest no longer reads).
TEST_WORKERS ?= 2
test: lint $(DB)
	$(BIN)/python -m tests.check_browser
	$(BIN)/python -m pytest $(if $(filter-out 0,$(TEST_WORKERS)),-n $(TEST_WORKERS) --dist loadfile)

setup: $(STAMP)

db: $(DB)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the project's metadata changes.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

# Rebuild the sample database only when the generator or the schema changes.
$(DB): $(STAMP) nlmobility/sample.py nlmobility/reference.py nlmobility/sql/schema.sql nlmobility/precomputed.py $(wildcard nlmobility/sql/*_add.sql)
	$(BIN)/nlmobility build --db $(DB)

# Format check, lint (rules and the reason for each ignore in pyproject.toml), types and the import contracts (layers).
LINTED := nlmobility tests app_pages benchmarks app.py asgi.py
lint: $(STAMP)
	$(BIN)/ruff format --check $(LINTED)
	$(BIN)/ruff check $(LINTED)
	$(BIN)/mypy
	$(BIN)/lint-imports

# The large database the query, page and payload figures are also measured on (BENCH_CRASHES=0: none).
BENCH_CRASHES ?= 10000000
BENCH_DB := data/bench-$(BENCH_CRASHES).duckdb

bench: $(DB)
	$(BIN)/python -m benchmarks.queries --db $(DB)
	$(BIN)/python benchmarks/bench_pages.py
	$(BIN)/python -m benchmarks.first_visit --pages all
	$(BIN)/python -m benchmarks.first_visit --desktop --pages all
	$(BIN)/python -m benchmarks.first_visit --scenes
	if [ "$(BENCH_CRASHES)" != 0 ]; then \
	  rm -f $(BENCH_DB) && $(BIN)/nlmobility build --db $(BENCH_DB) --crashes $(BENCH_CRASHES) && \
	  $(BIN)/python -m benchmarks.queries --db $(BENCH_DB) && \
	  NLMOBILITY_DB=$(BENCH_DB) $(BIN)/python benchmarks/bench_pages.py --runs 3; \
	  status=$$?; rm -f $(BENCH_DB) $(BENCH_DB).wal; exit $$status; fi
	$(BIN)/python -m benchmarks.load --people 10,25,50,100 --duration 45 --target both
	$(BIN)/python -m benchmarks.lake --writers 10 --saves 5

clean:
	rm -rf $(VENV) $(DB) $(DB).wal .pytest_cache test-output
