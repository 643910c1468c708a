"""Calibration: the local cut points that best agree with Bedrock's recorded verdicts.

The file `guardc.calibration.json` sits in the project root (beside `guardc.lock.json`; the
root as in docs/security.md, or `--calibration FILE`) and is committed with the policy. Format
(`format` = CALIBRATION_FORMAT), keys sorted, written by `guardc calibrate` only:

    guardrails.<name>.<engine>.filters.<TYPE>     [low, medium, high]: the lowest local scores
                                                  of LOW, MEDIUM and HIGH confidence
    guardrails.<name>.<engine>.topics             the topic threshold
    guardrails.<name>.<engine>.grounding.<CHECK>  the local score below which it fires
    guardrails.<name>.<engine>.samples.<KIND>     how many recorded verdicts each was fitted on
    guardrails.<name>.<engine>.recorded           the deployed `id:version`s they came from

`compile` puts the first three into the guardrail's evaluator plan (`calibration`), so the
evaluator, `guardc test` and `guardc eval` use them; `explain --guardrail` shows them.

Fitting (`fit_cut`): each recorded verdict says, for a cut point, whether Bedrock's confidence
reached it (a content filter reported with its confidence says so for all three cut points; one
not reported only says it stayed below the level its strength acts on). The cut is placed where
the fewest verdicts disagree; among equally good places, the current cut if it is one, else the
middle of the nearest gap between local scores. A cut moves only as far as the data says.
"""

from __future__ import annotations

import json
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import project
from ..diagnostics.textsafe import json_safe
from ..runtime.plan import PlanError, plan_calibration, read_calibration

CALIBRATION_FORMAT = "guardc-calibration/1"
FILE_NAME = "guardc.calibration.json"
MAX_BYTES = 16 * 2**20  # a calibration file is a few KB; a bigger one is not one
_PLAN_KEYS = ("filters", "topics", "grounding")
_ENTRY_KEYS = frozenset({*_PLAN_KEYS, "samples", "recorded"})


class CalibrationError(ValueError):
    """A calibration file that does not follow the format."""


def location(explicit: str | None, root: str | None, first_path: str) -> Path:
    """Where the calibration file is: `--calibration FILE`, else `guardc.calibration.json` in
    the project root (`--root`, else the root of the first source path named); CalibrationError
    when that default is a symlink leading out of the root."""
    if explicit is not None:
        return Path(explicit)
    base = project.real(root) if root is not None else project.find_root(first_path)
    path = base / FILE_NAME
    if path.is_symlink() and not project.inside(project.real(path), base):
        # the trust boundary (docs/security.md): a file found, not named, stays inside the root
        raise CalibrationError(
            f"{path}: a symlink that leads out of the project root; name the file with "
            "--calibration if it is meant"
        )
    return path


def load(path: Path) -> dict[str, Any] | None:
    """The calibration file at `path` (None when there is none), checked."""
    if not path.is_file():
        return None
    if path.stat().st_size > MAX_BYTES:
        raise CalibrationError(f"{path}: larger than {MAX_BYTES // 2**20} MB")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise CalibrationError(f"{path}: not JSON ({exc})") from None
    except RecursionError:
        raise CalibrationError(f"{path}: not JSON (nested too deeply)") from None
    except ValueError as exc:  # an integer of more digits than Python converts
        raise CalibrationError(f"{path}: not JSON ({exc})") from None
    check(data, str(path))
    return dict(data)


def check(data: Any, where: str) -> None:
    """Raise CalibrationError unless `data` follows the format."""
    if not isinstance(data, dict) or data.get("format") != CALIBRATION_FORMAT:
        raise CalibrationError(f"{where}: not a calibration file (format {CALIBRATION_FORMAT})")
    guardrails = data.get("guardrails")
    if not isinstance(guardrails, dict) or set(data) != {"format", "guardrails"}:
        raise CalibrationError(f"{where}: expected `format` and `guardrails` only")
    for name, engines in guardrails.items():
        if not isinstance(engines, dict):
            raise CalibrationError(f"{where}: guardrails.{name} must map engine → cut points")
        for engine, entry in engines.items():
            if not isinstance(entry, dict) or set(entry) - _ENTRY_KEYS:
                raise CalibrationError(f"{where}: guardrails.{name}.{engine} has unknown keys")
        try:
            read_calibration(plan_calibration(engines))
        except PlanError as exc:
            raise CalibrationError(f"{where}: guardrails.{name}: {exc}") from None


