"""The third attack round (issue 16), on the surfaces session 4 added and nobody had attacked:
`calibrate` on malformed records, the text blocks `import` writes, large-data bodies read from
S3, `replay` to and from `s3a://`, `test --record`, and `plan`/`apply` with organization
enforcement and `--remove-enforcement`. Each parametrized case is one attempt; the cases that
failed before their fix say so.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from ._trust import BOT, RECORD, Run, bot_project, guardc

ESC = "\x1b]0;pwned\x07"
GOOD = RECORD


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return bot_project(tmp_path, monkeypatch)


def _safe(run: Run, *codes: int) -> None:
    """No internal error, nothing that drives a terminal, an exit code from the table."""
    assert run.code in codes, (run.code, run.err)
    assert "E901" not in run.err and "Traceback" not in run.err, run.err
    for ch in ("\x1b", "\x07", "\x9b", "\u202e", "\x00"):
        assert ch not in run.out + run.err, f"{ch!r} printed raw"


# ── calibrate: malformed records ─────────────────────────────────────────────────────────────


def _with(**fields: Any) -> str:
    record = copy.deepcopy(GOOD)
    record.update(fields)
    return json.dumps(record)


def _response(response: Any) -> str:
    return _with(response=response)


def _filter(**fields: Any) -> str:
    record = copy.deepcopy(GOOD)
    record["response"]["assessments"][0]["contentPolicy"]["filters"][0].update(fields)
    return json.dumps(record)


def _intervened(assessment: Any) -> str:
    return _response({"action": "GUARDRAIL_INTERVENED", "assessments": [assessment]})


GOOD_LINE = json.dumps(GOOD)
# (the line, the exit code); the E901 ones failed before (an internal error in the fitting)
RECORDS: dict[str, tuple[str, int]] = {
    "unknown guardrail": (_with(guardrail="nope"), 2),
    "guardrail name with escapes": (_with(guardrail=ESC), 2),  # was printed raw
    "guardrail id with escapes": (_with(guardrailId=ESC + "\u202e"), 0),  # was printed raw
    "empty content": (_with(content=[]), 0),
    "content not text": (_with(content=[{"image": {}}]), 0),
    "content text a number": (_with(content=[{"text": {"text": 5}}]), 2),  # was E901
    "content text null": (_with(content=[{"text": None}]), 2),  # was E901
    "content qualifiers a string": (
        _with(content=[{"text": {"text": "x", "qualifiers": "query"}}]),
        2,
    ),
    "content a string": (_with(content="hi"), 2),
    "response a list": (_with(response=[]), 2),
    "response null": (_with(response=None), 2),
    "assessments a string": (_response({"action": "NONE", "assessments": "x"}), 2),  # was E901
    "assessments of strings": (_response({"action": "NONE", "assessments": ["x"]}), 2),  # E901
    "assessments null": (_response({"action": "NONE", "assessments": None}), 2),  # was E901
    "contentPolicy a list": (_intervened({"contentPolicy": []}), 2),  # was E901
    "filters an object": (_intervened({"contentPolicy": {"filters": {}}}), 2),
    "filters holding null": (_intervened({"contentPolicy": {"filters": [None]}}), 2),  # E901
    "topics a string": (_intervened({"topicPolicy": {"topics": "x"}}), 2),  # was E901
    "grounding filters of numbers": (
        _intervened({"contextualGroundingPolicy": {"filters": [1]}}),
        2,
    ),
    "unknown confidence": (_filter(confidence="EXTREME"), 0),
    "confidence a number": (_filter(confidence=3), 0),
    "unknown filter type": (_filter(type="NOPE"), 0),
    "filter type null": (_filter(type=None), 0),
    "detected a string": (_filter(detected="yes"), 0),
    "action a number": (_response({"action": 1, "assessments": []}), 0),
    "NaN": (GOOD_LINE.replace('"detected": true', '"detected": NaN'), 0),
    "Infinity version": (GOOD_LINE.replace('"1"', "Infinity"), 2),
    "key given twice": (GOOD_LINE[:-1] + ', "source": "OUTPUT"}', 0),
    "byte-order mark": ("\ufeff" + GOOD_LINE, 0),
    "NUL in the text": (_with(content=[{"text": {"text": "a\x00b"}}]), 0),
    "lone surrogate": (GOOD_LINE.replace("Ignore", "\\ud800Ignore"), 0),
    "source in lower case": (_with(source="input"), 2),
    "another format": (_with(format="guardc-record/2"), 2),
    "an array": ("[1, 2]", 2),
    "a string": ('"x"', 2),
    "CRLF": (GOOD_LINE + "\r", 0),
    "word match null": (_intervened({"wordPolicy": {"customWords": [{"match": None}]}}), 0),
    "pii type a number": (
        _intervened({"sensitiveInformationPolicy": {"piiEntities": [{"type": 5}]}}),
        0,
    ),
}


@pytest.mark.parametrize("name", list(RECORDS))
def test_calibrate_on_a_malformed_record(
    capsys: pytest.CaptureFixture[str], repo: Path, name: str
) -> None:
    line, code = RECORDS[name]
    (repo / "rec.jsonl").write_text(line + "\n", encoding="utf-8")
    run = guardc(capsys, repo, "calibrate", "rec.jsonl", "bot.guard", "--dry-run")
    _safe(run, code)
    if code == 2 and "guardrail" not in name:
        assert "rec.jsonl:1" in run.err, run.err


def test_calibrate_writes_a_record_files_hidden_characters_escaped(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    """The calibration file lists the recorded guardrail ids: they came from the record file."""
    (repo / "rec.jsonl").write_text(_with(guardrailId=ESC + "\u202e") + "\n", encoding="utf-8")
    _safe(guardc(capsys, repo, "calibrate", "rec.jsonl", "bot.guard"), 0)
    text = (repo / "guardc.calibration.json").read_text(encoding="utf-8")
    assert "\x1b" not in text and "\u202e" not in text and "\x07" not in text
    assert "\\u001b]0;pwned\\u0007\\u202e" in text
    data = json.loads(text)
    assert data["guardrails"]["bot"]["standard"]["recorded"] == [f"{ESC}\u202e:1"]


# ── import: the text it writes re-parses to the same guardrail ──────────────────────────────────

IMPORT_SOURCE = """\
guardrail "g":
  description "d"
  on blocked input say "no"
  on blocked output say "nope"
  deny topic "T":
    means "about t"
    for example "ex one"
  block word "zeus"
  block pattern "P" matching "ab+c" described as "pd"
