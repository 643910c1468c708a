"""Bodies Bedrock delivered to S3 as large data, read back for a replay.

Model invocation logging keeps a request or response body inline (`input.inputBodyJson`,
`output.outputBodyJson`) only up to a size limit (100 KB for CloudWatch Logs); a larger body is
written as its own object to the large-data S3 location of the logging configuration, and the record
carries its address instead: `input.inputBodyS3Path` / `output.outputBodyS3Path` (`s3://bucket/key`,
the object being the body's JSON, gzip-compressed or not).

`LargeData` is the reader `records.py` calls for such an address: GetObject through boto3 (one
client per process, made on first use, so a worker or Spark executor that never meets a pointer
never imports boto3), the body read up to MAX_BODY_BYTES, unzipped when it starts with gzip's magic
bytes, and parsed. Only the buckets the replay was given are read (the logging blocks' buckets, the
`--logs` S3 buckets and `--large-data-bucket`): a log record is untrusted input, and an address in
another bucket would otherwise make guardc read, with the caller's credentials, any JSON object that
role can reach (docs/security.md). Anything that goes wrong (no permission on the large-data bucket,
a deleted object, a body too big or not JSON) is a `RecordError`: the record is counted as
unreadable with its location and the reason, never fatal.
"""

from __future__ import annotations

import gzip
import io
import json
import zlib
from collections.abc import Iterable
from typing import Any

from . import sources
from .records import RecordError

MAX_BODY_BYTES = 64 * 1024 * 1024  # unzipped; a bigger body is an unreadable record


class LargeData:
    """`LargeData(buckets)(uri)`: the parsed JSON body at `s3://bucket/key`, for a bucket of
    `buckets` (RecordError if not, or if it cannot be read)."""

    def __init__(self, buckets: Iterable[str], client: Any = None) -> None:
        self.buckets = frozenset(buckets)
        self._client = client

    def client(self) -> Any:
        if self._client is None:
            self._client = sources.s3_client()
        return self._client

    def __call__(self, uri: str) -> Any:
        from botocore.exceptions import BotoCoreError, ClientError  # noqa: PLC0415 - on use

        if not sources.is_s3(uri):
            raise RecordError(f"a large-data body address that is not s3:// ({uri[:80]})")
        try:
            bucket, key = sources.split_s3(uri)
        except sources.SourceError as exc:
            raise RecordError(str(exc)) from None
        if bucket not in self.buckets:
            raise RecordError(
                f"the large-data body {uri[:200]} is in bucket `{bucket}`, which is not one replay "
                "reads from (a logging block's bucket, an s3:// --logs source's bucket, or "
                "--large-data-bucket): not read"
            )
        try:
            raw = self.client().get_object(Bucket=bucket, Key=key)["Body"].read(MAX_BODY_BYTES + 1)
        except ClientError as exc:
            code = exc.response.get("Error", {}).get("Code", "error")
            raise RecordError(f"cannot read the large-data body {uri}: {code}") from None
        except BotoCoreError as exc:
            raise RecordError(f"cannot read the large-data body {uri}: {exc}") from None
        return parse_body(uri, raw)


def parse_body(uri: str, raw: bytes) -> Any:
    """The JSON value of a large-data object's bytes (gunzipped first when gzip)."""
    try:
        if raw[:2] == b"\x1f\x8b":
            raw = gzip.GzipFile(fileobj=io.BytesIO(raw)).read(MAX_BODY_BYTES + 1)
    except (EOFError, OSError, zlib.error) as exc:
        raise RecordError(f"the large-data body {uri} is corrupt gzip data: {exc}") from None
    if len(raw) > MAX_BODY_BYTES:
        raise RecordError(f"the large-data body {uri} is over {MAX_BODY_BYTES:,} bytes")
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, RecursionError, ValueError):
        raise RecordError(f"the large-data body {uri} is not JSON") from None
