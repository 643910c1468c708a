"""The job file for `spark-submit`: `guardc replay ... --engine spark` on the submitted master.

    spark-submit --master yarn scripts/replay_spark.py policies/ --guardrail retail-support \
        --logs s3a://my-log-bucket/AWSLogs/111122223333/BedrockModelInvocationLogs/ \
        --out s3a://my-results/replay-2026-11-30/

Every argument is `guardc replay`'s; `--engine spark` is added. The executors need guardc
importable (installed in the cluster's Python, or shipped with `--py-files`). docs/replay.md.
"""

from __future__ import annotations

import sys

from compiler.cli import main

if __name__ == "__main__":
    sys.exit(main(["replay", *sys.argv[1:], "--engine", "spark"]))
