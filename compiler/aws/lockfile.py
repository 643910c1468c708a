"""`guardc.lock.json`: what AWS assigned to each deployed guardrail (docs/cli.md, `compile`).

```json
{"version": 1, "guardrails": {"support-bot": {"id": "abc123def456",
  "arn": "arn:aws:bedrock:us-east-1:111122223333:guardrail/abc123def456",
  "version": "3", "payload_sha256": "<hex>"}}}
```

`guardc apply` records an entry (`record` + `save`); `guardc compile` reads it (`load`) and turns
it into `Context.guardrail_arns` / `Context.lock` (`to_context_arns`, `to_context_lock`). The CLI
validates the file against schemas/lock.schema.json as well; this module checks the same shape so
that any caller gets a `LockFileError` with a clear message, never a traceback from a bad file.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator

from ..outputs import replace_file
from .arns import parse_guardrail_arn

LOCK_NAME = "guardc.lock.json"
LOCK_VERSION = 1  # a file without environments (what every guardc before them wrote)
LOCK_VERSION_ENVIRONMENTS = 2  # a file with `environments`: older guardc refuse it by version

_VERSION = re.compile(r"[1-9][0-9]{0,7}|DRAFT")
_SHA256 = re.compile(r"[0-9a-f]{64}")


class LockFileError(ValueError):
    """A lock file that cannot be read or does not have the documented shape."""


class LockEntry(BaseModel):
    """One deployed guardrail: its id, ARN, newest published version (`"3"`; `None` or
    `"DRAFT"` before the first publish) and the SHA-256 of the payload last applied."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    arn: str
    version: str | None = None
    payload_sha256: str
    # SHA-256 of the configuration (the payload without tags and token) the newest version was
    # published from: `apply --publish` makes a version only when the configuration differs.
    published_sha256: str | None = None

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        if not re.fullmatch(r"[a-z0-9]{1,64}", value):
            raise ValueError("a guardrail id is 1-64 lowercase letters and digits")
        return value

    @field_validator("arn")
    @classmethod
    def _arn(cls, value: str) -> str:
        ref = parse_guardrail_arn(value)
        if ref is None or ref.version is not None:
            raise ValueError("expected arn:PARTITION:bedrock:REGION:ACCOUNT:guardrail/ID")
        return value

    @model_validator(mode="after")
    def _id_matches_arn(self) -> LockEntry:
        ref = parse_guardrail_arn(self.arn)
        if ref is not None and ref.guardrail_id != self.id:
            raise ValueError(
                f"id `{self.id}` contradicts its ARN, which names guardrail `{ref.guardrail_id}`"
            )
        return self

    @field_validator("version")
    @classmethod
    def _version(cls, value: str | None) -> str | None:
        if value is not None and not _VERSION.fullmatch(value):
            raise ValueError('a version is a number such as "3" or "DRAFT"')
        return value

    @field_validator("payload_sha256")
    @classmethod
    def _sha(cls, value: str) -> str:
        if not _SHA256.fullmatch(value):
            raise ValueError("payload_sha256 is 64 lowercase hex digits")
        return value

    @field_validator("published_sha256")
    @classmethod
    def _published_sha(cls, value: str | None) -> str | None:
        if value is not None and not _SHA256.fullmatch(value):
            raise ValueError("published_sha256 is 64 lowercase hex digits")
        return value

    @property
    def published(self) -> int | None:
        """The newest published version number, if any."""
        return int(self.version) if self.version and self.version.isdigit() else None


class LockEnvironment(BaseModel):
    """The entries of one environment (`--env NAME`), by guardrail name (as in the sources)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    guardrails: dict[str, LockEntry] = {}


class LockFile(BaseModel):
    """The whole file: a format version, the entries by guardrail name of deployments without
    an environment, and each environment's entries."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    version: int  # required in files, so a truncated or foreign JSON is not taken for a lock
    guardrails: dict[str, LockEntry] = {}
    environments: dict[str, LockEnvironment] = {}

    @field_validator("version")
    @classmethod
    def _format(cls, value: int) -> int:
        if value not in (LOCK_VERSION, LOCK_VERSION_ENVIRONMENTS):
            raise ValueError(f"unsupported lock file version {value} (this guardc reads 1 and 2)")
        return value

    def entries(self, env: str | None = None) -> dict[str, LockEntry]:
        """The entries of environment `env` (None: those without an environment)."""
        if env is None:
            return self.guardrails
        found = self.environments.get(env)
        return found.guardrails if found is not None else {}