"""
# strings a deployed guardrail may hold (Bedrock gives these fields no pattern)
VALUES = [
    'say """hi"""',
    'a """ b\nc',
    "ends with a backslash \\",
    "two lines, a backslash\\",
    "a literal \\n",
    "a literal \\u{202e}",
    "tab\there",
    "cr\rhere",
    "crlf\r\nhere",
    "nul\x00here",
    "bidi \u202e override",
    "zero\u200bwidth",
    "C1 \x9b CSI",
    "line separator \u2028 here",
    "trailing spaces   \nnext",
    "\nleading line break",
    "trailing line break\n",
    '""""',
    'x\n"""',
    'x\n"',
    '"\nx',
    "emoji \U0001f600",
    "  indented\n    more",
    "# not a comment\n# nor this",
    "ESC \x1b[2J",
    '\\"',
    "a\\\nb",
    "x\n\n\ny",
    "x\n ",
    '"""',
]
FIELDS = {
    "blocked message": lambda r, v: r.__setitem__("blockedInputMessaging", v),
    "description": lambda r, v: r.__setitem__("description", v),
    "topic definition": lambda r, v: r["topicPolicyConfig"]["topicsConfig"][0].__setitem__(
        "definition", v
    ),
    "topic example": lambda r, v: r["topicPolicyConfig"]["topicsConfig"][0].__setitem__(
        "examples", [v]
    ),
    "word": lambda r, v: r["wordPolicyConfig"]["wordsConfig"][0].__setitem__("text", v),
    "regex description": lambda r, v: r["sensitiveInformationPolicyConfig"]["regexesConfig"][
        0
    ].__setitem__("description", v),
}
NOT_CONFIG = ("tags", "clientRequestToken")


def _compiled(path: Path) -> dict[str, Any] | None:
    from compiler.diagnostics.sink import Diagnostics
    from compiler.pipeline import load
    from compiler.targets.bedrock import payload

    sink = Diagnostics()
    loaded = load([path], sink)
    if sink.has_errors:
        return None
    [guardrail] = loaded.policy.guardrails
    return {k: v for k, v in payload(guardrail).items() if k not in NOT_CONFIG}


