"""Lowering of the `logging:` and `alarms for "X":` blocks (docs/language.md, "Logging and
monitoring").

What can be judged from the words alone is judged here: a threshold, retention or window that
is not a number (E263, E265), an unknown metric, policy type, unit or kind of data (E265, E266),
units that do not fit the metric (E265), and a line given twice (E206). What needs AWS's rules
(bucket names, the retentions CloudWatch offers, ARNs) is `checks/monitoring.py`'s.
"""

from __future__ import annotations

import re

from lark import Token

from ..diagnostics.sink import Label, nearest
from ..vocab import (
    ALARM_METRIC_PHRASES,
    LOG_DATA_PHRASES,
    POLICY_TYPE_PHRASES,
    THRESHOLD_UNIT_WORDS,
    WINDOW_UNIT_MINUTES,
    AlarmMetric,
    LogData,
    PolicyType,
    ThresholdUnit,
    normalise_phrase,
)
from . import syntax as s
from .lower_leaves import LeafLowerer, Node, child, strings, tokens, trees, unquote

_NUMBER = re.compile(r"\d+(\.\d+)?")
MAX_WINDOW_MINUTES = 24 * 60  # CloudWatch: period x evaluation periods is at most one day
# metrics whose threshold may be a share of the guardrail's invocations
_RATES = frozenset(
    {
        AlarmMetric.INTERVENTIONS,
        AlarmMetric.CLIENT_ERRORS,
        AlarmMetric.SERVER_ERRORS,
        AlarmMetric.THROTTLES,
    }
)
# the syntax field of each single-valued line
_LINE_FIELDS = {
    "account": "account",
    "region": "region",
    "key": "key",
    "delivery_role": "role",
    "watch": "trail_log_group",
}
_LINE_WORDS = {
    "log_bucket": "deliver to bucket",
    "log_group": "deliver to log group",
    "large_data": "deliver large data",
    "log_data": "include",
    "key": "encrypt with key",
    "delivery_role": "delivered by role",
    "watch": "watch guardrail changes",
}


