"""argparse `type=` functions: every flag value is checked where it is parsed, so a bad value is
a usage error (exit 2, argparse's `guardc CMD: error: argument --flag: ...`) with the same words
in every command, and never reaches the command as NaN, infinity, an empty path or a number
Bedrock would refuse.

Standard library only, and cheap: every command imports this module to register its flags.
"""

from __future__ import annotations

import argparse
import math
import re

# Bedrock's guardrail version pattern (botocore `GuardrailVersion`, bedrock-contract.md §1):
# a published version is a whole number 1..99999999, the working copy is DRAFT.
_VERSION = re.compile(r"[1-9][0-9]{0,7}")
_GUARDRAIL_ID = re.compile(r"[a-z0-9]{1,64}")


def percent(text: str) -> float:
    """A percentage from 0 to 100 (`--min-coverage`); NaN, infinities and anything outside the
    range are refused (NaN compares false with everything, so it would disable a gate)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"`{text}` is not a number") from None
    if not math.isfinite(value) or not 0.0 <= value <= 100.0:
        raise argparse.ArgumentTypeError(f"`{text}` is not a percentage from 0 to 100")
    return value


MAX_WORKERS = 256  # worker processes: more than any machine's cores, and a bound on memory
MAX_COUNT = 1_000_000_000


def _whole(text: str) -> int:
    try:
        return int(text, 10)
    except ValueError:
        raise argparse.ArgumentTypeError(f"`{text}` is not a whole number") from None


def workers(text: str) -> int:
    """A number of worker processes, 1 to MAX_WORKERS (`replay --workers`): 0 would hang, and
    a huge number would start that many processes."""
    value = _whole(text)
    if not 1 <= value <= MAX_WORKERS:
        raise argparse.ArgumentTypeError(
            f"`{text}` is not a number of workers from 1 to {MAX_WORKERS}"
        )
    return value


def count(text: str) -> int:
    """A count of things to show, 0 to MAX_COUNT (`replay --limit`)."""
    value = _whole(text)
    if not 0 <= value <= MAX_COUNT:
        raise argparse.ArgumentTypeError(f"`{text}` is not a count from 0 to {MAX_COUNT:,}")
    return value


def guardrail_version(text: str) -> str:
    """A guardrail version: `1`..`99999999` or `DRAFT` (any case), as Bedrock accepts it."""
    if text.upper() == "DRAFT":
        return "DRAFT"
    if not _VERSION.fullmatch(text):
        raise argparse.ArgumentTypeError(
            f"`{text}` is not a guardrail version (a whole number from 1 to 99999999, or DRAFT)"
        )
    return text


def guardrail_identifier(text: str) -> str:
    """A deployed guardrail's id (1-64 lowercase letters and digits) or its ARN, the two forms
    ApplyGuardrail's `guardrailIdentifier` takes; a versioned ARN is refused (the version has
    its own flag)."""
    from ..aws.arns import parse_guardrail_arn  # only when the flag is given

    if _GUARDRAIL_ID.fullmatch(text):
        return text
    ref = parse_guardrail_arn(text)
    if ref is None or ref.version is not None or text != text.strip():
        raise argparse.ArgumentTypeError(
            f"`{text}` is not a guardrail id (1-64 lowercase letters and digits) or "
            "an unversioned guardrail ARN (arn:aws:bedrock:REGION:ACCOUNT:guardrail/ID)"
        )
    return text


def bucket(text: str) -> str:
    """An S3 bucket name S3 would accept (`replay --large-data-bucket`)."""
    from ..aws.monitoring_facts import bucket_problem  # only when the flag is given

    problem = bucket_problem(text)
    if problem is not None:
        raise argparse.ArgumentTypeError(f"`{text}` is not an S3 bucket name: it {problem}")
    return text


def path(text: str) -> str:
    """A file or folder path that is not empty: `Path("")` means the current folder, so an
    empty value (an unset variable in a CI script) would silently write or read the wrong
    place."""
    if not text:
        raise argparse.ArgumentTypeError("an empty path")
    return text
