# The two commands a new user needs: `make run` and `make test`. Both create .venv when missing.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
OUT ?= build/examples

.PHONY: install run test lint bench model clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/guardc check examples/
	$(BIN)/guardc test examples/
	rm -rf $(OUT)
	$(BIN)/guardc compile examples/ -o $(OUT)
	@echo "== artefacts in $(OUT)"
	@find $(OUT) -type f | sort
	@echo "== $(OUT)/retail-support/bedrock.json"
	@cat $(OUT)/retail-support/bedrock.json
	@echo "== $(OUT)/retail-support/iam/deployer.json"
	@cat $(OUT)/retail-support/iam/deployer.json
	@echo "== python $(OUT)/retail-support/evaluator.pyz --output 'Mail me at jane@example.com'"
	@python3 $(OUT)/retail-support/evaluator.pyz --output 'Mail me at jane@example.com'

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest -n 2

# Presidio (the PII comparison) comes with the bench extra only; the suite never needs it.
BENCH_STAMP := $(VENV)/.installed-bench
$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install -q -e '.[dev,bench]'
	touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	$(BIN)/python -m benchmarks

# After a botocore upgrade: regenerate Bedrock's model snapshot (test_bedrock_model fails until then).
model: $(STAMP)
	$(BIN)/python -m compiler.bedrock_model --regenerate

clean:
	rm -rf build $(VENV)
