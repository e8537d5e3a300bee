# Joined Up — `make demo` and `make test` are all a newcomer needs. `make help` lists the rest.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help install demo serve test test-postgres check format benchmarks vendor-frontend clean

help: ## List the entry points
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	@touch $(STAMP)

install: $(STAMP) ## Create .venv and install Joined Up with its development tools

demo: $(STAMP) ## Load the Worcester demo into var/ (once) and serve it on http://127.0.0.1:$(PORT)
	$(BIN)/joinedup demo --port $(PORT)
	$(BIN)/joinedup serve --port $(PORT)

serve: $(STAMP) ## Serve the app on http://127.0.0.1:$(PORT) with the production web server
	$(BIN)/joinedup migrate --no-input -v 0
	$(BIN)/joinedup serve --port $(PORT)

test: $(STAMP) ## Run the whole test suite (SQLite; PostgreSQL when DATABASE_URL is set)
	$(BIN)/python -m joinedup.core.testing.preflight
	$(BIN)/pytest

test-postgres: $(STAMP) ## Run the suite on the PostgreSQL server at 127.0.0.1:5432
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/joinedup} $(MAKE) test

check: $(STAMP) ## Lint and format check (ruff), types (mypy), templates (djLint), migrations
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy joinedup config
	$(BIN)/djlint --lint joinedup
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/joinedup makemigrations --check --dry-run

format: $(STAMP) ## Fix formatting and the lint rules that fix themselves
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

benchmarks: $(STAMP) ## Run every benchmark (needs ../shared/data and the PostgreSQL server)
	$(BIN)/python -m benchmarks.agenda
	$(BIN)/python -m benchmarks.annual_report
	$(BIN)/python -m benchmarks.area_assignment
	$(BIN)/python -m benchmarks.assessment
	$(BIN)/python -m benchmarks.cases
	$(BIN)/python -m benchmarks.counts
	$(BIN)/python -m benchmarks.hotspots
	$(BIN)/python -m benchmarks.import_police
	$(BIN)/python -m benchmarks.open311_post
	$(BIN)/python -m benchmarks.public_map
	$(BIN)/python -m benchmarks.ward_briefing

vendor-frontend: ## Rebuild static/vendor from the pinned npm packages (needs Node.js)
	scripts/vendor-frontend

clean: ## Remove the virtualenv and local data (var/)
	rm -rf $(VENV) var staticfiles