@pytest.mark.parametrize("value", VALUES, ids=ascii)
@pytest.mark.parametrize("field", list(FIELDS))
def test_import_writes_source_that_reparses_to_the_same_guardrail(
    tmp_path: Path, field: str, value: str
) -> None:
    """Either the imported source compiles to exactly the deployed configuration, or E504 says
    which member it could not carry; never a source that fails to parse or silently differs."""
    from aws_standin_wire import as_response

    from compiler.commands.import_ import imported_source
    from compiler.diagnostics.sink import Diagnostics

    (tmp_path / "g.guard").write_text(IMPORT_SOURCE, encoding="utf-8")
    request = _compiled(tmp_path / "g.guard")
    assert request is not None
    FIELDS[field](request, value)
    # as_response reverses every list of a policy: hand it them reversed
    config = {
        k: {n: e[::-1] if isinstance(e, list) else e for n, e in v.items()}
        if isinstance(v, dict)
        else v
        for k, v in copy.deepcopy(request).items()
    }
    sink = Diagnostics()
    text = imported_source([(as_response(config, "us-east-1", fill_defaults=False), {})], "x", sink)
    lost = [d for d in sink.sorted() if d.code == "E504"]
    assert all(d.code in ("E504", "W206") for d in sink.sorted())
    (tmp_path / "imported.guard").write_text(text, encoding="utf-8")
    again = _compiled(tmp_path / "imported.guard")
    assert again is not None, text
    if not lost:
        assert json.dumps(again, sort_keys=True) == json.dumps(request, sort_keys=True), text


