"""The PII engine of the local evaluator: `find_pii(text, types)` for Bedrock's 31 entity types.

Detectors (pii_formats, pii_network, pii_context, pii_names) propose candidates; this module
runs only the detectors of the requested types and resolves overlaps. Standard library only,
relative imports only: the package is bundled into the evaluator zipapp that runs on a bare
Python 3.11+.

Overlap resolution (docs/pii.md): when two candidates overlap, the one with the higher rank wins
(checksum-validated > structurally unambiguous > confirmed by a cue word > heuristic), then the
longer, then the earlier, then the one whose cue word is nearer, then the more specific type
(`_PRIORITY`). The winners never overlap and are returned sorted by start.
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Collection, Iterable
from typing import NamedTuple

from . import pii_context, pii_formats, pii_names, pii_network
from .pii_base import CUED, GATED, PII_GATE, Candidate, Cue, Detector, words

# Bedrock's PII_TYPES (GuardrailPiiEntityType), kept here because the runtime cannot import
# compiler.vocab; tests/runtime/test_runtime_pii.py checks both lists are the same.
PII_TYPES: tuple[str, ...] = (
    "ADDRESS",
    "AGE",
    "AWS_ACCESS_KEY",
    "AWS_SECRET_KEY",
    "CA_HEALTH_NUMBER",
    "CA_SOCIAL_INSURANCE_NUMBER",
    "CREDIT_DEBIT_CARD_CVV",
    "CREDIT_DEBIT_CARD_EXPIRY",
    "CREDIT_DEBIT_CARD_NUMBER",
    "DRIVER_ID",
    "EMAIL",
    "INTERNATIONAL_BANK_ACCOUNT_NUMBER",
    "IP_ADDRESS",
    "LICENSE_PLATE",
    "MAC_ADDRESS",
    "NAME",
    "PASSWORD",
    "PHONE",
    "PIN",
    "SWIFT_CODE",
    "UK_NATIONAL_HEALTH_SERVICE_NUMBER",
    "UK_NATIONAL_INSURANCE_NUMBER",
    "UK_UNIQUE_TAXPAYER_REFERENCE_NUMBER",
    "URL",
    "USERNAME",
    "US_BANK_ACCOUNT_NUMBER",
    "US_BANK_ROUTING_NUMBER",
    "US_INDIVIDUAL_TAX_IDENTIFICATION_NUMBER",
    "US_PASSPORT_NUMBER",
    "US_SOCIAL_SECURITY_NUMBER",
    "VEHICLE_IDENTIFICATION_NUMBER",
)


class PiiMatch(NamedTuple):
    """One detected entity: its Bedrock type, its span in the text, and the original text."""

    type: str
    start: int
    end: int
    text: str


_DETECTORS: dict[str, Detector] = {
    "ADDRESS": pii_names.addresses,
    "AWS_ACCESS_KEY": pii_network.aws_access_keys,
    "AWS_SECRET_KEY": pii_network.aws_secret_keys,
    "CA_SOCIAL_INSURANCE_NUMBER": pii_formats.ca_sins,
    "CREDIT_DEBIT_CARD_EXPIRY": pii_formats.expiry,
    "CREDIT_DEBIT_CARD_NUMBER": pii_formats.cards,
    "EMAIL": pii_network.emails,
    "INTERNATIONAL_BANK_ACCOUNT_NUMBER": pii_formats.ibans,
    "IP_ADDRESS": pii_network.ip_addresses,
    "MAC_ADDRESS": pii_network.mac_addresses,
    "NAME": pii_names.names,
    "SWIFT_CODE": pii_formats.swift_codes,
    "UK_NATIONAL_HEALTH_SERVICE_NUMBER": pii_formats.nhs_numbers,
    "UK_NATIONAL_INSURANCE_NUMBER": pii_formats.ninos,
    "URL": pii_network.urls,
    "US_BANK_ROUTING_NUMBER": pii_formats.routing_numbers,
    # One pass yields both: the area digit decides between SSN (never 9xx) and ITIN (always 9xx).
    "US_INDIVIDUAL_TAX_IDENTIFICATION_NUMBER": pii_formats.us_tax_numbers,
    "US_SOCIAL_SECURITY_NUMBER": pii_formats.us_tax_numbers,
    "VEHICLE_IDENTIFICATION_NUMBER": pii_formats.vins,
    **pii_context.CONTEXT_DETECTORS,
}
assert set(_DETECTORS) == set(PII_TYPES)

# Last tie-breaker, most specific first: a value that is equally well explained by two types
# goes to the narrower one (an email-shaped username is an EMAIL; a NAME is the last resort).
_PRIORITY: dict[str, int] = {
    t: i
    for i, t in enumerate(
        words(
            """AWS_ACCESS_KEY CREDIT_DEBIT_CARD_NUMBER INTERNATIONAL_BANK_ACCOUNT_NUMBER
            US_BANK_ROUTING_NUMBER UK_NATIONAL_HEALTH_SERVICE_NUMBER CA_SOCIAL_INSURANCE_NUMBER
            VEHICLE_IDENTIFICATION_NUMBER US_SOCIAL_SECURITY_NUMBER
            US_INDIVIDUAL_TAX_IDENTIFICATION_NUMBER UK_NATIONAL_INSURANCE_NUMBER EMAIL MAC_ADDRESS
            IP_ADDRESS URL SWIFT_CODE AWS_SECRET_KEY CREDIT_DEBIT_CARD_EXPIRY CREDIT_DEBIT_CARD_CVV
            PIN US_PASSPORT_NUMBER DRIVER_ID LICENSE_PLATE CA_HEALTH_NUMBER
            UK_UNIQUE_TAXPAYER_REFERENCE_NUMBER US_BANK_ACCOUNT_NUMBER PASSWORD USERNAME AGE PHONE
            ADDRESS NAME"""
        )
    )
}
assert set(_PRIORITY) == set(PII_TYPES)


def find_pii(text: str, types: Collection[str]) -> list[PiiMatch]:
    """The non-overlapping PII entities of the requested Bedrock types in `text`, by start.

    Only the detectors of `types` run, so the cost follows what the policy asks for. An unknown
    type name is a bug in the caller (the compiler only emits Bedrock's names): ValueError.
    """
    wanted = frozenset(types)
    unknown = wanted.difference(_DETECTORS)
    if unknown:
        raise ValueError(f"unknown PII types: {sorted(unknown)}")
    if not text or not wanted:
        return []
    candidates: list[Candidate] = []
    skipped: frozenset[int] | None = None  # the PII gate's patterns that cannot match
    for detector, every, gates, cue in _detectors(wanted):
        if gates is not None:
            if skipped is None:
                skipped = PII_GATE.skipped_in(text)
            if gates <= skipped:
                continue  # every scan it makes is skipped: it finds nothing
        elif cue is not None and not cue.present(text):
            continue  # the cue its every candidate needs is absent
        if every:
            candidates.extend(detector(text))
        else:
            candidates.extend([c for c in detector(text) if c.type in wanted])
    return [PiiMatch(c.type, c.start, c.end, text[c.start : c.end]) for c in resolve(candidates)]


@functools.lru_cache(maxsize=64)
def _detectors(
    wanted: frozenset[str],
) -> tuple[tuple[Detector, bool, frozenset[int] | None, Cue | None], ...]:
    """The detectors of `wanted`'s types, each once, in type order (a policy asks for the same
    types on every call: worked out once), each with whether every type it finds is wanted
    (its candidates then need no filtering: a detector finds only types it is listed for in
    `_DETECTORS`, and `us_tax_numbers` is listed for two), and the PII gate's indices of the
    patterns its every candidate comes from (`pii_base.gated_by`; None: not known, or RE2
    cannot skip them) or the cue it needs (`pii_base.cued_by`)."""
    detectors = dict.fromkeys(_DETECTORS[t] for t in sorted(wanted))
    return tuple(
        (
            d,
            all(t in wanted for t, shared in _DETECTORS.items() if shared is d),
            PII_GATE.indices(GATED[d]) if d in GATED else None,
            CUED.get(d),
        )
        for d in detectors
    )


def resolve(candidates: Iterable[Candidate]) -> list[Candidate]:
    """Greedy overlap resolution: best candidate first (rank, length, start, cue, type); keep
    each one that overlaps none kept before. Returns the kept candidates sorted by start."""
    ordered = sorted(
        candidates,
        key=lambda c: (-c.rank, c.start - c.end, c.start, c.cue, _PRIORITY[c.type]),
    )
    starts: list[int] = []
    kept: list[Candidate] = []
    for c in ordered:
        if c.end <= c.start:
            continue
        i = bisect.bisect_right(starts, c.start)
        if i > 0 and kept[i - 1].end > c.start:
            continue
        if i < len(kept) and kept[i].start < c.end:
            continue
        starts.insert(i, c.start)
        kept.insert(i, c)
    return kept
