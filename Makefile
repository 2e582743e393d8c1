# nlptools: the quick-start targets create .venv when it is missing.
# `make digest` installs only what the main job needs (pip install -e .); the test, lint and notebook
# targets add the dev extra (pytest, ruff, mypy, jupyter, ...) on top.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
RUNTIME := $(VENV)/.installed
DEV     := $(VENV)/.installed-dev
NOTEBOOKS := 01_explore_seeds 02_topic_models 03_summaries
RENDERED  ?= build/notebooks

.PHONY: digest test test-fast lint typecheck layers check notebooks notebooks-run clean-venv

# the runtime install: the library and its runtime dependencies, no dev extra
$(RUNTIME): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $(RUNTIME)

# the dev install: the runtime one plus the dev extra (test, lint, type and notebook tools)
$(DEV): $(RUNTIME)
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(DEV)

## Run the main job on the bundled seeds/ corpus (runtime install only).
digest: $(RUNTIME)
	$(BIN)/nlptools digest seeds --html

## Run the whole test suite.
test: $(DEV)
	$(BIN)/python -m pytest -q

## The fast subset: no slow, notebook or data tests (under 2 minutes on 2 cores).
test-fast: $(DEV)
	$(BIN)/python -m pytest -q -m "not slow and not notebook and not data"

## Lint and formatting (ruff).
lint: $(DEV)
	$(BIN)/ruff check nlptools tests experiments
	$(BIN)/ruff format --check nlptools tests experiments

## Static types (mypy, zero errors on the library).
typecheck: $(DEV)
	$(BIN)/mypy nlptools

## The layering contract (import-linter): no import against the flow.
layers: $(DEV)
	$(BIN)/lint-imports

## What CI runs: every check, then the whole test suite.
check: lint typecheck layers test

## Open the notebooks in Jupyter Lab (interactive; never run by CI).
notebooks: $(DEV)
	$(BIN)/jupyter lab notebooks/

## Execute the three notebooks headless from their py:percent sources; HTML with outputs in build/notebooks/.
## Without the shared data (NLPTOOLS_DATA or ../shared/data) 02 and 03 say so and run their seeds part.
notebooks-run: $(DEV)
	mkdir -p $(RENDERED)
	for nb in $(NOTEBOOKS); do \
	  $(BIN)/jupytext --quiet --to ipynb --output - notebooks/$$nb.py \
	  | (cd notebooks && $(abspath $(BIN))/jupyter nbconvert --stdin --log-level=WARN --to html --execute \
	      --ExecutePreprocessor.timeout=1800 --output-dir $(abspath $(RENDERED)) --output $$nb) || exit 1; \
	done
	@echo "rendered: $(addprefix $(RENDERED)/,$(addsuffix .html,$(NOTEBOOKS)))"

clean-venv:
	rm -rf $(VENV)
