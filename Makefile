# The two ways to start are `make serve` and `make test`; both set themselves up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8000

.PHONY: install install-locked lock lint test validate site site-intern serve bench fuzz clean

# The package's bytecode is compiled on every install (quick when it is up to date):
# an editable install does not compile it, and where PYTHONDONTWRITEBYTECODE is set
# (as in many containers) Python would otherwise compile every module on every run,
# a twentieth of a second before `samverkan validate` can start checking.
install: $(STAMP)
	@$(BIN)/python -m compileall -q scripts/samverkan

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip==25.3
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	@touch $(STAMP)

# CI and Pages: exactly the files in requirements.lock, each checked against
# its hash, then this project itself (no download at all for the build backend).
install-locked:
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@$(BIN)/python -m compileall -q scripts/samverkan
	@touch $(STAMP)

# Rewrite requirements.lock after a change to pyproject.toml or constraints.txt
# (needs uv: pip install uv==0.13.8). Covers Linux x86_64, CPython 3.11.
lock:
	uv pip compile pyproject.toml .ci/bygg.in --extra test --generate-hashes \
		--python-version 3.11.15 --python-platform x86_64-unknown-linux-gnu \
		-c constraints.txt --custom-compile-command "make lock" -o requirements.lock

validate: install
	$(BIN)/samverkan validate

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint
	$(BIN)/python -m pytest

site: validate
	$(BIN)/mkdocs build --strict

# internal edition: intern documents included and marked; never publish it openly
site-intern: validate
	SAMVERKAN_INTERN=true $(BIN)/mkdocs build --strict --site-dir site-intern

# One build on start, validated by the plugin with the same checker as `make validate`;
# after that only what a saved file changes (--dirty). Strict mode is off because a
# warning would stop the preview; errors show as an error page in the browser.
serve: install
	$(BIN)/mkdocs serve --dirty --no-strict --dev-addr 127.0.0.1:$(PORT)

bench: install
	$(BIN)/python bench/validate_bench.py
	$(BIN)/python bench/build_bench.py
	$(BIN)/python bench/history_bench.py

# thousands of mutated archives through the validator (tests/fuzzing.py); FUZZ_CASES=N to change
fuzz: install
	$(BIN)/python bench/fuzz_bench.py --cases $(or $(FUZZ_CASES),10000)

clean:
	rm -rf site site-intern .pytest_cache
