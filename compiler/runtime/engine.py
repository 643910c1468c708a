"""The interpreter: `apply_guardrail(plan, source, content)` answers like bedrock-runtime's
ApplyGuardrail (same keys, same enums, nothing extra) so code written against the real API can
run on it.

What is evaluated (bedrock-contract.md §2.9–2.11):
* `source` picks the side: INPUT uses the input configuration and blocked message, OUTPUT the
  output ones; rules disabled on that side are skipped (not evaluated, charged or reported).
* Text blocks are guarded unless qualified `grounding_source`/`query` only; when any block
  says `guard_content`, only those are guarded. Grounding reads the `grounding_source` and
  `query` blocks and runs on OUTPUT only. Images are counted but cannot be evaluated locally
  (coverage reports them as not guarded).
* An entry is `detected` when it fires; its action is BLOCKED/ANONYMIZED when the side's action
  says so, NONE in detect mode. Content filters fire when rank(confidence) + rank(strength) >= 4.
* `outputScope` FULL adds `detected: false` entries for topics, content filters, PII entities
  and grounding (never for words or regexes, as Bedrock).
* Any BLOCKED entry: `outputs` is the one blocked message. Else any ANONYMIZED entry: `outputs`
  echoes every text block, positionally, with matches replaced by `{TYPE}` or `{pattern name}`.
  Overlapping masked spans merge into one region tagged by its longest member (the earliest on
  a tie), so no character of any match is left showing. Else `outputs` is empty.

Standard library only: this module is bundled into the evaluator zipapp. The PII, topic, prompt
attack and content engines are imported lazily, so a plan that does not use them never loads
them.
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

from .datafiles import read_text
from .detectors import DEFAULT_DETECTORS, Detectors, TopicMatcher
from .grounding import grounding_score, relevance_score
from .normalise import canonical
from .plan import SOURCES, Calibration, CompiledPlan, Plan, Side, compile_plan, level
from .request import OUTPUT_SCOPES, RequestError, grounding_texts, guarded_blocks, read_content
from .words import WordMatcher, load_word_list

RANK = {"NONE": 0, "LOW": 1, "MEDIUM": 2, "HIGH": 3}

TEXT_UNIT = 1000  # characters per billed text unit
REASONS = {
    "BLOCKED": "Guardrail blocked.",
    "ANONYMIZED": "Guardrail masked.",
    "NONE": "No action.",
}
_DONE = {"BLOCK": "BLOCKED", "ANONYMIZE": "ANONYMIZED", "NONE": "NONE"}

Json = dict[str, Any]


ENGINE_ENV = "GUARDC_ENGINE"  # `standard` (default) or `embed` (the optional [embed] extra)


def blocks(confidence: str, strength: str) -> bool:
    """Bedrock's rule for content filters: a finding of `confidence` is detected by a filter of
    `strength` when their ranks sum to 4 or more (a stronger filter acts on lower confidences)."""
    return RANK[confidence] + RANK[strength] >= 4


class EngineUnavailableError(ValueError):
    """The engine asked for by GUARDC_ENGINE is unknown or not installed."""


def default_detectors(engine: str | None = None) -> Detectors:
    """The detectors `engine` (else GUARDC_ENGINE) asks for: the standard library ones unless
    it says `embed`, which loads the [embed] engines (runtime/embed_heads.py) and fails loudly
    when they are not installed: a guardrail must not silently run on another engine than the
    one asked for."""
    import os  # noqa: PLC0415 - only the engine choice reads the environment

    choice = (engine or os.environ.get(ENGINE_ENV, "")).strip().lower() or "standard"
    if choice == "standard":
        return DEFAULT_DETECTORS
    if choice != "embed":
        raise EngineUnavailableError(f"{ENGINE_ENV} must be `standard` or `embed`, not `{choice}`")
    try:
        from .embed_heads import embed_detectors  # noqa: PLC0415 - numpy/onnxruntime on demand

        chosen: Detectors = embed_detectors()
    except ImportError as exc:
        raise EngineUnavailableError(
            f"{ENGINE_ENV}=embed needs the [embed] extra (pip install 'guardc[embed]'): {exc}"
        ) from exc
    return chosen


@lru_cache(maxsize=1)
def profanity_matcher() -> WordMatcher:
    """The managed PROFANITY list (data/profanity.txt), compiled once per process."""
    text = read_text("data", "profanity.txt")
    return WordMatcher(load_word_list(text.splitlines()))


class Evaluator:
    """A compiled plan ready to answer requests; build once, call `apply` many times."""

    def __init__(
        self, plan: Plan | Mapping[str, Any] | CompiledPlan, detectors: Detectors | None = None
    ) -> None:
        self.plan = plan if isinstance(plan, CompiledPlan) else compile_plan(plan)
        self.detectors = detectors or default_detectors()
        self._topics: TopicMatcher | None = None
        scorers = self.detectors.scorers
        # The plan's cut points for this engine (`guardc calibrate`); none for engines without
        # raw scores (test fakes), which then answer with their own confidences.
        self.calibration = (
            self.plan.calibration.get(scorers.engine, Calibration())
            if scorers is not None
            else Calibration()
        )

    def topic_matcher(self) -> TopicMatcher:
        """The topic engine over every topic of the plan, built on first use (at the calibrated
        threshold when the plan has one for this engine)."""
        if self._topics is None:
            scorers, threshold = self.detectors.scorers, self.calibration.topics
            if scorers is not None and threshold is not None:
                self._topics = scorers.topic_index(self.plan.topics, threshold)
            else:
                self._topics = self.detectors.topic_index(self.plan.topics)
        return self._topics

    def apply(
        self,
        source: str,
        content: Sequence[Mapping[str, Any]],
        output_scope: str = "INTERVENTIONS",
        *,
        deterministic: bool = False,
        caller_account: str | None = None,
    ) -> Json:
        """Evaluate `content` as ApplyGuardrail would and return its response.

        `deterministic=True` reports `guardrailProcessingLatency` as 0 so that identical
        requests give byte-identical responses (tests, `guardc eval --deterministic`).
        `caller_account` is the account calling ApplyGuardrail: another account than the
        guardrail's makes `guardrailOwnership` CROSS_ACCOUNT (a guardrail shared with it).
        """
        began = time.perf_counter()
        if source not in SOURCES:
            raise RequestError(f"source must be INPUT or OUTPUT, not {source!r}")
        if output_scope not in OUTPUT_SCOPES:
            raise RequestError(f"outputScope must be INTERVENTIONS or FULL, not {output_scope!r}")
        texts, images = read_content(content)
        guarded = guarded_blocks(texts)
        run = _Run(self, self.plan.sides[source], source, output_scope == "FULL")
        for i in guarded:
            run.scan(i, texts[i][0])
        run.finish_topics_and_filters(guarded)
        if source == "OUTPUT":
            run.ground(*grounding_texts(texts, guarded))
        run.units["contentPolicyImageUnits"] = images if self._images_filtered(source) else 0
        latency = 0 if deterministic else int((time.perf_counter() - began) * 1000)
        response = run.response([t for t, _ in texts], guarded, images, latency)
        response["assessments"][0]["appliedGuardrailDetails"] = self._details(caller_account)
        return response

    def _images_filtered(self, source: str) -> bool:
        """True when a content filter of this side takes images (`including images`): the
        service meters each image as a content-policy image unit, whether or not this local
        evaluator can judge it (guardrailCoverage says it cannot)."""
        side = source.lower()
        return any(
            f.get("images") and f.get(side) and f[side].get("strength") != "NONE"
            for f in self.plan.source.get("contentFilters", ())
        )

    def _details(self, caller_account: str | None) -> Json:
        """`appliedGuardrailDetails` as ApplyGuardrail reports it: the guardrail applied (id,
        ARN, version, when the plan knows the deployed guardrail), named in the request
        (origin REQUEST), owned by the caller's account or shared with it."""
        found = self.plan.source.get("deployed")
        deployed = {k: v for k, v in found.items() if isinstance(v, str)} if found else {}
        details: Json = {"guardrailOrigin": ["REQUEST"]}
        for member, key in (("guardrailId", "id"), ("guardrailArn", "arn")):
            if key in deployed:
                details[member] = deployed[key]
        if "version" in deployed:
            details["guardrailVersion"] = deployed["version"]
        owner = deployed.get("account")
        cross = caller_account is not None and owner is not None and caller_account != owner
        details["guardrailOwnership"] = "CROSS_ACCOUNT" if cross else "SELF"
        return details


