# reader — the two commands that matter: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
CORPUS ?= .

.PHONY: run test lint bench bench-interop eval clean venv bytecode

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# `make run` installs what the program needs; `make test` adds the test tools.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	@touch $(STAMP)

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test]'
	@touch $(STAMP) $(TEST_STAMP)

venv: $(STAMP)

# reader's own modules as bytecode: an editable install leaves them to be compiled on each
# start, which is every start where PYTHONDONTWRITEBYTECODE is set (≈ 60 ms of it here).
bytecode: $(STAMP)
	@$(BIN)/python -m compileall -q src

run: bytecode
	$(BIN)/reader $(CORPUS)

lint: $(TEST_STAMP)
	$(BIN)/ruff check src tests scripts
	$(BIN)/ruff format --check src tests scripts
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest -q

bench: $(TEST_STAMP) bytecode
	$(BIN)/python scripts/bench.py

bench-interop: $(TEST_STAMP) bytecode
	$(BIN)/python scripts/bench_interop.py

eval: $(TEST_STAMP)
	$(BIN)/python scripts/eval.py

clean:
	rm -rf $(VENV) .reader .pytest_cache .mypy_cache .ruff_cache