class MonitoringLowerer(LeafLowerer):
    """Lowers the logging and alarm blocks of one file."""

    # ── logging ───────────────────────────────────────────────────────────────────────────────

    def logging_block(self, tree: Node) -> s.LoggingDecl:
        """The `logging:` block; a line given twice is E206 (the first one counts). A value
        may be `parameter "P"`: a placeholder, and its use in `params` (bound by resolve)."""
        fields: dict[str, object] = {}
        first: dict[str, Node] = {}
        notify: list[s.Text] = []
        params: list[s.ParamUse] = []
        for line in trees(tree):
            if line.data == "notify":
                for topic in _given(line):
                    notify.append(self.given(topic, f"notify[{len(notify)}]", params))
                continue
            if line.data in first:
                self.twice(line, first[line.data], "logging:")
                continue
            first[line.data] = line
            values = _given(line)  # none for `include`
            match line.data:
                case "log_bucket" | "large_data":
                    name = "bucket" if line.data == "log_bucket" else "large_data"
                    fields[name] = self.destination(line, name, params)
                case "log_group":
                    fields["log_group"] = self.given(values[0], "log_group", params)
                    retention = child(line, "retention")
                    if retention is not None:
                        fields["retention"] = self.retention(retention, params)
                case "log_data":
                    fields["data"] = self.log_data(line)
                case _:
                    name = _LINE_FIELDS[line.data]
                    fields[name] = self.given(values[0], name, params)
        fields["notify"] = tuple(notify)
        fields["params"] = tuple(params)
        return s.LoggingDecl.model_validate({**fields, "span": self.span(tree)})

    def given(self, value: Token | Node, field: str, params: list[s.ParamUse]) -> s.Text:
        """A written value, or for `parameter "P"` a placeholder and its use as `field`."""
        if isinstance(value, Token):
            return self.text(value)
        name = unquote(strings(value)[0])
        params.append(s.ParamUse(field=field, name=name, span=self.span(value)))
        return s.Text(value="", span=self.span(value))

    def twice(self, line: Node, earlier: Node, block: str) -> None:
        words = _LINE_WORDS.get(line.data, line.data.replace("_", " "))
        self.sink.emit(
            "E206",
            f"`{words}` is given twice in `{block}`",
            self.span(line),
            note="second line",
            labels=(Label(span=self.span(earlier), message="first given here"),),
            help="keep one line",
        )

    def destination(self, tree: Node, field: str, params: list[s.ParamUse]) -> s.Destination:
        bucket = self.given(_given(tree)[0], field, params)
        prefix = child(tree, "prefix")
        text = (
            self.given(_given(prefix)[0], f"{field}.prefix", params) if prefix is not None else None
        )
        return s.Destination(bucket=bucket, prefix=text, span=self.span(tree))

    def retention(self, tree: Node, params: list[s.ParamUse]) -> s.Number | None:
        """`retained for 365 days`: E263 unless a whole number of days. For `retained for
        parameter "P" days`, a placeholder and the use (resolve checks the value)."""
        ref = child(tree, "param_ref")
        words = tokens(tree)
        value, unit = (None, words) if ref is not None else (words[0], words[1:])
        days_unit = not unit or str(unit[0]).lower() in ("day", "days")
        if ref is not None and days_unit:
            name = unquote(strings(ref)[0])
            params.append(s.ParamUse(field="retention", name=name, span=self.span(ref)))
            return s.Number(value=0, span=self.span(ref))
        days = self.whole(value) if value is not None else None
        if days is None or not days_unit:
            written = [f"parameter {strings(ref)[0]}"] if ref is not None else []
            written += [str(t) for t in words]
            self.sink.emit(
                "E263",
                f"retention `{' '.join(written)}` is not a number of days",
                self.span(tree),
                note="a whole number of days goes here",
                help="write e.g. `retained for 365 days`; leave it out to keep events forever",
            )
            return None
        return s.Number(value=days, span=self.span(tree))

    def log_data(self, tree: Node) -> tuple[s.DataRef, ...]:
        """`include text, images, ...`; E266 for a word that names no kind of data."""
        found: list[s.DataRef] = []
        for part in trees(tree):
            phrase = normalise_phrase(self.phrase(part))
            data = LOG_DATA_PHRASES.get(phrase)
            if data is None:
                near = nearest(phrase, [d.value for d in LogData])
                self.sink.emit(
                    "E266",
                    f"unknown kind of log data `{self.phrase(part)}`",
                    self.span(part),
                    note="not a kind of data Bedrock logs",
                    help=f"did you mean `{near}`?"
                    if near
                    else "write text, images, embeddings, video or audio",
                )
                continue
            found.append(s.DataRef(data=data, span=self.span(part)))
        return tuple(found)

    # ── alarms ────────────────────────────────────────────────────────────────────────────────

    def alarms_block(self, tree: Node) -> s.AlarmsDecl:
        """The `alarms for` block. A topic or a threshold may be `parameter "P"`, as in
        `logging:`: a placeholder, and its use in `params` (`notify[0]`, `alarms[2].threshold`;
        bound by resolve)."""
        notify: list[s.Text] = []
        alarms: list[s.AlarmStmt] = []
        params: list[s.ParamUse] = []
        for line in trees(tree):
            if line.data == "notify":
                for topic in _given(line):
                    notify.append(self.given(topic, f"notify[{len(notify)}]", params))
            else:
                alarm = self.alarm(line, f"alarms[{len(alarms)}].threshold", params)
                if alarm is not None:
                    alarms.append(alarm)
        return s.AlarmsDecl(
            guardrail=self.ref(strings(tree)[0]),
            notify=tuple(notify),
            alarms=tuple(alarms),
            params=tuple(params),
            span=self.span(tree),
        )

    def bad_alarm(self, message: str, where: Node | Token, note: str, help: str) -> None:
        self.sink.emit("E265", message, self.span(where), note=note, help=help)

    def unknown_word(
        self, what: str, tree: Node, known: type[AlarmMetric] | type[PolicyType], note: str
    ) -> None:
        """E265 for a metric or policy the language does not know, with a "did you mean"."""
        written = self.phrase(tree)
        near = nearest(normalise_phrase(written), [k.value for k in known])
        hint = f"did you mean `{near}`?" if near else f"{what}s are " + _listed(known)
        self.bad_alarm(f"unknown {what} `{written}`", tree, note, hint)

    def alarm(self, tree: Node, field: str, params: list[s.ParamUse]) -> s.AlarmStmt | None:
        """`alarm when METRIC [on input] [by POLICY] above THRESHOLD [over N minutes]`; a
        threshold `parameter "P"` is recorded in `params` as `field`."""
        phrase_tree = next(t for t in trees(tree) if t.data == "phrase")
        phrase = normalise_phrase(self.phrase(phrase_tree))
        metric = ALARM_METRIC_PHRASES.get(phrase)
        if metric is None:
            self.unknown_word("metric", phrase_tree, AlarmMetric, "not a guardrail metric")
            return None
        side = child(tree, "alarm_side")
        direction = self.direction(child(side, "direction") or side) if side else None
        policy = self.policy_type(child(tree, "alarm_policy"), metric)
        threshold = child(tree, "threshold")
        assert threshold is not None
        value = self.threshold(threshold, metric)
        if value is None or policy is False:
            return None
        ref = child(threshold, "param_ref")
        if ref is not None:
            name = unquote(strings(ref)[0])
            params.append(s.ParamUse(field=field, name=name, span=self.span(ref)))
        number, unit = value
        if unit is ThresholdUnit.PERCENT and (direction is not None or policy is not None):
            self.bad_alarm(
                "a percentage cannot be combined with `on` or `by`",
                threshold,
                "a share of the guardrail's own invocations",
                "Bedrock counts interventions by direction and policy type for the whole "
                "account: alarm on a count instead (`above 50`)",
            )
            return None
        minutes = self.window(child(tree, "window"))
        if minutes is None:
            return None
        return s.AlarmStmt(
            metric=metric,
            direction=direction,
            policy_type=policy,
            threshold=number,
            unit=unit,
            minutes=minutes,
            span=self.span(tree),
        )

    def policy_type(self, tree: Node | None, metric: AlarmMetric) -> PolicyType | bool | None:
        """The `by POLICY` clause: the type, None when absent, False after reporting it."""
        if tree is None:
            return None
        phrase_tree = child(tree, "phrase") or tree
        phrase = normalise_phrase(self.phrase(phrase_tree))
        found = POLICY_TYPE_PHRASES.get(phrase)
        if found is None:
            self.unknown_word("policy type", phrase_tree, PolicyType, "not a guardrail policy")
            return False
        if metric is not AlarmMetric.INTERVENTIONS:
            self.bad_alarm(
                f"`by {found.value}` applies to interventions only",
                tree,
                f"Bedrock does not count {metric.value} by policy",
                f"write `alarm when interventions by {found.value} above ...`",
            )
            return False
        return found

    def threshold(self, tree: Node, metric: AlarmMetric) -> tuple[float, ThresholdUnit] | None:
        """The threshold and its unit, checked against the metric (E265). A threshold
        `parameter "P"` is 0 here (resolve puts its value in)."""
        ref = child(tree, "param_ref")
        words = tokens(tree)
        value: Token | None = None
        if ref is not None:
            rest, raw = words, f"parameter {strings(ref)[0]}"
        else:
            value, rest = words[0], words[1:]
            raw = unquote(value) if value.type == "STRING" else str(value)
        if value is not None and not _NUMBER.fullmatch(raw):
            self.bad_alarm(
                f"threshold `{value}` is not a number",
                value,
                "a number goes here",
                "write digits, e.g. `above 10`, `above 5%` or `above 800 ms`",
            )
            return None
        unit = ThresholdUnit.COUNT
        if rest:
            word = str(rest[0]).lower()
            known = THRESHOLD_UNIT_WORDS.get(word)
            if known is None:
                self.bad_alarm(
                    f"unknown unit `{rest[0]}`",
                    rest[0],
                    "not a unit",
                    "write `%`, `ms` or `seconds`, or nothing for a count",
                )
                return None
            unit = known
        latency = metric is AlarmMetric.LATENCY
        timed = unit in (ThresholdUnit.MILLISECONDS, ThresholdUnit.SECONDS)
        if latency != timed or (unit is ThresholdUnit.PERCENT and metric not in _RATES):
            if latency:
                hint = f"say the unit: `above {raw} ms` or `above {raw} seconds`"
            elif unit is ThresholdUnit.PERCENT:
                hint = f"{metric.value} are counted: write a number without `%`"
            else:
                hint = f"{metric.value} are counted: write `above {raw}` or a percentage"
            self.bad_alarm(
                f"`{raw}{'' if unit is ThresholdUnit.COUNT else ' ' + unit.value}` does not "
                f"measure {metric.value}",
                tree,
                "unit does not fit the metric",
                hint,
            )
            return None
        return (0.0 if ref is not None else float(raw)), unit

    def window(self, tree: Node | None) -> int | None:
        """`over 5 minutes` / `per 1 hour` in minutes (default 5); E265 when it is not a whole
        number of minutes or hours up to one day."""
        if tree is None:
            return 5
        value, unit = tokens(tree)[-2:]
        raw = unquote(value) if value.type == "STRING" else str(value)
        scale = WINDOW_UNIT_MINUTES.get(str(unit).lower())
        minutes = int(raw) * scale if raw.isdigit() and scale is not None else None
        if minutes is None or not 1 <= minutes <= MAX_WINDOW_MINUTES:
            self.bad_alarm(
                f"window `{raw} {unit}` is not a whole number of minutes or hours up to a day",
                tree,
                "CloudWatch evaluates alarms over whole minutes, at most one day",
                "write e.g. `over 5 minutes` or `per 1 hour`",
            )
            return None
        return minutes

    def whole(self, token: Token) -> int | None:
        raw = unquote(token) if token.type == "STRING" else str(token)
        return int(raw) if raw.isdigit() and len(raw) <= 6 else None


def _given(line: Node) -> list[Token | Node]:
    """The values of a line, in order: each a STRING token or a `param_ref` tree."""
    return [
        c
        for c in line.children
        if (isinstance(c, Token) and c.type == "STRING")
        or (not isinstance(c, Token) and c.data == "param_ref")
    ]


def _listed(values: type[PolicyType] | type[AlarmMetric]) -> str:
    return ", ".join(f"`{v.value}`" for v in values)


__all__ = ["MAX_WINDOW_MINUTES", "MonitoringLowerer"]
