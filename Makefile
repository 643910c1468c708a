# The two commands a new user needs: `make run` and `make test`. Both create .venv when missing.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
OUT ?= build/examples

.PHONY: install run test test-embed test-spark lint bench model clean browser

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
	$(BIN)/lint-imports --no-cache --no-logo  # the dependency rule: pyproject.toml [tool.importlinter]

test: lint browser
	$(BIN)/python -m pytest -n 2
	$(MAKE) test-embed
	$(MAKE) test-spark

# A headless Chromium for tests/replay/test_replay_browser.py, which opens `guardc replay --html`
# pages in a real browser. GUARDC_CHROMIUM names one to use; else `chromium` on the PATH; else
# Debian's `chromium` package is installed with apt-get (as root, or with sudo that asks no
# password): about 55 s and 124 MB from a cold apt cache (docs/replay.md). The check costs nothing
# once a browser is there, so this runs on every `make test` and installs only the first time.
# Anywhere else it stops with the command to run: the browser test is never skipped.
APT_CHROMIUM := apt-get -q -o DPkg::Lock::Timeout=600
browser:
	@if [ -n "$$GUARDC_CHROMIUM" ]; then \
	  test -x "$$GUARDC_CHROMIUM" || { echo "GUARDC_CHROMIUM=$$GUARDC_CHROMIUM is not an executable file" >&2; exit 1; }; \
	elif command -v chromium >/dev/null 2>&1; then :; \
	elif ! command -v apt-get >/dev/null 2>&1; then \
	  echo "No chromium on the PATH and no apt-get: install Chromium (or Chrome) and set GUARDC_CHROMIUM=/path/to/it" >&2; exit 1; \
	else \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; elif sudo -n true 2>/dev/null; then SUDO="sudo -n"; else \
	    echo "No chromium on the PATH. Install it with: sudo apt-get install --no-install-recommends chromium" >&2; \
	    echo "(or set GUARDC_CHROMIUM=/path/to/chromium); the HTML report's browser test needs it." >&2; exit 1; fi; \
	  echo "== installing Debian's chromium for the browser test (once)"; \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive $(APT_CHROMIUM) update && \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive $(APT_CHROMIUM) install -y --no-install-recommends chromium; \
	fi

# The suite again for the evaluator with the optional [embed] engine (MiniLM on onnxruntime,
# ~210 MB) in its own venv, so the main venv keeps proving that the core needs none of it.
EMBED_VENV := .venv-embed
EMBED_STAMP := $(EMBED_VENV)/.installed
EMBED_TESTS := tests/runtime/test_runtime_embed.py tests/runtime/test_runtime_engine.py \
	tests/commands/test_eval_cli.py tests/testing/test_guardc_test.py \
	tests/targets/test_target_evaluator.py tests/test_examples_golden.py \
	tests/runtime/test_everyday_messages.py tests/runtime/test_runtime_embed_content.py \
	tests/test_stdlib.py

$(EMBED_STAMP): pyproject.toml
	test -x $(EMBED_VENV)/bin/python || $(PY) -m venv $(EMBED_VENV)
	$(EMBED_VENV)/bin/python -m pip install -q --upgrade pip
	$(EMBED_VENV)/bin/python -m pip install -q -e '.[dev,embed]'
	touch $(EMBED_STAMP)

test-embed: $(EMBED_STAMP)
	$(EMBED_VENV)/bin/python -m pytest -n 2 $(EMBED_TESTS)
	$(EMBED_VENV)/bin/guardc test examples/ --engine embed

# The Spark engine of `guardc replay` (the optional [spark] extra, PySpark ~450 MB with its jars)
# in its own venv, like [embed]. Its tests share one SparkSession, so they run without xdist.
# Java 17+ must be on the PATH (PySpark 4 starts a JVM).
SPARK_VENV := .venv-spark
SPARK_STAMP := $(SPARK_VENV)/.installed
SPARK_TESTS := tests/replay/test_replay_spark.py

$(SPARK_STAMP): pyproject.toml
	test -x $(SPARK_VENV)/bin/python || $(PY) -m venv $(SPARK_VENV)
	$(SPARK_VENV)/bin/python -m pip install -q --upgrade pip
	$(SPARK_VENV)/bin/python -m pip install -q -e '.[dev,spark]'
	touch $(SPARK_STAMP)

test-spark: $(SPARK_STAMP)
	$(SPARK_VENV)/bin/python -m pytest -p no:xdist $(SPARK_TESTS)

# Presidio (the PII comparison) comes with the bench extra only; the suite never needs it.
BENCH_STAMP := $(VENV)/.installed-bench
$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install -q -e '.[dev,bench]'
	touch $(BENCH_STAMP)

# The [embed] engine's numbers come from its own venv when it exists (make test-embed makes it).
bench: $(BENCH_STAMP)
	$(BIN)/python -m benchmarks
	test ! -x $(EMBED_VENV)/bin/python || $(EMBED_VENV)/bin/python -m benchmarks bench_embed

# After a botocore upgrade: regenerate Bedrock's model snapshot (test_bedrock_model fails until then).
model: $(STAMP)
	$(BIN)/python -m compiler.aws.bedrock_model --regenerate

clean:
	rm -rf build $(VENV) $(EMBED_VENV) $(SPARK_VENV)
