# Every target sets up its own virtual environment from nothing (.venv), so a
# clean checkout needs only Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck unit clean

# The demo archive (examples/archive/generate.py), made afresh by `make demo` and
# `make docs` (its waivers are dated from today), and what the site makes of it.
DEMO := build/demo-archive
DEMO_PAGES := --versions processes/ --stats $(DEMO)/records.jsonl \
    --practice $(DEMO)/records.jsonl --roster $(DEMO)/roster.yaml --waivers $(DEMO)/waivers.yaml

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,docs]'
	touch $(STAMP)

demo: $(STAMP)
	@echo "== sdlc lint: the shipped processes"
	$(BIN)/sdlc lint processes/eid-gateway.yaml processes/baseline.yaml
	@echo "== sdlc check: the example change records (the 2020-like incident must fail)"
	@status=0; $(BIN)/sdlc check examples/*.yaml --process processes/eid-gateway.yaml \
	    --roster processes/eid-gateway.roster.yaml || status=$$?; \
	  if [ $$status -ne 1 ]; then echo "expected exit 1 (findings), got $$status"; exit 1; fi
	@echo "== the demo archive: a year of signed change records (examples/archive/generate.py)"
	$(BIN)/python examples/archive/generate.py --out $(DEMO)
	@echo "== sdlc render: the handbook of the shipped processes, with the demo archive's health"
	@echo "   and 'how we really work' pages, in the documentation site"
	$(BIN)/sdlc render processes/eid-gateway.yaml processes/baseline.yaml --out docs/handbook \
	    $(DEMO_PAGES)
	$(BIN)/sdlc render processes/eid-gateway.yaml --out docs/handbook-nb --language nb
	$(BIN)/python -m sdlc.handbook.reference docs/reference
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet
	@echo "built the site into site/: run 'make docs' to serve it at http://127.0.0.1:8000/"

# Serve the documentation site with the handbook, rebuilt on every edit.
.PHONY: docs
docs: $(STAMP)
	$(BIN)/python examples/archive/generate.py --out $(DEMO)
	$(BIN)/sdlc render processes/eid-gateway.yaml processes/baseline.yaml --out docs/handbook \
	    $(DEMO_PAGES)
	$(BIN)/sdlc render processes/eid-gateway.yaml --out docs/handbook-nb --language nb
	$(BIN)/python -m sdlc.handbook.reference docs/reference
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

test: lint typecheck unit

# The handbook's messages: extract them from the templates and code, merge them into
# each language's .po (the file a translator edits), and compile the .mo files that
# ship (tests/handbook/test_i18n.py checks the .mo files match the .po files).
LOCALE := sdlc/handbook/locale
.PHONY: catalogues
catalogues: $(STAMP)
	$(BIN)/pybabel extract -F $(LOCALE)/babel.cfg -k tr -k marked -k phrase --no-location \
	    --omit-header --sort-output -o $(LOCALE)/sdlc.pot .
	$(BIN)/pybabel update -D sdlc -i $(LOCALE)/sdlc.pot -d $(LOCALE) --width 100 \
	    --no-fuzzy-matching --ignore-pot-creation-date
	$(BIN)/pybabel compile -D sdlc -d $(LOCALE) --statistics
	rm $(LOCALE)/sdlc.pot

SOURCES := $(wildcard sdlc tests bench fuzz examples)

lint: $(STAMP)
	$(BIN)/ruff check $(SOURCES)
	$(BIN)/ruff format --check $(SOURCES)

typecheck: $(STAMP)
	$(BIN)/mypy $(SOURCES)

unit: $(STAMP)
	$(BIN)/pytest -q

# Coverage-guided fuzzing of the loaders and the checker with atheris, installed
# on demand (the 'fuzz' extra; never a runtime dependency), FUZZ_SECONDS per
# target. The corpus grows in .fuzz/corpus; crashes land in .fuzz/crashes (see
# fuzz/README.md). The test suite runs the same targets briefly (tests/test_fuzz.py).
FUZZ_SECONDS ?= 60
FUZZ_STAMP := $(VENV)/.fuzz-installed

$(FUZZ_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[fuzz]'
	touch $(FUZZ_STAMP)

# $(call fuzz_target,NAME,EXTRA SEED FOLDERS AND FLAGS): python -m fuzz NAME, the one entry point
define fuzz_target
	@mkdir -p .fuzz/corpus/$(1) .fuzz/crashes
	@echo "== fuzzing $(1) for $(FUZZ_SECONDS) s"
	$(BIN)/python -m fuzz $(1) .fuzz/corpus/$(1) fuzz/seeds/$(1) fuzz/regressions/$(1) $(2) \
	  -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=2048 -print_final_stats=1 \
	  -artifact_prefix=.fuzz/crashes/$(1)-
endef

.PHONY: fuzz
fuzz: $(FUZZ_STAMP)
	$(call fuzz_target,loaders,processes examples tests/cases/bad-input -dict=fuzz/loaders.dict)
	$(call fuzz_target,checker,)

# The benchmark (bench/README.md): sdlc against parsing and against PM4Py on the same
# records, as ratios in one run, written to bench/RESULTS.md (a few minutes; at most
# ten). PM4Py and pandas live in the benchmark's own environment, bench/.venv, never
# in the package's dependencies. Options go in BENCH_ARGS, e.g. BENCH_ARGS=--smoke
# (seconds, prints instead of writing) or BENCH_ARGS='--large 1000000'.
BENCH_VENV := bench/.venv
BENCH_STAMP := $(BENCH_VENV)/.installed
BENCH_ARGS ?=

$(BENCH_STAMP): pyproject.toml bench/requirements.txt
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(BENCH_VENV)/bin/python -m pip install --quiet -r bench/requirements.txt -e .
	touch $(BENCH_STAMP)

.PHONY: bench
bench: $(BENCH_STAMP)
	$(BENCH_VENV)/bin/python -m bench.run $(BENCH_ARGS)

clean:
	rm -rf $(VENV) build dist site .pytest_cache .mypy_cache .ruff_cache .fuzz
