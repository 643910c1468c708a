"""Plan and apply: make the deployed guardrails match the compiled ones, never deleting one.

`plan` finds each guardrail (the lock file's id, else by name), reads it and computes the
difference (`diff.py`). `apply` acts on a plan:

- create: CreateGuardrail with the compiled payload, whose `clientRequestToken` is the hash of the
  payload (targets/bedrock.py), so a retried create returns the first one's guardrail. A
  ConflictException (someone created the name meanwhile) is answered by finding it and updating;
- update: UpdateGuardrail with the whole configuration (it takes no tags and no token), only when
  the configuration differs; tags through TagResource / UntagResource, only when they differ;
- publish (`--publish`): CreateGuardrailVersion only when the configuration differs from the newest
  published version. The lock file's `published_sha256` answers without a call; without it (a
  lost or new lock file) the newest version is read back and compared, so a re-run after an
  interrupted publish makes no second version. Its token hashes the id, the configuration and the
  version it follows, so a retry is idempotent and publishing A, B, then A again still makes three.

An interrupted apply converges: the next run finds by name what the last one created before it
could write the lock file, and updates it. Nothing here calls DeleteGuardrail.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .client import AwsError, call
from .diff import Change, KeyAnswer, diff, diff_tags
from .lockfile import LockEntry
from .remote import Deployed, Found, find, newest_version, read, read_config, status

if TYPE_CHECKING:
    from mypy_boto3_bedrock.client import BedrockClient

POLL_SECONDS = 2.0  # between status reads while a guardrail settles before a publish
POLL_LIMIT = 90  # reads; three minutes at most

_NOT_CONFIG = ("tags", "clientRequestToken")


def sha256(document: object) -> str:
    """SHA-256 of the project's canonical JSON (sorted keys, two-space indent, final newline):
    for a payload, the hash of its `bedrock.json`."""
    text = json.dumps(document, sort_keys=True, indent=2) + "\n"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Desired:
    """One compiled guardrail: its CreateGuardrail payload and the Region its `access:` block
    names (None: the session's)."""

    name: str
    payload: dict[str, Any]
    region: str | None = None
    source: str = ""  # the guardrail's name in the sources, when an environment suffixes `name`

    @property
    def source_name(self) -> str:
        """The guardrail's name in the sources (its IR and lock file key)."""
        return self.source or self.name

    @property
    def config(self) -> dict[str, Any]:
        """The configuration: the payload without tags and token."""
        return {k: v for k, v in self.payload.items() if k not in _NOT_CONFIG}

    @property
    def tags(self) -> dict[str, str]:
        return {t["key"]: t["value"] for t in self.payload.get("tags", [])}

    @property
    def payload_sha256(self) -> str:
        return sha256(self.payload)

    @property
    def config_sha256(self) -> str:
        return sha256(self.config)

    def update_request(self, identifier: str) -> dict[str, Any]:
        """UpdateGuardrail's keyword arguments: the whole configuration for `identifier`."""
        return {**self.config, "guardrailIdentifier": identifier}


@dataclass
class Planned:
    """What `apply` would do for one guardrail, and why."""

    desired: Desired
    region: str
    found: Found | None
    deployed: Deployed | None
    changes: list[Change]
    tag_changes: list[Change]
    notes: list[str] = field(default_factory=list)
    publish: bool = False  # `--publish` will make a new numbered version
    newest: str | None = None  # the newest published version, when it was looked up
    # enforcement and sharing lines (`enforce_deploy.Step.text`), filled by the commands
    extra: list[str] = field(default_factory=list)
    # the compiled configuration differs from the newest published version (or none is):
    # what `--publish` acts on, known for every guardrail found
    publish_due: bool = True
    # what the DRAFT has that the newest published version has not (old: the version, new:
    # the DRAFT): changes applied but not published, or made in the console
    unpublished: list[Change] = field(default_factory=list)

    @property
    def action(self) -> str:
        """`create`, `update` or `none`."""
        if self.found is None:
            return "create"
        return "update" if self.changes or self.tag_changes else "none"


@dataclass
class Applied:
    """What `apply` did for one guardrail: the AWS writes in order, and the lock entry."""

    name: str
    entry: LockEntry
    writes: list[str] = field(default_factory=list)
    published: str | None = None


def plan(
    client: BedrockClient,
    desired: Desired,
    locked: LockEntry | None,
    *,
    publish: bool = False,
    resolve_key: Callable[[str, str], str] | None = None,
) -> Planned:
    """Find and read the deployed guardrail (its DRAFT, what apply writes) and compare it with
    `desired`; compare the newest published version with both (what `--publish` would do, and
    what the DRAFT holds unpublished). `resolve_key(key, region)` is KMS DescribeKey, for a key
    named by alias."""
    region = str(client.meta.region_name)
    found = find(client, desired.name, locked.id if locked else None)
    if found is None:
        changes, notes = diff(desired.config, {})
        tags = diff_tags(desired.tags, {})
        return Planned(desired, region, None, None, changes, tags, notes, publish=publish)
    deployed = read(client, found)
    key = _key_answer(desired, region, resolve_key)
    changes, notes = diff(desired.config, deployed.config, key)
    tag_changes = diff_tags(desired.tags, deployed.tags)
    planned = Planned(desired, region, found, deployed, changes, tag_changes, notes)
    _published_state(client, planned, locked, key)
    planned.publish = publish and planned.publish_due
    return planned


def _key_answer(
    desired: Desired, region: str, resolve_key: Callable[[str, str], str] | None
) -> KeyAnswer | None:
    """What KMS says of the desired key, when it is named by alias (else None: no question)."""
    key = desired.config.get("kmsKeyId")
    if not isinstance(key, str) or "alias/" not in key:
        return None
    if resolve_key is None:
        return None, "KMS was not asked"
    try:
        return resolve_key(key, region), None
    except AwsError as exc:
        return None, f"kms:DescribeKey failed: {exc.code}"


def _published_state(
    client: BedrockClient, planned: Planned, locked: LockEntry | None, key: KeyAnswer | None
) -> None:
    """Set `newest`, `publish_due` and `unpublished`. When the lock file says the newest
    version was published from the compiled configuration, no call is needed: that version is
    the compiled configuration, so the DRAFT's unpublished changes are the plan's changes,
    reversed. Otherwise the newest version is read back and compared with both."""
    assert planned.found is not None and planned.deployed is not None
    desired, found = planned.desired, planned.found
    entry = _same(locked, found)
    if entry and entry.published and entry.published_sha256 == desired.config_sha256:
        planned.newest, planned.publish_due = entry.version, False
        planned.unpublished = [Change(c.subject, c.field, c.new, c.old) for c in planned.changes]
        return
    planned.newest = newest_version(client, found.id)
    if planned.newest is None:
        planned.publish_due = True
        planned.unpublished = []  # nothing published: the DRAFT is all there is
        return
    published = read_config(client, found.id, planned.newest)
    due, _ = diff(desired.config, published, key)
    planned.publish_due = bool(due)
    planned.unpublished, _ = diff(planned.deployed.config, published)


def _same(locked: LockEntry | None, found: Found) -> LockEntry | None:
    """The lock entry, when it records this very guardrail."""
    return locked if locked is not None and locked.id == found.id else None


def apply(client: BedrockClient, planned: Planned, locked: LockEntry | None) -> Applied:
    """Carry out `planned`; the lock entry to record. Raises `AwsError` when a call fails."""
    desired = planned.desired
    writes: list[str] = []
    found, deployed, changes = planned.found, planned.deployed, planned.changes
    if found is None:
        found, deployed = _create(client, desired, writes)
        if deployed is not None:  # created by someone else meanwhile: compare with theirs
            changes, _ = diff(desired.config, deployed.config)
    if deployed is not None and changes:
        call("UpdateGuardrail", client.update_guardrail, **desired.update_request(found.id))
        writes.append("UpdateGuardrail")
    if deployed is not None:
        _retag(client, found.arn, desired.tags, deployed.tags, writes)
    entry = _same(locked, found)
    version = entry.version if entry else None
    published_sha = entry.published_sha256 if entry else None
    published = None
    if planned.publish:
        published = _publish(client, found.id, desired.config_sha256, planned.newest, writes)
        version, published_sha = published, desired.config_sha256
    elif planned.newest is not None and not planned.publish_due:
        # checked by the plan: the newest version is the compiled configuration
        version, published_sha = planned.newest, desired.config_sha256
    elif planned.newest is not None:  # a version exists, made from something else
        same = entry is not None and entry.version == planned.newest
        version, published_sha = planned.newest, published_sha if same else None
    elif entry is None:  # a new or lost lock entry: learn the newest version from AWS
        version = newest_version(client, found.id)
    lock_entry = LockEntry(
        id=found.id,
        arn=found.arn,
        version=version,
        payload_sha256=desired.payload_sha256,
        published_sha256=published_sha,
    )
    return Applied(desired.name, lock_entry, writes, published)


def _create(
    client: BedrockClient, desired: Desired, writes: list[str]
) -> tuple[Found, Deployed | None]:
    """CreateGuardrail; on ConflictException the guardrail of that name, read back to update."""
    try:
        got = call("CreateGuardrail", client.create_guardrail, **desired.payload)
    except AwsError as exc:
        if exc.code != "ConflictException":
            raise
        found = find(client, desired.name, None)
        if found is None:
            raise
        return found, read(client, found)
    writes.append("CreateGuardrail")
    return Found(got["guardrailId"], got["guardrailArn"], "created"), None


def _retag(
    client: BedrockClient,
    arn: str,
    desired: dict[str, str],
    deployed: dict[str, str],
    writes: list[str],
) -> None:
    changed = [{"key": k, "value": v} for k, v in sorted(desired.items()) if deployed.get(k) != v]
    stale = sorted(k for k in deployed if k not in desired and not k.startswith("aws:"))
    if changed:
        call("TagResource", client.tag_resource, resourceARN=arn, tags=changed)
        writes.append("TagResource")
    if stale:
        call("UntagResource", client.untag_resource, resourceARN=arn, tagKeys=stale)
        writes.append("UntagResource")


def _publish(
    client: BedrockClient, guardrail_id: str, config_sha: str, newest: str | None, writes: list[str]
) -> str:
    """CreateGuardrailVersion once the DRAFT has settled; the new version's number."""
    _wait_ready(client, guardrail_id)
    token = sha256([guardrail_id, config_sha, newest])
    got = call(
        "CreateGuardrailVersion",
        client.create_guardrail_version,
        guardrailIdentifier=guardrail_id,
        description=f"guardc: configuration sha256 {config_sha[:16]}",
        clientRequestToken=token,
    )
    writes.append("CreateGuardrailVersion")
    return got["version"]


def _wait_ready(client: BedrockClient, guardrail_id: str) -> None:
    """Wait for the DRAFT to settle (READY) so the version snapshots the configuration just
    written; FAILED is an error with AWS's reasons."""
    for _ in range(POLL_LIMIT):
        state, reasons = status(client, guardrail_id)
        if state == "READY":
            return
        if state == "FAILED":
            why = "; ".join(reasons) or "no reason given"
            raise AwsError("GetGuardrail", "GuardrailFailed", f"status FAILED: {why}")
        time.sleep(POLL_SECONDS)
    raise AwsError("GetGuardrail", "Timeout", f"guardrail {guardrail_id} did not become READY")
