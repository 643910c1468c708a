"""The language's closed vocabularies match Bedrock's service model exactly."""

from __future__ import annotations

import botocore.session
from botocore.model import StringShape

from compiler.vocab import (
    PII_PHRASES,
    ContentCategory,
    PiiType,
    lookup_filter,
    lookup_pii,
)


def _enum(shape: str) -> set[str]:
    model = botocore.session.get_session().get_service_model("bedrock")
    found = model.shape_for(shape)
    assert isinstance(found, StringShape)
    return set(found.enum)


def test_pii_types_are_bedrocks() -> None:
    assert {t.value for t in PiiType} == _enum("GuardrailPiiEntityType")
    assert len(PII_PHRASES) == 31


def test_content_categories_are_bedrocks() -> None:
    assert {c.value for c in ContentCategory} == _enum("GuardrailContentFilterType")


def test_lookup_accepts_phrase_and_bedrock_name() -> None:
    assert lookup_pii("Credit  Card numbers") is PiiType.CREDIT_DEBIT_CARD_NUMBER
    assert lookup_pii("US_SOCIAL_SECURITY_NUMBER") is PiiType.US_SOCIAL_SECURITY_NUMBER
    assert lookup_pii("credit card numbrs") is None
    assert lookup_filter("sexual content") is ContentCategory.SEXUAL
    assert lookup_filter("PROMPT_ATTACK") is ContentCategory.PROMPT_ATTACK
