"""Diagnostics: coded, located messages that every stage collects into a sink and goes on.

Exceptions are for internal bugs only; anything wrong with the user's input is a `Diagnostic`.
Rendering (text like rustc/ruff, or JSON) lives in `render.py`.
"""

from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from .codes import CODES
from .span import Span


class Severity(StrEnum):
    """How bad a diagnostic is: errors fail `check`, warnings are reported only."""

    ERROR = "error"
    WARNING = "warning"


class Label(BaseModel):
    """A secondary span with a short note (`first defined here`)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    span: Span
    message: str


class Diagnostic(BaseModel):
    """One finding: a registered code, a one-line message, where, and optional help."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str
    severity: Severity
    message: str
    span: Span
    note: str | None = None  # the text under the caret
    labels: tuple[Label, ...] = ()
    help: str | None = None

    def sort_key(self) -> tuple[str, int, int, str]:
        """Order of reporting: by file, then position, then code."""
        return (self.span.file, self.span.start, self.span.end, self.code)


class Diagnostics:
    """The sink every stage writes to. Keeps insertion order; `sorted()` gives report order."""

    def __init__(self) -> None:
        self._items: list[Diagnostic] = []
        self._seen: set[tuple[str, str, int, int, str]] = set()

    def emit(
        self,
        code: str,
        message: str,
        span: Span,
        *,
        note: str | None = None,
        help: str | None = None,
        labels: tuple[Label, ...] = (),
    ) -> Diagnostic:
        """Record a diagnostic. The code must be registered; its severity comes from the code."""
        entry = CODES.get(code)
        if entry is None or entry.retired:  # a bug in the compiler, not in the user's input
            raise KeyError(f"unregistered or retired diagnostic code {code}")
        diagnostic = Diagnostic(
            code=code,
            severity=Severity.WARNING if code.startswith("W") else Severity.ERROR,
            message=message,
            span=span,
            note=note,
            help=help,
            labels=labels,
        )
        key = (code, span.file, span.start, span.end, message)
        if key not in self._seen:  # the same finding reached twice (e.g. a shared module)
            self._seen.add(key)
            self._items.append(diagnostic)
        return diagnostic

    def extend(self, items: list[Diagnostic] | tuple[Diagnostic, ...]) -> None:
        """Add diagnostics produced elsewhere (e.g. a cached module's)."""
        for d in items:
            key = (d.code, d.span.file, d.span.start, d.span.end, d.message)
            if key not in self._seen:
                self._seen.add(key)
                self._items.append(d)

    @property
    def items(self) -> tuple[Diagnostic, ...]:
        """Everything recorded, in insertion order."""
        return tuple(self._items)

    def sorted(self) -> list[Diagnostic]:
        """Everything recorded, in report order."""
        return sorted(self._items, key=Diagnostic.sort_key)

    @property
    def has_errors(self) -> bool:
        """True when any error (not warning) was recorded."""
        return any(d.severity is Severity.ERROR for d in self._items)

    def errors_in(self, file: str) -> int:
        """How many errors point into `file`."""
        return sum(1 for d in self._items if d.severity is Severity.ERROR and d.span.file == file)

    def __len__(self) -> int:
        return len(self._items)


def nearest(word: str, candidates: list[str] | tuple[str, ...]) -> str | None:
    """The candidate closest to `word` by edit distance, if close enough for a "did you mean"."""
    best: tuple[int, str] | None = None
    lowered = word.lower()
    for cand in candidates:
        d = _distance(lowered, cand.lower())
        if best is None or d < best[0] or (d == best[0] and cand < best[1]):
            best = (d, cand)
    if best is None:
        return None
    limit = max(2, len(word) // 3)
    return best[1] if best[0] <= limit else None


def _distance(a: str, b: str) -> int:
    """Levenshtein distance (insert, delete, substitute), O(len(a)·len(b))."""
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]
