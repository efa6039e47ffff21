# Two commands do everything: `make run` serves the app with demo data, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# The PostgreSQL run: OKRUM_TEST_POSTGRES_URL, or a local server on 127.0.0.1:5432 when one answers.
PG_LOCAL := postgres://postgres@127.0.0.1:5432/okrum
PYTEST_WORKERS ?= 2

.PHONY: run test test-sqlite test-postgres test-e2e browser lint format migrations bench readme-images clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Links the app prints and mails point at the address it serves, unless OKRUM_BASE_URL says otherwise.
run: export OKRUM_BASE_URL ?= http://$(HOST):$(PORT)
run: $(STAMP)
	$(BIN)/okrum migrate --verbosity 0
	$(BIN)/okrum demo --quiet-if-present
	$(BIN)/okrum serve --no-migrate --host $(HOST) --port $(PORT)

test: $(STAMP)
	@$(MAKE) --no-print-directory test-sqlite
	@$(MAKE) --no-print-directory test-postgres
	@$(MAKE) --no-print-directory test-e2e

test-sqlite: $(STAMP)
	@echo "=== Tests on SQLite ==="
	$(BIN)/pytest -n $(PYTEST_WORKERS) -m "not e2e" -q

test-postgres: $(STAMP)
	@url="$${OKRUM_TEST_POSTGRES_URL}"; \
	if [ -z "$$url" ] && $(BIN)/python -c "import psycopg; psycopg.connect('$(PG_LOCAL)'.rsplit('/', 1)[0] + '/postgres', connect_timeout=2).close()" 2>/dev/null; then \
	  url="$(PG_LOCAL)"; fi; \
	if [ -z "$$url" ]; then echo "=== PostgreSQL run skipped: no OKRUM_TEST_POSTGRES_URL and no local server ==="; exit 0; fi; \
	echo "=== Tests on PostgreSQL ($$url) ==="; \
	DATABASE_URL="$$url" $(BIN)/pytest -n $(PYTEST_WORKERS) -m "not e2e" -q

# Debian's Chromium for the browser tests, and curl for the README quickstart test.
browser:
	@if [ ! -x /usr/bin/chromium ] || ! command -v curl >/dev/null; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "=== Installing Debian's chromium (and curl, for the README quickstart test) ==="; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium curl >/dev/null; \
	  else echo "=== Browser tests need /usr/bin/chromium and curl (apt-get install chromium curl) ==="; exit 1; fi; \
	fi

test-e2e: $(STAMP) browser
	@echo "=== Browser tests (Playwright + Chromium) ==="
	$(BIN)/pytest -m e2e -q

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy okrum

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

migrations: $(STAMP)
	$(BIN)/okrum makemigrations

bench: $(STAMP)
	$(BIN)/python bench/backlog.py
	$(BIN)/python bench/dashboard.py

# The pictures of the guide and the README are taken from the demo by its browser journey.
readme-images: $(STAMP) browser
	rm -rf test-results/docs
	$(BIN)/pytest -m e2e -q tests/e2e/test_demo_journey.py
	mkdir -p docs/images
	cp test-results/docs/*.png docs/images/

clean:
	rm -rf $(VENV) var build *.egg-info