def _units(text: str) -> int:
    return math.ceil(len(text) / TEXT_UNIT)


class _Run:
    """The state of one evaluation: entries per policy, masks per text block, usage."""

    def __init__(self, evaluator: Evaluator, side: Side, source: str, full: bool) -> None:
        self.ev = evaluator
        self.side = side
        self.source = source
        self.full = full
        self.topics: list[Json] = []
        self.filters: list[Json] = []
        self.words: list[Json] = []
        self.managed: list[Json] = []
        self.pii: list[Json] = []
        self.regexes: list[Json] = []
        self.grounding: list[Json] = []
        self.masks: dict[int, list[tuple[int, int, str]]] = {}
        self.units = dict.fromkeys(
            (
                "topicPolicyUnits",
                "contentPolicyUnits",
                "wordPolicyUnits",
                "sensitiveInformationPolicyUnits",
                "sensitiveInformationPolicyFreeUnits",
                "contextualGroundingPolicyUnits",
            ),
            0,
        )
        self.topic_hits: set[int] = set()
        self.confidence: dict[str, str] = {}

    def _mask(self, block: int, start: int, end: int, tag: str) -> None:
        self.masks.setdefault(block, []).append((start, end, tag))

    def scan(self, block: int, text: str) -> None:
        """Run every text policy of the side on one guarded text block."""
        side, units = self.side, _units(text)
        if side.topics:
            self.units["topicPolicyUnits"] += units
            self.topic_hits.update(self.ev.topic_matcher().matches(text))
        if side.filters:
            self.units["contentPolicyUnits"] += units
            self._classify(text)
        if side.words is not None or side.profanity is not None:
            self.units["wordPolicyUnits"] += units
        if side.words is not None:
            for m in side.words.find(text):
                action = _DONE[side.word_actions[m.rule]]
                self.words.append({"match": m.text, "action": action, "detected": True})
        if side.profanity is not None:
            action = _DONE[side.profanity]
            for m in profanity_matcher().find(text):
                entry = {"match": m.text, "type": "PROFANITY", "action": action, "detected": True}
                self.managed.append(entry)
        # PII detectors and patterns see the canonical text (runtime/normalise.py); what they
        # find is mapped back to the original span, invisible characters glued to it included,
        # and reported and masked as written.
        canon = canonical(text) if side.pii or side.regexes is not None else None
        if side.pii:
            assert canon is not None
            self.units["sensitiveInformationPolicyUnits"] += units
            actions = dict(side.pii)
            for m in self.ev.detectors.find_pii(canon.text, list(actions)):
                action = _DONE[actions[m.type]]
                start, end = canon.original_span(m.start, m.end, absorb=True)
                self.pii.append(
                    {"match": text[start:end], "type": m.type, "action": action, "detected": True}
                )
                if action == "ANONYMIZED":
                    self._mask(block, start, end, m.type)
        elif side.regexes is not None:  # regex-only evaluation is not billed (pricing page)
            self.units["sensitiveInformationPolicyFreeUnits"] += units
        if side.regexes is not None:
            assert canon is not None
            for r in sorted(side.regexes.find(canon.text), key=lambda r: (r.start, r.rule)):
                name, pattern, configured = side.regex_rules[r.rule]
                action = _DONE[configured]
                start, end = canon.original_span(r.start, r.end, absorb=True)
                self.regexes.append(
                    {
                        "name": name,
                        "match": text[start:end],
                        "regex": pattern,
                        "action": action,
                        "detected": True,
                    }
                )
                if action == "ANONYMIZED":
                    self._mask(block, start, end, name)

    def _classify(self, text: str) -> None:
        """Keep, per filter type, the highest confidence over the guarded blocks."""
        types = {t for t, _, _ in self.side.filters}
        found: dict[str, str] = {}
        cuts = self.ev.calibration.filters
        calibrated = types & cuts.keys()  # empty unless the detectors have raw scores
        if calibrated and self.ev.detectors.scorers is not None:
            scores = self.ev.detectors.scorers.filters(text, calibrated)
            found.update((kind, level(scores[kind], cuts[kind])) for kind in calibrated)
        rest = types - calibrated
        if rest - {"PROMPT_ATTACK"}:
            found.update(self.ev.detectors.content(text))
        if "PROMPT_ATTACK" in rest:  # its own engine, whatever the content engine says
            found["PROMPT_ATTACK"] = self.ev.detectors.prompt_attack(text)
        for kind in types:
            confidence = found.get(kind, "NONE")
            if RANK[confidence] > RANK[self.confidence.get(kind, "NONE")]:
                self.confidence[kind] = confidence
            self.confidence.setdefault(kind, confidence)

    def finish_topics_and_filters(self, guarded: Sequence[int]) -> None:
        """Turn the collected topic hits and confidences into assessment entries (none when
        no text was guarded: nothing was evaluated, so nothing is reported, even with FULL)."""
        if not guarded:
            return
        for index, name, configured in self.side.topics:
            detected = index in self.topic_hits
            if detected or self.full:
                action = _DONE[configured] if detected else "NONE"
                self.topics.append(
                    {"name": name, "type": "DENY", "action": action, "detected": detected}
                )
        for kind, strength, configured in self.side.filters:
            confidence = self.confidence.get(kind, "NONE")
            detected = blocks(confidence, strength)
            if detected or self.full:
                self.filters.append(
                    {
                        "type": kind,
                        "confidence": confidence,
                        "filterStrength": strength,
                        "action": _DONE[configured] if detected else "NONE",
                        "detected": detected,
                    }
                )
        if self.full:
            seen = {e["type"] for e in self.pii}
            for kind, _ in self.side.pii:
                if kind not in seen:
                    self.pii.append(
                        {"match": "", "type": kind, "action": "NONE", "detected": False}
                    )

    def ground(self, response: str, source: str, query: str) -> None:
        """Contextual grounding of the guarded output against the source and the query."""
        checks = [g for g in self.side.grounding if (source if g[0] == "GROUNDING" else query)]
        if not checks or not response:
            return
        self.units["contextualGroundingPolicyUnits"] += (
            _units(response) + _units(source) + _units(query)
        )
        for kind, threshold, configured in checks:
            if kind == "GROUNDING":
                score = grounding_score(response, source)
            else:
                score = relevance_score(response, query)
            # a calibrated plan compares the local score with its own cut, and still reports
            # the configured threshold, as Bedrock does
            detected = score < self.ev.calibration.grounding.get(kind, threshold)
            if detected or self.full:
                self.grounding.append(
                    {
                        "type": kind,
                        "threshold": threshold,
                        "score": score,
                        "action": _DONE[configured] if detected else "NONE",
                        "detected": detected,
                    }
                )

    def response(self, texts: list[str], guarded: list[int], images: int, latency: int) -> Json:
        """The ApplyGuardrail response for what was found."""
        entries = [
            *self.topics,
            *self.filters,
            *self.words,
            *self.managed,
            *self.pii,
            *self.regexes,
            *self.grounding,
        ]
        actions = {e["action"] for e in entries}
        if "BLOCKED" in actions:
            outcome = "BLOCKED"
            outputs = [{"text": self.side.message}]
        elif "ANONYMIZED" in actions:
            outcome = "ANONYMIZED"
            outputs = [{"text": mask(t, self.masks.get(i, []))} for i, t in enumerate(texts)]
        else:
            outcome, outputs = "NONE", []
        coverage: Json = {
            "textCharacters": {
                "guarded": sum(len(texts[i]) for i in guarded),
                "total": sum(len(t) for t in texts),
            }
        }
        if images:  # images are present but cannot be evaluated locally
            coverage["images"] = {"guarded": 0, "total": images}
        assessment: Json = {}
        if self.topics:
            assessment["topicPolicy"] = {"topics": self.topics}
        if self.filters:
            assessment["contentPolicy"] = {"filters": self.filters}
        if self.words or self.managed:
            assessment["wordPolicy"] = {"customWords": self.words, "managedWordLists": self.managed}
        if self.pii or self.regexes:
            assessment["sensitiveInformationPolicy"] = {
                "piiEntities": self.pii,
                "regexes": self.regexes,
            }
        if self.grounding:
            assessment["contextualGroundingPolicy"] = {"filters": self.grounding}
        assessment["invocationMetrics"] = {
            "guardrailProcessingLatency": latency,
            "usage": dict(self.units),
            "guardrailCoverage": coverage,
        }
        return {
            "usage": dict(self.units),
            "action": "NONE" if outcome == "NONE" else "GUARDRAIL_INTERVENED",
            "actionReason": REASONS[outcome],
            "outputs": outputs,
            "assessments": [assessment],
            "guardrailCoverage": coverage,
        }