def for_guardrail(data: Mapping[str, Any] | None, name: str) -> dict[str, Any] | None:
    """What guardrail `name`'s evaluator plan carries as `calibration` (None: uncalibrated)."""
    return plan_calibration((data or {}).get("guardrails", {}).get(name))


def dumps(data: Mapping[str, Any]) -> str:
    """Canonical text of a calibration file (sorted keys, two-space indent, final newline);
    hidden characters (from a record file's guardrail ids) as `\\uXXXX` escapes, so the file
    is safe to print and review."""
    return json_safe(json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False)) + "\n"


def empty() -> dict[str, Any]:
    """A calibration file with nothing calibrated yet."""
    return {"format": CALIBRATION_FORMAT, "guardrails": {}}


# ── fitting ───────────────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Sample:
    """One recorded verdict about one cut point: the local score, and whether Bedrock's
    verdict says the score should reach the cut."""

    score: float
    reaches: bool


def errors_at(samples: Sequence[Sample], cut: float) -> int:
    """How many samples a cut point gets wrong."""
    return sum((s.score >= cut) != s.reaches for s in samples)


def fit_cut(samples: Sequence[Sample], current: float) -> float:
    """The cut point that gets the fewest samples wrong (see the module docstring)."""
    if not samples:
        return current
    values = sorted({s.score for s in samples})
    # Gap j holds the cuts in (values[j-1], values[j]]: samples scoring >= values[j] reach it.
    # errors(gap j) = reaching samples below values[j] + non-reaching ones at or above it.
    reach_below = [0] * (len(values) + 1)
    miss_at_or_above = [0] * (len(values) + 1)
    for s in samples:
        j = bisect_left(values, s.score)  # the sample's value index
        if s.reaches:
            reach_below[j + 1] += 1  # wrong in every gap above its value
        else:
            miss_at_or_above[j] += 1  # wrong in every gap at or below its value
    for j in range(1, len(values) + 1):
        reach_below[j] += reach_below[j - 1]
    for j in range(len(values) - 1, -1, -1):
        miss_at_or_above[j] += miss_at_or_above[j + 1]
    cost = [reach_below[j] + miss_at_or_above[j] for j in range(len(values) + 1)]
    best = min(cost)
    if errors_at(samples, current) == best:
        return current
    bounds = [min(0.0, values[0]), *values, max(1.0, values[-1]) + 0.002]
    gaps = [(bounds[j], bounds[j + 1]) for j in range(len(values) + 1) if cost[j] == best]

    def distance(gap: tuple[float, float]) -> float:
        low, high = gap
        return 0.0 if low < current <= high else min(abs(current - low), abs(current - high))

    low, high = min(gaps, key=lambda g: (distance(g), g[0]))
    middle = (low + high) / 2
    rounded = round(middle, 6)
    return rounded if low < rounded <= high else middle


def fit_ascending(per_cut: Sequence[Sequence[Sample]], current: Sequence[float]) -> list[float]:
    """LOW, MEDIUM and HIGH cut points, each fitted, then made ascending (a later cut is never
    below an earlier one)."""
    cuts = [fit_cut(samples, c) for samples, c in zip(per_cut, current, strict=True)]
    for i in range(1, len(cuts)):
        cuts[i] = max(cuts[i], cuts[i - 1])
    return cuts


def merge(
    data: Mapping[str, Any] | None, fitted: Mapping[str, Mapping[str, Any]], engine: str
) -> dict[str, Any]:
    """`data` with each fitted guardrail's entry for `engine` replaced (others kept)."""
    out = json.loads(json.dumps(data)) if data is not None else empty()
    for name, entry in fitted.items():
        out["guardrails"].setdefault(name, {})[engine] = dict(entry)
    return dict(out)


def ranked(items: Iterable[str]) -> list[str]:
    """Kinds in report order: prompt attacks, content filters, topics, grounding, verdict."""
    order = ["PROMPT_ATTACK", "HATE", "INSULTS", "SEXUAL", "VIOLENCE", "MISCONDUCT", "topics"]
    order += ["GROUNDING", "RELEVANCE", "verdict"]
    return sorted(set(items), key=lambda k: (order.index(k) if k in order else len(order), k))
