# gongkai — the README's commands. Everything a command needs, it installs itself.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV := $(BIN)/uv
SEEDS ?= $(if $(wildcard ../shared/seeds),../shared/seeds,$(wildcard tests/cases/*/input.txt))
APT_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk poppler-utils
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: install install-dev system-deps run test lint typecheck importlint pytest bench clean

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
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

## run: read and check the seed reports and print what is wrong with each
run: install
	@echo "== gongkai report check $(SEEDS)"
	@$(BIN)/gongkai report check $(SEEDS); status=$$?; \
	  echo "（退出码 $$status：0 无错误，1 有报告存在错误，2 有文件无法读取）"
	@echo
	@echo "== gongkai report parse $(SEEDS) --csv | head"
	@$(BIN)/gongkai report parse $(SEEDS) --csv | head -n 12

## test: ruff, mypy, import-linter, then the whole pytest suite
test: system-deps install-dev lint typecheck importlint pytest

lint: install-dev
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: install-dev
	$(BIN)/mypy

importlint: install-dev
	$(BIN)/lint-imports

pytest: install-dev
	$(BIN)/pytest -n 2 -q; status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no tests: failing"; exit 1; fi; exit $$status

## bench: throughput and memory figures for the README
bench: install-dev system-deps
	$(BIN)/python bench/bench_reports.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
