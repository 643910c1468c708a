"""Where Bedrock filters images, and for which content categories.

From "Block harmful images with content filters" (Bedrock user guide, guardrails-mmfilter.html,
2026 snapshot): generally available in four Regions for all six categories; in preview in others
for hate, insults, sexual content and violence only. Asia Pacific (Tokyo) is listed in both; the
generally-available entry wins. Regions in neither list are not documented at all.
"""

from __future__ import annotations

SOURCE = "https://docs.aws.amazon.com/bedrock/latest/userguide/guardrails-mmfilter.html"

ALL_CATEGORIES = frozenset({"HATE", "INSULTS", "SEXUAL", "VIOLENCE", "MISCONDUCT", "PROMPT_ATTACK"})
PREVIEW_CATEGORIES = frozenset({"HATE", "INSULTS", "SEXUAL", "VIOLENCE"})

GENERALLY_AVAILABLE = frozenset({"us-east-1", "us-west-2", "eu-central-1", "ap-northeast-1"})
PREVIEW = frozenset(
    {
        "us-east-2",
        "ap-south-1",
        "ap-northeast-2",
        "ap-southeast-1",
        "eu-west-1",
        "eu-west-2",
        "us-gov-west-1",
    }
)


def image_categories(region: str) -> frozenset[str] | None:
    """The content categories with image filtering in `region`; None where AWS documents none."""
    if region in GENERALLY_AVAILABLE:
        return ALL_CATEGORIES
    if region in PREVIEW:
        return PREVIEW_CATEGORIES
    return None