def mask(text: str, spans: Sequence[tuple[int, int, str]]) -> str:
    """`text` with each span replaced by `{tag}`; overlapping spans merge into one region
    tagged by its longest member (earliest on a tie)."""
    if not spans:
        return text
    out: list[str] = []
    pos = 0
    ordered = sorted(spans, key=lambda s: (s[0], -(s[1] - s[0])))
    i = 0
    while i < len(ordered):
        start, end, tag = ordered[i]
        best = end - start
        j = i + 1
        while j < len(ordered) and ordered[j][0] < end:
            s, e, t = ordered[j]
            if e - s > best:
                best, tag = e - s, t
            end = max(end, e)
            j += 1
        out.append(text[pos:start])
        out.append("{" + tag + "}")
        pos = end
        i = j
    out.append(text[pos:])
    return "".join(out)


_CACHE: dict[int, tuple[Mapping[str, Any], Evaluator]] = {}


def apply_guardrail(
    plan: Plan | Mapping[str, Any] | CompiledPlan | Evaluator,
    source: str,
    content: Sequence[Mapping[str, Any]],
    output_scope: str = "INTERVENTIONS",
    *,
    deterministic: bool = False,
    caller_account: str | None = None,
) -> Json:
    """ApplyGuardrail on a plan (dict, compiled plan or `Evaluator`).

    A plan dict is compiled on first use and kept (by identity, up to 16 plans), so calling
    this in a loop with the same dict does not rebuild the word tables each time.
    """
    if isinstance(plan, Evaluator):
        evaluator = plan
    elif isinstance(plan, CompiledPlan):
        evaluator = Evaluator(plan)
    else:
        cached = _CACHE.get(id(plan))
        if cached is not None and cached[0] is plan:
            evaluator = cached[1]
        else:
            evaluator = Evaluator(plan)
            if len(_CACHE) >= 16:
                _CACHE.pop(next(iter(_CACHE)))
            _CACHE[id(plan)] = (plan, evaluator)
    return evaluator.apply(
        source, content, output_scope, deterministic=deterministic, caller_account=caller_account
    )