class _DuplicateKeyError(ValueError):
    """A key given twice in one JSON object: json keeps the last one, silently."""


def _unique(pairs: list[tuple[str, object]]) -> dict[str, object]:
    found: dict[str, object] = {}
    for key, value in pairs:
        if key in found:
            raise _DuplicateKeyError(key)
        found[key] = value
    return found


def parse(text: str, source: str = LOCK_NAME) -> LockFile:
    """A lock file from its text; `LockFileError` names `source` and what is wrong. A key given
    twice (two entries for one guardrail: which one was deployed?) and nesting deeper than any
    lock file has are errors too, not a silent choice or a crash."""
    try:
        data = json.loads(text, object_pairs_hook=_unique)
    except json.JSONDecodeError as exc:
        raise LockFileError(f"{source}:{exc.lineno}:{exc.colno}: not JSON: {exc.msg}") from None
    except _DuplicateKeyError as exc:
        raise LockFileError(f"{source}: key `{exc}` is given twice in one object") from None
    except RecursionError:
        raise LockFileError(f"{source}: nested far deeper than a lock file is") from None
    except ValueError as exc:  # e.g. an integer of more digits than Python converts
        raise LockFileError(f"{source}: not JSON: {exc}") from None
    try:
        return LockFile.model_validate(data, strict=True)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(top level)"
        raise LockFileError(f"{source}: `{where}`: {first['msg']}") from None


def load(path: str | Path) -> LockFile | None:
    """The lock file at `path`, or None when there is none (a project not yet applied)."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise LockFileError(f"{file}: cannot read: {exc}") from None
    return parse(text, str(file))


def dumps(lock: LockFile) -> str:
    """The canonical text: sorted keys, two-space indent, final newline (diff-friendly). A file
    without environments is written exactly as before they existed (version 1)."""
    document = lock.model_dump(mode="json")
    if not lock.environments:
        document.pop("environments")
        document["version"] = LOCK_VERSION
    else:
        document["version"] = LOCK_VERSION_ENVIRONMENTS
    return json.dumps(document, sort_keys=True, indent=2) + "\n"


def save(path: str | Path, lock: LockFile) -> None:
    """Write `lock` atomically and durably (compiler/outputs/atomic.py): a reader or a crash
    never sees a half-written file, the file keeps its mode, and a symlink there is refused
    (`OutputError`)."""
    replace_file(path, dumps(lock).encode("utf-8"))


def record(lock: LockFile | None, name: str, entry: LockEntry, env: str | None = None) -> LockFile:
    """A copy of `lock` (or a new one) with `name`'s entry (in environment `env`) set to
    `entry`."""
    current = dict(lock.entries(env)) if lock else {}
    current[name] = entry
    ordered = dict(sorted(current.items()))
    guardrails = ordered if env is None else (dict(lock.guardrails) if lock else {})
    environments = dict(lock.environments) if lock else {}
    if env is not None:
        environments[env] = LockEnvironment(guardrails=ordered)
    version = LOCK_VERSION_ENVIRONMENTS if environments else LOCK_VERSION
    return LockFile(
        version=version, guardrails=guardrails, environments=dict(sorted(environments.items()))
    )


def to_context_arns(lock: LockFile | None, env: str | None = None) -> dict[str, str]:
    """`Context.guardrail_arns` from the lock: `ARN:N` with the newest published version, or the
    bare ARN before the first publish. `--guardrail-arn` entries are laid over this by the CLI."""
    if lock is None:
        return {}
    return {
        name: f"{e.arn}:{e.published}" if e.published else e.arn
        for name, e in lock.entries(env).items()
    }


def to_context_lock(lock: LockFile | None, env: str | None = None) -> dict[str, dict[str, object]]:
    """`Context.lock`: the entries (of environment `env`) as plain dicts, as targets read them."""
    if lock is None:
        return {}
    return {name: e.model_dump(mode="json") for name, e in lock.entries(env).items()}
