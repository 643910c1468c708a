# The two commands a new user needs: `make run` and `make test`. Both create .venv when missing.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
OUT ?= build/examples

.PHONY: install run test test-core extras test-embed test-spark lint bench model clean browser

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

# The extras' venvs ([embed], [spark] with its S3 jars) are made while the core suite runs: their
# installs wait mostly on downloads, not on the two cores, and on a cold pip cache they took
# minutes end to end. Then each extra's tests run in turn (each uses both cores itself).
test: lint browser
	$(MAKE) -j2 test-core extras
	$(MAKE) test-embed
	$(MAKE) test-spark

test-core: $(STAMP)
	$(BIN)/python -m pytest -n 2

extras: $(EMBED_STAMP) $(SPARK_STAMP) $(S3A_STAMP)

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
	tests/test_stdlib.py tests/runtime/test_roles.py tests/runtime/test_spot_checks.py \
	tests/test_train_embed_attack_head.py tests/runtime/test_explain_attack.py \
	tests/runtime/test_long_requests.py tests/runtime/test_own_items.py \
	tests/runtime/test_customer_messages.py tests/runtime/test_new_user_set.py \
	tests/runtime/test_tech_questions.py tests/runtime/test_tool_outputs_set.py \
	tests/runtime/test_prompt_writing_set.py tests/runtime/test_prompt_writing.py \
	tests/runtime/test_ai_topics_more.py tests/runtime/test_product_questions.py tests/runtime/test_records_and_free_worlds.py tests/runtime/test_harm_asks_in_gates.py tests/runtime/test_drops_more.py

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
SPARK_TESTS := tests/replay/test_replay_spark.py tests/replay/test_replay_s3a.py

$(SPARK_STAMP): pyproject.toml
	test -x $(SPARK_VENV)/bin/python || $(PY) -m venv $(SPARK_VENV)
	$(SPARK_VENV)/bin/python -m pip install -q --upgrade pip
	$(SPARK_VENV)/bin/python -m pip install -q -e '.[dev,spark]'
	touch $(SPARK_STAMP)

# Spark reading s3a:// (tests/replay/test_replay_s3a.py) needs Hadoop's S3 connector, hadoop-aws,
# and the AWS SDK for Java: PySpark does not ship them and Maven Central is not reachable here.
# The one PyPI package found carrying both is sagemaker-pyspark 1.4.5 (Apache-2.0, 2022): its
# source archive (181 MB) holds hadoop-aws 3.3.1 and aws-java-sdk-bundle 1.11.901. Only those two
# jars are kept, checked against the SHA-256 they had when this was written. moto[server] is the
# S3 the test reads, on 127.0.0.1.
S3A_STAMP := $(SPARK_VENV)/.installed-s3a
S3A_DIR := $(SPARK_VENV)/s3a-jars
S3A_SDIST := sagemaker_pyspark-1.4.5
S3A_JARS := $(S3A_DIR)/hadoop-aws-3.3.1.jar,$(S3A_DIR)/aws-java-sdk-bundle-1.11.901.jar

$(S3A_STAMP): $(SPARK_STAMP)
	$(SPARK_VENV)/bin/python -m pip install -q 'moto[server]'
	rm -rf $(S3A_DIR) && mkdir -p $(S3A_DIR)/download
	$(SPARK_VENV)/bin/python -m pip download -q --no-deps -d $(S3A_DIR)/download sagemaker-pyspark==1.4.5
	tar -xzf $(S3A_DIR)/download/$(S3A_SDIST).tar.gz -C $(S3A_DIR) --strip-components=3 \
	  $(S3A_SDIST)/deps/jars/hadoop-aws-3.3.1.jar $(S3A_SDIST)/deps/jars/aws-java-sdk-bundle-1.11.901.jar
	cd $(S3A_DIR) && printf '%s  %s\n' \
	  6be50ad8a8b445d2802381b085b2a3ede5c29d353450a6a21f16b2fefa962b6e hadoop-aws-3.3.1.jar \
	  b87175b32a16544cc1b37cf40390eb375833e62bed67f8ce6cde4b7ad6429ead aws-java-sdk-bundle-1.11.901.jar \
	  | sha256sum -c --quiet -
	rm -rf $(S3A_DIR)/download
	touch $(S3A_STAMP)

# One JVM for both modules: the connector's jars are on its class path from the start.
test-spark: $(SPARK_STAMP) $(S3A_STAMP)
	GUARDC_S3A_JARS=$(S3A_JARS) PYSPARK_SUBMIT_ARGS="--jars $(S3A_JARS) pyspark-shell" \
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