def test_import_of_a_guardrail_holding_hidden_characters_warns_and_exits_0(
    standin: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """W206 (a warning) alone made `import` exit 1, which its table keeps for E504: a CI job
    importing a guardrail someone had typed a bidi override into failed with no error."""
    from compiler.cli import main

    monkeypatch.chdir(tmp_path)
    (tmp_path / "bot.guard").write_text(BOT, encoding="utf-8")
    assert main(["apply", "bot.guard", "--yes"]) == 0
    standin.console_edit("bot", lambda d: d.update(blockedInputMessaging=f"no {ESC}\u202e"))
    capsys.readouterr()
    code = main(["import", "--all", "-o", "imported.guard"])
    run = Run(code, *capsys.readouterr())
    _safe(run, 0)
    source = (tmp_path / "imported.guard").read_text(encoding="utf-8")
    assert f"no {ESC}\u202e" in source  # the language has no escape: written as deployed
    assert "W206" in run.err
    line = source.splitlines().index(next(x for x in source.splitlines() if "\u202e" in x)) + 1
    assert f"imported.guard:{line}:" in run.err, "the warning points at the line written"
    assert 'on blocked input say "no \\u{1b}]0;pwned' in run.err, "quoting that line, escaped"


# ── large data and s3a://: bodies and logs read from S3 (moto) ──────────────────────────────────

BUCKET = "bedrock-logs"
DATA = "AWSLogs/111122223333/BedrockModelInvocationLogs/eu-west-1/2026/11/30/10/data/"


@pytest.fixture
def s3(monkeypatch: pytest.MonkeyPatch) -> Any:
    """moto's S3 with a log bucket and a bucket of secrets; replay's client factory returns a
    client for it (path-style: see tests/replay/test_replay_sources.py)."""
    import boto3
    from botocore.config import Config
    from moto import mock_aws

    from compiler.replay import core, sources

    for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(key, "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-1")
    monkeypatch.setattr(core, "_BUILT", {})  # no evaluator (and client) from another test
    with mock_aws():
        client = boto3.client(
            "s3", region_name="eu-west-1", config=Config(s3={"addressing_style": "path"})
        )
        monkeypatch.setattr(sources, "s3_client", lambda: client)
        for bucket in (BUCKET, "secrets"):
            client.create_bucket(
                Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"}
            )
        secret = {"messages": [{"role": "user", "content": [{"text": "TOPSECRET zeus"}]}]}
        client.put_object(Bucket="secrets", Key="prod.json", Body=json.dumps(secret).encode())
        client.put_object(Bucket=BUCKET, Key=f"{DATA}prod.json", Body=json.dumps(secret).encode())
        yield client


def _offloaded(pointer: Any) -> str:
    """An invocation log record whose prompt body Bedrock delivered to S3 at `pointer`."""
    return json.dumps(
        {
            "schemaType": "ModelInvocationLog",
            "timestamp": "2026-11-30T10:00:00Z",
            "modelId": "anthropic.claude-3-haiku-20240307-v1:0",
            "operation": "Converse",
            "requestId": "req-1",
            "input": {"inputBodyS3Path": pointer},
            "output": {"outputBodyJson": {"output": {"message": {"content": []}}}},
        }
    )


def _replay(capsys: pytest.CaptureFixture[str], repo: Path, *extra: str) -> tuple[Run, Any]:
    run = guardc(
        capsys, repo, "replay", "bot.guard", "--guardrail", "bot", "--workers", "1",
        "--format", "json", "--show-text", *extra,
    )  # fmt: skip
    return run, json.loads(run.out) if run.code == 0 else None


# the log bucket (and a missing one, to see S3's answer): what replay may read bodies from
FETCH: tuple[str, ...] = ("--fetch-large-data", "--large-data-bucket", BUCKET)
FETCH += ("--large-data-bucket", "no-such-bucket")

TRAVERSALS = [
    f"s3://{BUCKET}/{DATA}../../../../../../../../../secrets/prod.json",
    f"s3://{BUCKET}/../secrets/prod.json",
    f"s3://{BUCKET}/{DATA}./prod.json",
    f"s3a://{BUCKET}/{DATA}../prod.json",
    f"s3://{BUCKET}/{DATA}..",
]


@pytest.mark.parametrize("pointer", TRAVERSALS)
def test_a_large_data_address_with_dot_segments_is_not_fetched(
    s3: Any, capsys: pytest.CaptureFixture[str], repo: Path, pointer: str
) -> None:
    """With path-style addresses a proxy that resolves `..` turns the log bucket's key into
    another bucket's object: refused before any GetObject (before: fetched as given)."""
    (repo / "l.jsonl").write_text(_offloaded(pointer) + "\n", encoding="utf-8")
    run, doc = _replay(capsys, repo, "--logs", "l.jsonl", *FETCH)
    _safe(run, 0)
    assert doc["unreadable"]["count"] == 1
    assert "`..` segment" in doc["unreadable"]["shown"][0]["message"]
    assert "TOPSECRET" not in run.out


# (pointer or body, what the unreadable record's message says); none may be an internal error
BODIES: dict[str, tuple[Any, bytes | None, str]] = {
    "not JSON": (f"s3://{BUCKET}/{DATA}a.json", b"<html>", "is not JSON"),
    "not UTF-8": (f"s3://{BUCKET}/{DATA}b.json", b'{"x": "\xff"}', "is not JSON"),
    "too deep": (f"s3://{BUCKET}/{DATA}c.json", b"[" * 100_000, "is not JSON"),
    "huge number": (f"s3://{BUCKET}/{DATA}d.json", b"9" * 100_000, "is not JSON"),
    "corrupt gzip": (f"s3://{BUCKET}/{DATA}e.json.gz", b"\x1f\x8bnot gzip", "corrupt gzip"),
    "JSON but no prompt": (f"s3://{BUCKET}/{DATA}f.json", b"[1, 2]", "no prompt or answer"),
    "missing object": (f"s3://{BUCKET}/{DATA}gone.json", None, "NoSuchKey"),
    "missing bucket": ("s3://no-such-bucket/x.json", None, "NoSuchBucket"),
    "no bucket": ("s3:///x.json", None, "no bucket"),
    "not s3": ("file:///etc/passwd", None, "not s3://"),
    "https": ("https://169.254.169.254/latest/meta-data/", None, "not s3://"),
    "escapes in the address": (f"s3://{BUCKET}/{ESC}\u202e.json", None, "cannot read"),
    "a number": (5, None, "no prompt or answer"),
    "a list": ([f"s3://{BUCKET}/{DATA}prod.json"], None, "no prompt or answer"),
}


@pytest.mark.parametrize("name", list(BODIES))
def test_a_bad_large_data_body_is_an_unreadable_record(
    s3: Any, capsys: pytest.CaptureFixture[str], repo: Path, name: str
) -> None:
    pointer, body, says = BODIES[name]
    if body is not None:
        bucket, key = pointer.removeprefix("s3://").split("/", 1)
        s3.put_object(Bucket=bucket, Key=key, Body=body)
    (repo / "l.jsonl").write_text(_offloaded(pointer) + "\n", encoding="utf-8")
    run, doc = _replay(capsys, repo, "--logs", "l.jsonl", *FETCH)
    _safe(run, 0)
    assert doc["unreadable"]["count"] == 1, doc["unreadable"]
    assert says in doc["unreadable"]["shown"][0]["message"]
    text = guardc(
        capsys, repo, "replay", "bot.guard", "--guardrail", "bot", "--workers", "1",
        "--logs", "l.jsonl", *FETCH,
    )  # fmt: skip
    _safe(text, 0)


@pytest.mark.parametrize("compressed", [False, True], ids=["plain", "gzip-bomb"])
def test_a_huge_large_data_body_is_refused_without_reading_it_whole(
    s3: Any,
    capsys: pytest.CaptureFixture[str],
    repo: Path,
    monkeypatch: pytest.MonkeyPatch,
    compressed: bool,
) -> None:
    import gzip

    from compiler.replay import largedata

    monkeypatch.setattr(largedata, "MAX_BODY_BYTES", 64 * 1024)
    body = b'{"messages": [], "pad": "' + b"a" * (4 * 2**20) + b'"}'
    key = f"{DATA}big.json" + (".gz" if compressed else "")
    s3.put_object(Bucket=BUCKET, Key=key, Body=gzip.compress(body) if compressed else body)
    (repo / "l.jsonl").write_text(_offloaded(f"s3://{BUCKET}/{key}") + "\n", encoding="utf-8")
    run, doc = _replay(capsys, repo, "--logs", "l.jsonl", *FETCH)
    _safe(run, 0)
    assert "over 65,536 bytes" in doc["unreadable"]["shown"][0]["message"]


def test_a_large_data_body_holding_escapes_is_shown_escaped(
    s3: Any, capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    body = {"messages": [{"role": "user", "content": [{"text": f"zeus {ESC}\u202e\x9b2J"}]}]}
    s3.put_object(Bucket=BUCKET, Key=f"{DATA}esc.json", Body=json.dumps(body).encode())
    (repo / "l.jsonl").write_text(
        _offloaded(f"s3://{BUCKET}/{DATA}esc.json") + "\n", encoding="utf-8"
    )
    for fmt in ("text", "json"):
        run = guardc(
            capsys, repo, "replay", "bot.guard", "--guardrail", "bot", "--workers", "1",
            "--logs", "l.jsonl", *FETCH, "--show-text", "--format", fmt,
        )  # fmt: skip
        _safe(run, 0)


@pytest.mark.parametrize(
    "out",
    [
        "s3a://",
        "s3a:///summary",
        f"s3a://{BUCKET}/../secrets/replay",
        f"s3://{BUCKET}/a/./b",
        "s3x://bucket/x",
        "https://example.com/x",
    ],
)
def test_replay_out_to_a_bad_s3_address_is_a_usage_error(
    s3: Any, capsys: pytest.CaptureFixture[str], repo: Path, out: str
) -> None:
    """Checked before the replay runs, on either engine (`..` was accepted before)."""
    (repo / "l.jsonl").write_text('{"source": "INPUT", "text": "zeus"}\n', encoding="utf-8")
    for engine in ("local", "spark"):
        run = guardc(
            capsys, repo, "replay", "bot.guard", "--guardrail", "bot", "--logs", "l.jsonl",
            "--engine", engine, "--out", out,
        )  # fmt: skip
        _safe(run, 2)
        assert "--out" in run.err or "refusing" in run.err, run.err
    assert "Contents" not in s3.list_objects_v2(Bucket="secrets", Prefix="replay")


@pytest.mark.parametrize(
    "logs",
    ["s3a://", "s3n:///prefix", f"s3a://{BUCKET}/../secrets/", f"s3://{BUCKET}/{DATA}.."],
)
def test_replay_logs_from_a_bad_s3_address_is_a_usage_error(
    s3: Any, capsys: pytest.CaptureFixture[str], repo: Path, logs: str
) -> None:
    run = guardc(capsys, repo, "replay", "bot.guard", "--guardrail", "bot", "--logs", logs)
    _safe(run, 2)


def test_replay_logs_from_s3a_with_escapes_in_keys_and_texts(
    s3: Any, capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    """The object key is shown as each record's location: it is the bucket owner's text."""
    key = f"{DATA}{ESC}\u202e.jsonl"
    lines = [json.dumps({"source": "INPUT", "text": f"zeus {ESC}"}), "not json " + ESC]
    s3.put_object(Bucket=BUCKET, Key=key, Body="\n".join(lines).encode())
    for fmt in ("text", "json"):
        run = guardc(
            capsys, repo, "replay", "bot.guard", "--guardrail", "bot", "--workers", "1",
            "--logs", f"s3a://{BUCKET}/{DATA}", "--show-text", "--format", fmt,
        )  # fmt: skip
        _safe(run, 0)
        if fmt == "json":
            assert json.loads(run.out)["unreadable"]["count"] == 2  # the line, prod.json


# ── test --against bedrock --record FILE: written like every other output ──────────────────────

RECORDED = BOT + '\ntest "t" for "bot":\n  input "tell me about zeus" is blocked by word "zeus"\n'


def _record_to(project: Path, record: Path) -> None:
    """`guardc test --against bedrock --record FILE`'s body, Bedrock answered by botocore's
    Stubber with a text holding hidden characters."""
    import argparse

    import boto3
    from botocore.stub import Stubber

    from compiler.commands.against import report_against
    from compiler.diagnostics.sink import Diagnostics
    from compiler.pipeline import load

    (project / "bot.guard").write_text(RECORDED, encoding="utf-8")
    policy = load([project / "bot.guard"], Diagnostics()).policy
    client = boto3.client(
        "bedrock-runtime", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x"
    )
    answer = {
        "action": "GUARDRAIL_INTERVENED",
        "outputs": [{"text": f"Sorry {ESC}\u202e"}],
        "usage": {
            "topicPolicyUnits": 0,
            "contentPolicyUnits": 0,
            "wordPolicyUnits": 1,
            "sensitiveInformationPolicyUnits": 0,
            "sensitiveInformationPolicyFreeUnits": 0,
            "contextualGroundingPolicyUnits": 0,
        },
        "assessments": [
            {
                "wordPolicy": {
                    "customWords": [{"match": "zeus", "action": "BLOCKED"}],
                    "managedWordLists": [],
                }
            }
        ],
    }
    with Stubber(client) as stub:
        stub.add_response("apply_guardrail", answer)
        args = argparse.Namespace(format="text", record=str(record), corpus=[])
        report_against(args, policy, client, {"bot": ("abcdefabcdef", "1")})


@pytest.mark.parametrize("target", ["victim.txt", "new.jsonl"])
def test_record_never_writes_through_a_symlink(
    repo: Path, capsys: pytest.CaptureFixture[str], target: str
) -> None:
    """The record file was written with Path.write_text: through a symlink, in place."""
    from compiler.outputs.atomic import OutputError

    (repo / "rec.jsonl").symlink_to(repo.parent / target)
    with pytest.raises(OutputError, match="symlink"):
        _record_to(repo, repo / "rec.jsonl")
    assert (repo.parent / "victim.txt").read_text() == "precious\n"
    assert not (repo.parent / "new.jsonl").exists()


def test_record_is_replaced_atomically_with_hidden_characters_escaped(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    record = repo / "rec.jsonl"
    record.write_text("old\n", encoding="utf-8")
    record.chmod(0o600)
    _record_to(repo, record)
    text = record.read_text(encoding="utf-8")
    assert "\x1b" not in text and "\u202e" not in text and "\x07" not in text
    assert json.loads(text)["response"]["outputs"][0]["text"] == f"Sorry {ESC}\u202e"
    assert record.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in repo.iterdir() if p.name.endswith(".tmp")] == []
    # and calibrate reads it back
    _safe(guardc(capsys, repo, "calibrate", "rec.jsonl", "bot.guard", "--dry-run"), 0)


# ── plan / apply: organization enforcement and --remove-enforcement ─────────────────────────────

FLOOR = """guardrail "floor":
  filter insults at medium
  access:
    region "eu-west-1"
    account "111122223333"
    shared with organization "o-exampleorg1"
  enforce in organization:
    guard messages comprehensively
    attach to root "r-ab12"
    attach to organizational unit "ou-ab12-11111111"
"""
PLAIN_FLOOR = FLOOR.split("  enforce in organization:", maxsplit=1)[0]


@pytest.fixture
def deployed(standin: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """`floor` applied with its organization policy (the stand-in's Organizations)."""
    from compiler.cli import main

    (tmp_path / "floor.guard").write_text(FLOOR, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["apply", ".", "--yes", "--publish"]) == 0
    return standin


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> Run:
    from compiler.cli import main

    capsys.readouterr()
    code = main(list(argv))
    return Run(code, *capsys.readouterr())


def _content(policy: Any) -> dict[str, Any]:
    content: dict[str, Any] = json.loads(policy.content)
    return content


TAMPERED: dict[str, Any] = {  # someone with Organizations access edits guardc's policy
    "escapes in a value": lambda p: p.__setattr__(
        "content",
        policy_with(
            p,
            lambda c: c["bedrock"]["guardrail_inference"]["eu-west-1"]["config_1"][
                "selective_content_guarding"
            ].__setitem__("messages", {"@@assign": f"x{ESC}\u202e"}),
        ),
    ),
    "escapes in a key": lambda p: p.__setattr__(
        "content",
        policy_with(
            p, lambda c: c["bedrock"]["guardrail_inference"].__setitem__(f"eu{ESC}\u202e", {"x": 1})
        ),
    ),
    "escapes in the description": lambda p: p.__setattr__("description", f"d{ESC}\u202e"),
    "not JSON": lambda p: p.__setattr__("content", "{not json"),
    "a JSON list": lambda p: p.__setattr__("content", "[1, 2]"),
    "a JSON string": lambda p: p.__setattr__("content", '"x"'),
    "no bedrock key": lambda p: p.__setattr__("content", "{}"),
    "bedrock a list": lambda p: p.__setattr__("content", '{"bedrock": []}'),
    "deeply nested": lambda p: p.__setattr__(
        "content", '{"bedrock": ' + "[" * 5000 + "]" * 5000 + "}"
    ),
    "deeply nested objects": lambda p: p.__setattr__(
        "content", '{"bedrock": ' + '{"a": ' * 950 + "1" + "}" * 950 + "}"
    ),
    "a huge value": lambda p: p.__setattr__(
        "content", json.dumps({"bedrock": {"x": "y" * 2_000_000}})
    ),
}


def policy_with(policy: Any, change: Any) -> str:
    content = _content(policy)
    change(content)
    return json.dumps(content)


@pytest.mark.parametrize("how", list(TAMPERED))
@pytest.mark.parametrize("command", ["plan", "apply"])
def test_plan_and_apply_on_a_tampered_organization_policy(
    deployed: Any, capsys: pytest.CaptureFixture[str], how: str, command: str
) -> None:
    """What Organizations returns is someone else's text: shown escaped, never E901; apply puts
    the compiled policy back."""
    policy = deployed.organizations.by_name("guardc-floor")
    TAMPERED[how](policy)
    argv = ["plan", ".", "--detailed-exitcode"] if command == "plan" else ["apply", ".", "--yes"]
    run = _cli(capsys, *argv)
    _safe(run, 1 if command == "plan" else 0)
    assert len(run.out) < 20_000, "a megabyte of remote text is not printed whole"
    if command == "apply":
        assert json.loads(policy.content)["bedrock"]["guardrail_inference"]["eu-west-1"]
        assert "\x1b" not in policy.description
        _safe(_cli(capsys, "plan", ".", "--detailed-exitcode"), 0)


def test_a_target_with_escapes_is_noted_escaped_and_detached_only_with_the_flag(
    deployed: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    odd = f"444455556666{ESC}\u202e"
    deployed.organizations.accounts.add(odd)
    policy = deployed.organizations.by_name("guardc-floor")
    policy.targets.append(odd)
    run = _cli(capsys, "plan", ".")
    _safe(run, 0)
    assert "\\u{1b}" in run.out
    _safe(_cli(capsys, "apply", ".", "--yes"), 0)
    assert odd in policy.targets
    _safe(_cli(capsys, "apply", ".", "--yes", "--remove-enforcement"), 0)
    assert odd not in policy.targets


def test_remove_enforcement_touches_only_the_policy_of_its_own_name(
    deployed: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    from aws_standin_orgs import OrgPolicy

    for n, name in enumerate(("guardc-floor-prod", "guardc-flo", "Guardc-floor", "guardc-floor ")):
        deployed.organizations.policies[f"p-other{n}"] = OrgPolicy(
            f"p-other{n}", name, "", "BEDROCK_POLICY", "{}", ["r-ab12"]
        )
    (Path.cwd() / "floor.guard").write_text(PLAIN_FLOOR, encoding="utf-8")
    _safe(_cli(capsys, "apply", ".", "--yes", "--remove-enforcement"), 0)
    names = sorted(p.name for p in deployed.organizations.policies.values())
    assert names == ["Guardc-floor", "guardc-flo", "guardc-floor ", "guardc-floor-prod"]
    assert all(p.targets == ["r-ab12"] for p in deployed.organizations.policies.values())


@pytest.mark.parametrize("denied", ["DetachPolicy", "DeletePolicy", "ListTargetsForPolicy"])
def test_remove_enforcement_denied_midway_is_an_aws_failure(
    deployed: Any, capsys: pytest.CaptureFixture[str], denied: str
) -> None:
    (Path.cwd() / "floor.guard").write_text(PLAIN_FLOOR, encoding="utf-8")
    deployed.organizations.denied.add(denied)
    run = _cli(capsys, "apply", ".", "--yes", "--remove-enforcement")
    _safe(run, 3)
    assert f"organizations:{denied}" in run.err + run.out


@pytest.mark.parametrize(
    "line",
    [
        f'    attach to account "444455556666{ESC}"',
        '    attach to account "444455556666\u202e"',
        '    attach to root "r-ab12\x00"',
        '    attach to organizational unit "ou-ab12-11111111/../r-ab12"',
        '    attach to root "r-ab12", "r-ab12"',
        '    attach to account "1"',
        '    attach to organizational unit "ou-' + "a" * 5000 + '"',
    ],
    ids=ascii,
)
def test_a_bad_attach_to_line_is_an_error_before_any_call(
    standin: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    line: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "floor.guard").write_text(FLOOR + line + "\n", encoding="utf-8")
    for command in (["plan", "."], ["apply", ".", "--yes"]):
        run = _cli(capsys, *command)
        _safe(run, 1)
    assert standin.organizations.calls == []


@pytest.mark.parametrize(
    "text",
    ["{not json", "[" * 5000 + "]" * 5000, '{"Statement": "' + ESC + '"}', "9" * 5000],
    ids=["not-json", "deep", "escapes", "huge-number"],
)
def test_a_tampered_resource_policy_is_planned_back_not_a_crash(
    deployed: Any, capsys: pytest.CaptureFixture[str], text: str
) -> None:
    [arn] = [a for a in deployed.resource_policies if ":guardrail/" in a]
    compiled = deployed.resource_policies[arn]
    deployed.resource_policies[arn] = text
    _safe(_cli(capsys, "plan", ".", "--detailed-exitcode"), 1)
    _safe(_cli(capsys, "apply", ".", "--yes"), 0)
    assert deployed.resource_policies[arn] == compiled


@pytest.mark.parametrize("content", ["{not json", "[" * 5000 + "]" * 5000, "[1]"])
def test_import_of_a_guardrail_whose_organization_policy_is_not_guardcs(
    deployed: Any, capsys: pytest.CaptureFixture[str], content: str
) -> None:
    deployed.organizations.by_name("guardc-floor").content = content
    run = _cli(capsys, "import", "--all")
    _safe(run, 0, 1)
    assert 'guardrail "floor"' in run.out


def test_remove_enforcement_as_an_unlucky_user(
    deployed: Any, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """No terminal to ask on, --dry-run, and the JSON plan: nothing is deleted by mistake."""
    import io

    (Path.cwd() / "floor.guard").write_text(PLAIN_FLOOR, encoding="utf-8")
    monkeypatch.setattr("sys.stdin", io.StringIO("yes\n"))  # piped, not a terminal
    _safe(_cli(capsys, "apply", ".", "--remove-enforcement"), 2)
    _safe(_cli(capsys, "apply", ".", "--remove-enforcement", "--dry-run"), 0)
    run = _cli(capsys, "plan", ".", "--remove-enforcement", "--format", "json")
    _safe(run, 0)
    assert any("- enforce in organization" in line for line in run.out.splitlines())
    assert deployed.organizations.by_name("guardc-floor").targets == ["r-ab12", "ou-ab12-11111111"]
    assert "DeletePolicy" not in [op for op, _ in deployed.organizations.calls]
