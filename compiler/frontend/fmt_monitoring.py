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
    named = {use.field: use.name for use in st.params}

    def val(field: str, text: s.Text) -> str:
        """`parameter "P"` where the block names one for `field`, else the value quoted."""
        return f"parameter {quote(named[field])}" if field in named else quote(text.value)

    for keyword, text in (("account", st.account), ("region", st.region)):
        if text is not None:
            out.append((f"{keyword} {val(keyword, text)}", text.span))

    def destination(head: str, field: str, dest: s.Destination | None) -> None:
        if dest is not None:
            line = f"{head} {val(field, dest.bucket)}"
            if dest.prefix is not None:
                line += f" prefix {val(field + '.prefix', dest.prefix)}"
            out.append((line, dest.span))

    destination("deliver to bucket", "bucket", st.bucket)
    if st.log_group is not None:
        line = f"deliver to log group {val('log_group', st.log_group)}"
        if st.retention is not None:
            days = named.get("retention")
            written = f"parameter {quote(days)}" if days else str(int(st.retention.value))
            line += f" retained for {written} days"
        out.append((line, st.log_group.span))
    destination("deliver large data to bucket", "large_data", st.large_data)
    if st.data:
        out.append(("include " + ", ".join(d.data.value for d in st.data), st.data[0].span))
    for head, field, text in (
        ("encrypt with key", "key", st.key),
        ("delivered by role", "role", st.role),
        ("watch guardrail changes in trail log group", "trail_log_group", st.trail_log_group),
    ):
        if text is not None:
            out.append((f"{head} {val(field, text)}", text.span))
    out.extend((f"notify {val(f'notify[{i}]', t)}", t.span) for i, t in enumerate(st.notify))
    return out


def alarms_lines(st: s.AlarmsDecl, quote: Callable[[str], str]) -> list[Line]:
    """The lines inside an `alarms for` block: notify lines first, then the alarms."""
    named = {use.field: f"parameter {quote(use.name)}" for use in st.params}
    out = [
        (f"notify {named.get(f'notify[{i}]', quote(t.value))}", t.span)
        for i, t in enumerate(st.notify)
    ]
    for i, alarm in enumerate(st.alarms):
        out.append((alarm_phrase(alarm, named.get(f"alarms[{i}].threshold")), alarm.span))
    return out


__all__ = ["alarms_lines", "logging_lines"]
