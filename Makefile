# motcua: `make run` and `make test` are the two set-up commands; `make help` lists the rest.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PORT ?= 8000
TOOLS := .tools
UV ?= $(TOOLS)/bin/uv
UV_VERSION := 0.13.9
RUN := $(UV) run --locked
PYTEST_ARGS ?=
export UV_PYTHON_DOWNLOADS := never

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(TOOLS)/bin/uv:
	python3 -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

install: $(UV) ## install Python and front-end dependencies
	$(UV) sync --locked --quiet
	@command -v msgfmt >/dev/null || { echo "ERROR: msgfmt is missing; install GNU gettext (Debian: apt-get install gettext) to compile the translations" >&2; exit 1; }
	$(RUN) motcua compilemessages --ignore=.venv --ignore=node_modules --verbosity 0
	@if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then \
	  npm ci --no-audit --no-fund --loglevel=error && touch node_modules; fi
	@mkdir -p var

run: install ## install, migrate, load the demo data and serve on http://127.0.0.1:$(PORT)/
	$(RUN) motcua migrate --no-input
	$(RUN) motcua collectstatic --no-input --verbosity 0
	$(RUN) motcua demo
	$(RUN) motcua run --port $(PORT)

worker: install ## run only the background worker
	$(RUN) motcua db_worker

browser: ## make sure Debian's chromium (and espeak-ng for the queue board's voice) are there
	@command -v chromium >/dev/null && command -v espeak-ng >/dev/null || { [ "$$(id -u)" = 0 ] && \
	  (apt-get install -y -qq chromium espeak-ng >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq chromium espeak-ng >/dev/null)); } \
	  || echo "WARNING: chromium or espeak-ng is missing; browser or voice tests will be skipped"

lint: install ## ruff check and format check
	$(RUN) ruff check .
	$(RUN) ruff format --check .

fmt: install ## format the code
	$(RUN) ruff format .
	$(RUN) ruff check --fix .

typecheck: install ## mypy, strict on motcua.*
	$(RUN) mypy motcua config bench

schema: install ## regenerate the committed OpenAPI schema
	$(RUN) motcua spectacular --file docs/openapi.yaml --validate

test: install browser lint typecheck ## lint, types and the whole suite on SQLite and PostgreSQL
	$(RUN) motcua makemigrations --check --dry-run >/dev/null
	$(RUN) pytest -p no:cacheprovider $(PYTEST_ARGS)
	scripts/with-postgres.sh $(RUN) pytest -p no:cacheprovider $(PYTEST_ARGS)

bench: install ## benchmarks on a throwaway PostgreSQL (figures go to docs/performance.md)
	scripts/with-postgres.sh $(RUN) python -m bench

clean: ## remove installed tools and local data
	rm -rf .venv $(TOOLS) node_modules var

.PHONY: help install run worker browser lint fmt typecheck schema test bench clean
