# Kerneteam: `make` lists the targets.
.DEFAULT_GOAL := help
SHELL := /bin/bash

VENV := .venv
RUFF := $(VENV)/bin/ruff
MYPY := $(VENV)/bin/mypy
# Management commands outside run/test use the development defaults (SQLite, eager Celery).
MANAGE := DJANGO_DEBUG=1 DJANGO_SETTINGS_MODULE=config.settings $(VENV)/bin/python manage.py
I18N_IGNORE := --ignore=.venv --ignore=node_modules --ignore=static/vendor --ignore=staticfiles --ignore=var

.PHONY: help run test bench bench-load lint typecheck format messages static clean venv lock

help: ## List the targets
	@echo "Kerneteam: make <target>"
	@echo
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{ printf "  %-10s %s\n", $$1, $$2 }'
	@echo
	@echo "  make run PORT=8001          serve on another port"
	@echo "  make test ARGS='-k consent' pass arguments to pytest"

run: ## Development server with demo data on http://127.0.0.1:8000/ (PORT=...)
	bash scripts/run.sh

test: ## Whole suite: ruff, mypy, migrations, check --deploy, pytest (PostgreSQL, Redis, Chromium)
	bash scripts/test.sh $(ARGS)

bench: venv ## Benchmark: every page at 1x and 10x families, the dashboards at 1 % and 100 % of 100,000 persons; queries, p50/p95 (needs DATABASE_URL)
	KT_TEST_DB=$${KT_TEST_DB:-kt_bench} DJANGO_SETTINGS_MODULE=config.settings_test $(VENV)/bin/pytest tests/perf/bench_family_pages.py tests/perf/bench_scale.py tests/evaluation/bench_dashboard.py -p no:xdist -q --reuse-db

bench-load: venv ## Load run: 50 users (40 caseworkers, 10 coordinators), 60 s, at 10x (needs DATABASE_URL)
	bash scripts/bench_load.sh

venv: ## Create .venv and install the project (done by run/test as needed)
	bash scripts/lib.sh ensure_venv

lint: venv ## ruff check and ruff format --check
	$(RUFF) check .
	$(RUFF) format --check .

typecheck: venv ## mypy --strict with django-stubs over the whole tree (config in pyproject.toml)
	$(MYPY)

format: venv ## ruff check --fix, then ruff format
	$(RUFF) check --fix --exit-zero .
	$(RUFF) format .

lock: venv ## Re-resolve requirements/*.txt (the full, hashed dependency lock) from pyproject.toml
	bash scripts/lock.sh

messages: venv ## makemessages (da, en), then compilemessages
	$(MANAGE) makemessages -l da -l en $(I18N_IGNORE)
	$(MANAGE) compilemessages $(I18N_IGNORE)

static: ## Copy the npm front-end packages into static/vendor/
	bash scripts/build_static.sh

clean: ## Remove .venv, the SQLite database, collected and vendored static files
	rm -rf .venv var/*.sqlite3 staticfiles static/vendor
