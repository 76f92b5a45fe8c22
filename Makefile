# chainrule — the two commands of the README, plus a benchmark and the notebooks' outputs.
#   make demo       creates .venv, installs chainrule, runs the tour
#   make test       creates .venv, installs dev deps, runs ruff and every test; tests/test_notebooks.py
#                   executes every notebook and fails if a committed output is stale
#   make notebooks  executes notebooks/*.ipynb in place and stores their outputs (commit them);
#                   one or a few: make notebooks NOTEBOOKS=notebooks/training.ipynb
#   make bench      runs tests/benchmarks/ against micrograd 0.1.0 (not part of make test)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

NOTEBOOKS ?=

.PHONY: demo test notebooks bench lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

demo: $(VENV)/.installed
	$(BIN)/python -m nets tour

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .

test: $(VENV)/.installed-dev lint
	$(BIN)/python -m pytest tests -q -p no:cacheprovider

notebooks: $(VENV)/.installed-dev
	$(BIN)/python tests/notebook_outputs.py $(NOTEBOOKS)

bench: $(VENV)/.installed-dev
	$(BIN)/python -m pip install --quiet "micrograd==0.1.0"
	$(BIN)/python tests/benchmarks/bench_engine.py

clean:
	rm -rf $(VENV) build *.egg-info
