# `make run` and `make test` set up everything on a fresh machine: venv, pinned requirements, data, database.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501
STAMP := $(VENV)/.requirements-installed
BUILT := var/.database-built

.PHONY: run test test-fast bench load load-cluster data db rebuild lint clean

run: db
	$(BIN)/python serve.py --server.port $(PORT) --server.headless true  # streamlit run app.py, warmed first

test: db
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

# The quick subset while working: no browser, no PostgreSQL, nothing built from the source files; on every core
# (pytest-xdist), each test module on one worker with its module fixtures. See README, Layers.
test-fast: db
	$(BIN)/python -m pytest -m "not browser and not postgres and not slow" --hypothesis-profile=fast -n auto --dist loadfile

bench: db
	$(BIN)/python bench/bench.py

# Protocol-level load test (bench/load.py): SESSIONS sessions arriving within WINDOW seconds against one app process;
# load-cluster runs it through nginx against APPS processes on a throwaway PostgreSQL (bench/load_cluster.py).
SESSIONS ?= 100
WINDOW ?= 10
APPS ?= 2
load: db
	$(BIN)/python bench/load.py --sessions $(SESSIONS) --window $(WINDOW)

load-cluster: data
	$(BIN)/python bench/load_cluster.py --apps $(APPS) --sessions $(SESSIONS) --window $(WINDOW)

lint: $(STAMP)
	$(BIN)/ruff check .

$(STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $(STAMP)

data: $(STAMP)
	$(BIN)/python -m core fetch

# The database is rebuilt when the manifest, the catalogue or the ETL code changes (or with `make rebuild`).
db: data
	@if [ -n "$$DATABASE_URL" ] || [ ! -f $(BUILT) ] || [ -n "$$(find data core/etl core/models.py core/migrations -newer $(BUILT) -type f | head -1)" ]; then \
		$(BIN)/python -m core build && mkdir -p var && touch $(BUILT); \
	else echo "database is up to date ($(BUILT))"; fi

rebuild:
	rm -f $(BUILT)
	$(MAKE) db

clean:
	rm -rf var $(VENV)
