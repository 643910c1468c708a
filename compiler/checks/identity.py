"""Stage 4, identifiers: KMS keys, cross-Region profiles, automated-reasoning ARNs, tags and the
`access:` block, checked against the forms Bedrock's model (or IAM) accepts.

`check_access` is one of `validate.CHECKS` (every target); the others are in the Bedrock scope
(`bedrock_limits.CHECKS`) and take the model's patterns from `bedrock_model.guardrail_field`.
IAM forms (account ids, regions, partitions, role and user ARNs) have no Bedrock model and are
written here.
"""

from __future__ import annotations

import re

from ..aws import bedrock_model as bm
from ..aws.arns import partition_for_region
from ..aws.model_patterns import model_pattern_findings
from ..diagnostics.sink import Diagnostics, Label
from ..diagnostics.span import Span
from ..ir import Access, Guardrail
from ..vocab import Tier, TierPolicy
from .text import show

_ACCOUNT = re.compile(r"[0-9]{12}")
_REGION = re.compile(r"[a-z]{2}(-[a-z]+)+-[0-9]{1,2}")
_PARTITIONS = ("aws", "aws-cn", "aws-us-gov")
_PRINCIPAL = re.compile(
    r"arn:(aws|aws-cn|aws-us-gov):iam::[0-9]{12}:(role|user)/[\w+=,.@/-]{1,512}"
)


def _access_span(access: Access, key: str) -> Span:
    return dict(access.spans).get(key, access.span)


def check_reasoning(guardrail: Guardrail, sink: Diagnostics) -> None:
    """Automated-reasoning policy ARNs (the model's pattern) and their number."""
    reasoning = guardrail.reasoning
    if reasoning is None:
        return
    path = "automatedReasoningPolicyConfig.policies"
    most = bm.guardrail_field(path).max
    if most is not None and len(reasoning.policies) > most:
        sink.emit(
            "E302",
            f"{len(reasoning.policies)} automated reasoning policies, more than Bedrock's "
            f"{int(most)}",
            reasoning.span,
            help=f"a guardrail takes at most {int(most)} automated reasoning policies",
        )
    limits = bm.guardrail_field(f"{path}[]")
    for arn in reasoning.policies:
        if not limits.matches(arn) or (limits.max is not None and len(arn) > limits.max):
            sink.emit(
                "E214",
                f"`{show(arn)}` is not an automated reasoning policy ARN",
                reasoning.span,
                help="expected `arn:aws:bedrock:REGION:ACCOUNT:automated-reasoning-policy/ID` "
                "with a 12-character id and an optional `:VERSION`",
            )


def check_tags(guardrail: Guardrail, sink: Diagnostics) -> None:
    """Tag keys and values (the model's lengths and pattern), their number, unique keys."""
    limit = bm.guardrail_field("tags").max
    if limit is not None and len(guardrail.tags) > limit:
        sink.emit(
            "E215",
            f"{len(guardrail.tags)} tags, more than Bedrock's {int(limit)}",
            guardrail.tags[int(limit)].span,
        )
    seen: dict[str, Span] = {}
    for tag in guardrail.tags:
        for part, value in (("key", tag.key), ("value", tag.value)):
            limits = bm.guardrail_field(f"tags[].{part}")
            lo, hi = int(limits.min or 0), int(limits.max or 0)
            if lo <= len(value) <= hi and limits.matches(value):
                continue
            bad = next((c for c in value if not limits.matches(c)), None)
            sink.emit(
                "E215",
                f"tag {part} `{show(value)}` is not valid",
                tag.span,
                note=f"`{bad}` is not allowed" if bad else f"{len(value)} characters",
                help=f"a tag {part} is {lo}–{hi} letters, digits, spaces and `_.:/=+@-`",
            )
        if tag.key in seen:
            first = Label(span=seen[tag.key], message="first given here")
            sink.emit(
                "E215", f"tag key `{show(tag.key)}` is given twice", tag.span, labels=(first,)
            )
        seen.setdefault(tag.key, tag.span)


def check_kms_key(guardrail: Guardrail, sink: Diagnostics) -> None:
    """`encrypt with key`: a key id, key ARN, alias or alias ARN (the model's pattern)."""
    key = guardrail.kms_key
    if key is None:
        return
    limits = bm.guardrail_field("kmsKeyId")
    if not limits.matches(key) or (limits.max is not None and len(key) > limits.max):
        sink.emit(
            "E212",
            f"`{show(key)}` is not a KMS key id, key ARN, alias or alias ARN",
            guardrail.setting_span(guardrail.spans.kms_key),
            help="e.g. `alias/guardrails` or `arn:aws:kms:us-east-1:111122223333:key/<uuid>`",
        )


