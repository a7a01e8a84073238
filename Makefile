# graphbolt developer commands. Every target installs what it needs into .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install test lint unit tck serve clean bench bench-stream

include mk/interop.mk

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python tools/unasync.py --check

unit: $(STAMP) interop-deps
	$(BIN)/pytest -n 2 tests

test: lint unit

tck: $(STAMP)
	$(BIN)/python tests/tck/run.py ../shared/tck

# Benchmarks only report (never part of make test); see benchmarks/README.md.
bench: $(STAMP)
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)
	$(BIN)/python benchmarks/stream.py $(STREAM_ARGS)
	$(BIN)/python benchmarks/decode.py

# Driver decoding alone: one 1,000,000-row result through each driver over Bolt.
bench-stream: $(STAMP)
	$(BIN)/python benchmarks/stream.py $(STREAM_ARGS)

serve: $(STAMP)
	$(BIN)/graphbolt serve --listen 127.0.0.1:7687 --data ./data

clean: clean-interop
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
