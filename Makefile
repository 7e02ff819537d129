# The two commands a user types: `make report` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SAMPLE := data/sample

.PHONY: report test lint lab clean setup

setup: $(STAMP)

# (Re)create the virtual environment when it is missing, broken or older than pyproject.toml.
$(STAMP): pyproject.toml
	@if ! $(BIN)/python -c "import sys; sys.exit(sys.version_info < (3, 11))" 2>/dev/null; then \
		rm -rf $(VENV); $(PYTHON) -m venv $(VENV); fi
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

report: $(STAMP)
	$(BIN)/yubei report --quarter 2020Q4 --investment $(SAMPLE)/investment.xlsx --activities $(SAMPLE)/activities.xlsx

# Every core runs tests (a module stays on one worker, so its shared fixtures are made once);
# the slowest tests are listed at the end.
test: $(STAMP)
	$(BIN)/python -m pytest -q -n auto --dist loadscope --durations=15

lab: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[lab]'
	$(BIN)/jupyter lab notebooks/

lint: $(STAMP)
	$(BIN)/ruff check yubei_lib tests benchmarks
	$(BIN)/mypy

clean:
	rm -rf $(VENV) build *.egg-info .mypy_cache
