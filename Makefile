# Storyline: `make demo` and `make test` do all the set-up on a fresh machine.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
OUT ?= out/kosovo

.PHONY: demo test install spark bench clean lock

demo: $(VENV)/.installed
	$(BIN)/storyline brief examples/kosovo -o $(OUT)
	@echo "Report: $(OUT)/brief.html (also brief.md, brief.json; store $(OUT)/storyline.duckdb)"

test: $(VENV)/.installed $(VENV)/.spark
	$(BIN)/python -m pytest

install: $(VENV)/.installed

# `--engine spark`: pyspark (about 450 MB, so not part of `make demo`); it needs a Java runtime.
spark: $(VENV)/.spark

$(VENV)/.spark: $(VENV)/.installed requirements-spark.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-spark.lock
	touch $@

# Everything pinned by requirements.lock (runtime, tests and benchmarks), then the package itself
# and the bytecode of its modules: an editable install leaves none, and where Python may not
# write it (PYTHONDONTWRITEBYTECODE) every command would compile them again at start.
$(VENV)/.installed: pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(BIN)/python -m compileall -q src
	touch $@

bench: $(VENV)/.installed
	$(BIN)/python bench/throughput.py

# Re-pin after changing dependencies in pyproject.toml.
lock:
	$(BIN)/python -m pip freeze --all --exclude-editable | grep -vE "^(storyline|pip|pyspark|py4j)==" > requirements.lock

clean:
	rm -rf out .pytest_cache