def check_cross_region(guardrail: Guardrail, sink: Diagnostics) -> None:
    """The profile's form; the standard tier and automated reasoning both need one."""
    # the form first: a malformed profile is one finding (E213), not also a missing one
    profile = guardrail.cross_region_profile
    limits = bm.guardrail_field("crossRegionConfig.guardrailProfileIdentifier")
    if profile is not None:
        short = limits.min is not None and len(profile) < limits.min
        long = limits.max is not None and len(profile) > limits.max
        if short or long or not limits.matches(profile):
            sink.emit(
                "E213",
                f"`{show(profile)}` is not a guardrail profile id or ARN",
                guardrail.setting_span(guardrail.spans.cross_region_profile),
                help="e.g. `us.guardrail.v1:0`",
            )
        elif guardrail.reasoning is None and not any(
            guardrail.policy_tier(p) is Tier.STANDARD for p in TierPolicy
        ):
            sink.emit(
                "W212",
                "cross region profile on the classic tier: classic-tier policies do not use "
                "cross-Region inference",
                guardrail.setting_span(guardrail.spans.cross_region_profile),
                note="AWS lists cross-Region inference as not supported on the classic tier",
                help="add `tier standard` (or `tier standard for topics|filters|grounding`) or "
                "delete the profile; see "
                "https://docs.aws.amazon.com/bedrock/latest/userguide/guardrails-tiers.html",
            )
        return
    standard = [p for p in TierPolicy if guardrail.policy_tier(p) is Tier.STANDARD]
    if standard:
        sink.emit(
            "E209",
            "the standard tier needs a cross region profile",
            guardrail.tier_span(standard[0]),
            help='add `cross region profile "us.guardrail.v1:0"` (or your geography\'s profile)',
        )
    if guardrail.reasoning is not None:
        sink.emit(
            "E221",
            "automated reasoning needs a cross region profile",
            guardrail.reasoning.span,
            help='add `cross region profile "us.guardrail.v1:0"` (or your geography\'s profile)',
        )


def check_access(guardrail: Guardrail, sink: Diagnostics) -> None:
    """The `access:` block: account, region, partition, the role or user ARNs and the models."""
    access = guardrail.access
    if access is None:
        return
    if access.account is not None and not _ACCOUNT.fullmatch(access.account):
        sink.emit(
            "E218",
            f"`{show(access.account)}` is not an AWS account id",
            _access_span(access, "account"),
            help="an account id is 12 digits, e.g. `111122223333`",
        )
    if access.region is not None and not _REGION.fullmatch(access.region):
        sink.emit(
            "E218",
            f"`{show(access.region)}` is not an AWS region",
            _access_span(access, "region"),
            help="a region looks like `us-east-1`",
        )
    if access.partition not in _PARTITIONS:
        sink.emit(
            "E218",
            f"`{show(access.partition)}` is not an AWS partition",
            _access_span(access, "partition"),
            help="a partition is `aws`, `aws-cn` or `aws-us-gov`",
        )
    _models(access, sink)
    for key, arns in (("deployers", access.deployers), ("appliers", access.appliers)):
        for i, arn in enumerate(arns):
            if not _PRINCIPAL.fullmatch(arn):
                sink.emit(
                    "E214",
                    f"`{show(arn)}` is not an IAM role or user ARN",
                    _access_span(access, f"{key}[{i}]"),
                    help="expected `arn:aws:iam::ACCOUNT:role/NAME` or "
                    "`arn:aws:iam::ACCOUNT:user/NAME`",
                )


def _models(access: Access, sink: Diagnostics) -> None:
    """`required for models`: model ids or Bedrock model ARNs only, in the block's partition
    and account when it states them (the IAM target compares again once the ARN is known)."""
    partition: str | None = None
    if access.partition != "aws":
        partition = access.partition
    elif access.region is not None:
        partition = partition_for_region(access.region)
    for i, model in enumerate(access.models):
        for found in model_pattern_findings(model, partition, access.account):
            sink.emit(
                found.code,
                found.message,
                _access_span(access, f"models[{i}]"),
                help=found.help,
            )
