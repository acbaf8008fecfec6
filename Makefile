# dondoc: `make demo` runs the site with demo data; `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint constraints clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[test]"
	touch $(STAMP)

demo: $(STAMP)
	bash scripts/system_packages.sh --demo
	$(BIN)/dondoc demo
	bash scripts/demo_serve.sh

test: $(STAMP)
	bash scripts/system_packages.sh
	bash scripts/test.sh

lint: $(STAMP)
	$(BIN)/ruff check src tests scripts bench
	$(BIN)/ruff format --check src tests scripts bench
	$(BIN)/mypy

constraints: $(STAMP)
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^dondoc' > constraints.txt

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
