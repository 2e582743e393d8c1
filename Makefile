# nlptools: the quick-start targets create .venv when it is missing.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: digest test test-fast lint typecheck layers check clean-venv

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

## Run the main job on the bundled seeds/ corpus.
digest: $(STAMP)
	$(BIN)/nlptools digest seeds --html

## Run the whole test suite.
test: $(STAMP)
	$(BIN)/python -m pytest -q

## The fast subset: no slow, notebook or data tests (under 2 minutes on 2 cores).
test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not slow and not notebook and not data"

## Lint and formatting (ruff).
lint: $(STAMP)
	$(BIN)/ruff check nlptools tests experiments
	$(BIN)/ruff format --check nlptools tests experiments

## Static types (mypy, zero errors on the library).
typecheck: $(STAMP)
	$(BIN)/mypy nlptools

## The layering contract (import-linter): no import against the flow.
layers: $(STAMP)
	$(BIN)/lint-imports

## What CI runs: every check, then the whole test suite.
check: lint typecheck layers test

clean-venv:
	rm -rf $(VENV)
