# Every target creates .venv on first use, so a fresh clone needs only python3 and make.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin

.PHONY: site test lint serve validate benchmark goldens catalogs clean

# Two stamps: building or previewing the site needs statusgen's runtime dependencies only;
# linting and testing add the `test` extra (linters, browser driver, packaging tools).
$(BIN)/.installed-runtime: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(BIN)/.installed-test: $(BIN)/.installed-runtime
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

## site: validate the example content and build the status site into site/
site: $(BIN)/.installed-runtime
	$(BIN)/statusgen build


## test: lint, type-check and run the whole test suite: the fast tests first, then the
## browser tests and the slow ones (package installs, wheels), each as its own step
test: lint
	$(BIN)/pytest -m "not browser and not slow"
	$(BIN)/pytest -m "browser or slow"

lint: $(BIN)/.installed-test
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts
	$(BIN)/mypy src

serve: $(BIN)/.installed-runtime
	$(BIN)/statusgen serve

validate: $(BIN)/.installed-runtime
	$(BIN)/statusgen validate

## goldens: rewrite tests/golden/ from the current outputs, after an intended change
goldens: $(BIN)/.installed-test
	$(BIN)/python -m tests.goldens

## catalogs: after a UI string changed: extract messages.pot, merge it into every catalog,
## compile the .mo files the package ships. New or changed strings come out untranslated
## (or fuzzy) until someone translates them; the tests fail until then.
I18N := src/statusgen/i18n
catalogs: $(BIN)/.installed-runtime
	$(BIN)/python -m scripts.catalogs update

benchmark: $(BIN)/.installed-test
	$(BIN)/python benchmarks/validate.py
	$(BIN)/python benchmarks/build.py
	$(BIN)/python benchmarks/outputs.py
	$(BIN)/python benchmarks/authoring.py
	$(BIN)/python benchmarks/postmortems.py
	$(BIN)/python benchmarks/importing.py
	$(BIN)/python benchmarks/large_body.py
	$(BIN)/python benchmarks/first_visit.py
	$(BIN)/python benchmarks/install.py --repeat 3
	$(BIN)/python benchmarks/notify.py
	$(BIN)/python benchmarks/reliability.py

clean:
	rm -rf $(VENV) site .pytest_cache .mypy_cache .ruff_cache
