# Two entry points (see README): `make demo` runs the main job, `make test` the test suite.
# Both build the virtualenv from pyproject.toml on first use, so a fresh clone needs nothing else.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench soak

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/redline run-sample

# pytest exits 5 when it collects no tests: that is a failure here, never a pass.
test: $(STAMP)
	bash scripts/system-deps.sh
	$(BIN)/ruff check src tests bench
	REDLINE_REQUIRE_SERVICES=1 $(BIN)/python -m pytest -q -p no:cacheprovider; rc=$$?; \
	  if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing"; exit 1; fi; exit $$rc

lint: $(STAMP)
	$(BIN)/ruff check src tests bench

bench: $(STAMP)
	$(BIN)/python bench/load.py
	$(BIN)/python bench/match.py

# A bounded load run of the HTTP API (loopback only) with a memory-growth check.
soak: $(STAMP)
	$(BIN)/python bench/soak.py --seconds 120
