# gongkai — the README's commands. Everything a command needs, it installs itself.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV := $(BIN)/uv
SEEDS ?= $(if $(wildcard ../shared/seeds),../shared/seeds,$(wildcard tests/cases/*/input.txt))
APT_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk poppler-utils
# Browser tests drive Debian's chromium through Playwright's Python package (never `playwright install`).
APT_TEST_PACKAGES := chromium
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
HOST ?= 127.0.0.1
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/gongkai
PG_BENCH_URL ?= postgres://postgres@127.0.0.1:5432/gongkai_bench

.PHONY: install install-dev system-deps test-deps apt-install run test lint typecheck importlint pytest pytest-postgres bench bench-reports bench-pages bench-applications bench-search bench-annual bench-dashboard clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip uv

$(STAMP): pyproject.toml | $(BIN)/python
	$(UV) pip install --quiet --python $(BIN)/python -e .
	touch $@

$(DEV_STAMP): pyproject.toml | $(BIN)/python
	$(UV) pip install --quiet --python $(BIN)/python -e '.[dev]'
	touch $(STAMP) $@

## install: create .venv and install gongkai and its `gongkai` command into it
install: $(STAMP)

install-dev: $(DEV_STAMP)

## system-deps: Debian packages for PDF output and CJK fonts (installed only when missing)
system-deps:
	@$(MAKE) --no-print-directory apt-install PACKAGES="$(APT_PACKAGES)"

## test-deps: system-deps and the browser for the end-to-end tests
test-deps: system-deps
	@$(MAKE) --no-print-directory apt-install PACKAGES="$(APT_TEST_PACKAGES)"

apt-install:
	@missing=""; for p in $(PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

## run: check the seed reports briefly, migrate, load the demo once, enqueue the daily jobs,
##      serve the platform with its task worker (db_worker); Ctrl-C stops both
run: install
	@echo "== gongkai report check --summary $(SEEDS)"
	@$(BIN)/gongkai report check $(SEEDS) --summary; status=$$?; \
	  echo "（退出码 $$status：0 无错误，1 有报告存在错误，2 有文件无法读取）"
	@echo
	$(BIN)/python manage.py migrate --no-input -v 0
	@$(BIN)/python manage.py demo_load
	@$(BIN)/python manage.py gongkai_daily
	@echo "== gongkai 平台：http://$(HOST):$(PORT)/ （接口 http://$(HOST):$(PORT)/api/v1/bodies；Ctrl-C 停止）"
	@# The task worker runs next to the server; whichever way the server stops, the worker stops.
	@$(BIN)/python manage.py db_worker --no-startup-delay & worker=$$!; \
	  $(BIN)/python manage.py runserver $(HOST):$(PORT) --noreload --insecure & server=$$!; \
	  trap 'kill $$server $$worker 2>/dev/null; wait $$server $$worker 2>/dev/null' EXIT; \
	  trap 'exit 130' INT TERM HUP; \
	  echo "== 后台任务进程 db_worker 已启动（pid $$worker），Web 服务 pid $$server"; \
	  wait $$server

## test: ruff, mypy, import-linter, then the whole pytest suite
test: test-deps install-dev lint typecheck importlint pytest

lint: install-dev
	$(BIN)/ruff check src tests bench manage.py
	$(BIN)/ruff format --check src tests bench manage.py

typecheck: install-dev
	$(BIN)/mypy

importlint: install-dev
	$(BIN)/lint-imports

pytest: install-dev
	$(BIN)/pytest -n 2 -q; status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no tests: failing"; exit 1; fi; exit $$status
	@$(MAKE) --no-print-directory pytest-postgres

## pytest-postgres: the web tests again on PostgreSQL when a server answers at 127.0.0.1:5432
pytest-postgres: install-dev
	@if command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432; then \
	  psql -h 127.0.0.1 -U postgres -Atc "select 1 from pg_database where datname = 'gongkai'" | grep -q 1 \
	    || createdb -h 127.0.0.1 -U postgres -E UTF8 --locale=C.UTF-8 -T template0 gongkai || exit 1; \
	  echo "== web tests on PostgreSQL ($(PG_URL))"; \
	  DATABASE_URL=$(PG_URL) $(BIN)/pytest -n 2 -q tests/web || exit 1; \
	else \
	  echo "PostgreSQL does not answer at 127.0.0.1:5432: web tests ran on SQLite only"; \
	fi

## bench: throughput and memory figures for the README (report core, pages, 依申请公开, search,
##        annual reports, the supervisor's dashboard)
bench: bench-reports bench-pages bench-applications bench-search bench-annual bench-dashboard

## bench-reports: parse + check throughput per input kind, batch memory
bench-reports: install-dev system-deps
	$(BIN)/python bench/bench_reports.py

## bench-pages: home and 专栏 pages under 20 clients (5,000 bodies, 50,000 people) next to a bare
##              Django view, served by gunicorn and measured by wrk; on SQLite, then on PostgreSQL
##              when it answers (database gongkai_bench, dropped and created); bench/results/
bench-pages: install-dev
	@$(MAKE) --no-print-directory apt-install PACKAGES="wrk"
	$(BIN)/python bench/bench_pages.py
	@if command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432; then \
	  $(BIN)/python bench/bench_pages.py --database-url $(PG_BENCH_URL); \
	else \
	  echo "PostgreSQL does not answer at 127.0.0.1:5432: pages measured on SQLite only"; \
	fi

## bench-applications: the 依申请公开 work queue under 20 clients (gunicorn, wrk) and table 三 for
##                     one body-year and a 200-body subtree, over 500,000 applications; on SQLite,
##                     then on PostgreSQL when it answers (database gongkai_bench, dropped and
##                     created); bench/results/applications-*.md
bench-applications: install-dev
	@$(MAKE) --no-print-directory apt-install PACKAGES="wrk"
	$(BIN)/python bench/bench_applications.py
	@if command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432; then \
	  $(BIN)/python bench/bench_applications.py --database-url $(PG_BENCH_URL); \
	else \
	  echo "PostgreSQL does not answer at 127.0.0.1:5432: applications measured on SQLite only"; \
	fi

## bench-search: the portal and its search with 1,000,000 published items over 200 bodies
##               (about 20 min to build per database; gunicorn, wrk); on SQLite, then on
##               PostgreSQL when it answers; bench/results/search-*.md
bench-search: install-dev
	@$(MAKE) --no-print-directory apt-install PACKAGES="wrk"
	$(BIN)/python bench/bench_search.py
	@if command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432; then \
	  $(BIN)/python bench/bench_search.py --database-url $(PG_BENCH_URL); \
	else \
	  echo "PostgreSQL does not answer at 127.0.0.1:5432: search measured on SQLite only"; \
	fi

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis

## bench-annual: compile one body-year with 10,000 applications, the summary of 300 bodies' reports,
##               a report's PDF; on SQLite, then on PostgreSQL when it answers; bench/results/annual-*.md
bench-annual: install-dev system-deps
	$(BIN)/python bench/bench_annual.py
	@if command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432; then \
	  $(BIN)/python bench/bench_annual.py --database-url $(PG_BENCH_URL); \
	else \
	  echo "PostgreSQL does not answer at 127.0.0.1:5432: annual reports measured on SQLite only"; \
	fi

## bench-dashboard: the supervisor's dashboard of 300 bodies under 20 clients (gunicorn, wrk); on
##                  SQLite, then on PostgreSQL when it answers; bench/results/dashboard-*.md
bench-dashboard: install-dev
	@$(MAKE) --no-print-directory apt-install PACKAGES="wrk"
	$(BIN)/python bench/bench_dashboard.py
	@if command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432; then \
	  $(BIN)/python bench/bench_dashboard.py --database-url $(PG_BENCH_URL); \
	else \
	  echo "PostgreSQL does not answer at 127.0.0.1:5432: the dashboard measured on SQLite only"; \
	fi
