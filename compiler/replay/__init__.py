"""Replay: what a guardrail does to logged traffic (`guardc replay`, docs/replay.md).

Records come from Bedrock's model invocation logs (local files and folders, `s3://`, CloudWatch
Logs exports) or from `guardc eval --jsonl` request files (`sources.py`, `records.py`,
`bodies.py`); each prompt and answer is judged by the local evaluator under the candidate and
an optional baseline policy (`core.py`, a pure function of the plans and one item, so that the
local engine's process pool and Spark's partitions run the same code); the rows are summed
(`summary.py`) and reported as text, JSON or HTML (`report.py`, `html.py`).

`logrecord.py` writes the records `guardc eval --log FILE` appends: the invocation-log shape
that `records.py` reads.

Only `spark.py` imports PySpark (the optional `guardc[spark]` extra), and only `sources.py`
imports boto3, when a source is `s3://`.
"""
