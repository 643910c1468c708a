"""Canonical text of the `logging:` and `alarms for` blocks, for the formatter (`fmt.py`).

Lines come out in a fixed order (account, region, the deliveries, include, key, role, watch,
notify), each with the span of the source line it came from so `fmt` keeps comments beside it.
Alarm lines print as `vocab.alarm_phrase` writes them (`over N minutes` always).
"""

from __future__ import annotations

from collections.abc import Callable

from ..diagnostics.span import Span
from ..vocab import alarm_phrase
from . import syntax as s

Line = tuple[str, Span]


def logging_lines(st: s.LoggingDecl, quote: Callable[[str], str]) -> list[Line]:
    """The lines inside a `logging:` block."""
    out: list[Line] = []
    for keyword, text in (("account", st.account), ("region", st.region)):
        if text is not None:
            out.append((f"{keyword} {quote(text.value)}", text.span))

    def destination(head: str, dest: s.Destination | None) -> None:
        if dest is not None:
            line = f"{head} {quote(dest.bucket.value)}"
            if dest.prefix is not None:
                line += f" prefix {quote(dest.prefix.value)}"
            out.append((line, dest.span))

    destination("deliver to bucket", st.bucket)
    if st.log_group is not None:
        line = f"deliver to log group {quote(st.log_group.value)}"
        if st.retention is not None:
            line += f" retained for {int(st.retention.value)} days"
        out.append((line, st.log_group.span))
    destination("deliver large data to bucket", st.large_data)
    if st.data:
        out.append(("include " + ", ".join(d.data.value for d in st.data), st.data[0].span))
    for head, text in (
        ("encrypt with key", st.key),
        ("delivered by role", st.role),
        ("watch guardrail changes in trail log group", st.trail_log_group),
    ):
        if text is not None:
            out.append((f"{head} {quote(text.value)}", text.span))
    out.extend(_notify(st.notify, quote))
    return out


def _notify(topics: tuple[s.Text, ...], quote: Callable[[str], str]) -> list[Line]:
    return [(f"notify {quote(t.value)}", t.span) for t in topics]


def alarms_lines(st: s.AlarmsDecl, quote: Callable[[str], str]) -> list[Line]:
    """The lines inside an `alarms for` block: notify lines first, then the alarms."""
    return [*_notify(st.notify, quote), *((alarm_phrase(a), a.span) for a in st.alarms)]


__all__ = ["alarms_lines", "logging_lines"]
