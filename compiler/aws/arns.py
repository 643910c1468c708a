"""ARNs of everything the IAM and KMS policies name, partition-aware (aws, aws-cn, aws-us-gov).

Pure string functions and small parsers: no AWS calls, no diagnostics. Formats follow the Service
Authorization Reference for Amazon Bedrock and AWS KMS (bedrock-contract.md §3.2). The table of
guardrail-profile destination Regions is copied by hand from the Bedrock user guide page
"Supported Regions for cross-Region guardrail inference" (guardrails-cross-region-support.html).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PARTITIONS = ("aws", "aws-cn", "aws-us-gov")

_GUARDRAIL_ARN = re.compile(
    r"arn:(aws|aws-cn|aws-us-gov):bedrock:([a-z0-9-]{1,20}):([0-9]{12}):guardrail/([a-z0-9]{1,64})"
    r"(?::([1-9][0-9]{0,7}|DRAFT))?"
)
_PRINCIPAL_ARN = re.compile(r"arn:(aws|aws-cn|aws-us-gov):iam::([0-9]{12}):(role|user)/(.+)")
_KMS_ARN = re.compile(r"arn:(aws|aws-cn|aws-us-gov):kms:([a-z0-9-]+):([0-9]{12}):(key|alias)/(.+)")
_KEY_ID = re.compile(r"[a-zA-Z0-9-]{36}")
_PROFILE_ARN = re.compile(
    r"arn:(aws|aws-cn|aws-us-gov):bedrock:([a-z0-9-]{1,20}):([0-9]{12}):guardrail-profile/(.+)"
)

# Cross-Region inference-profile model ids start with a geography (`us.anthropic.claude-...`);
# plain foundation-model ids start with the provider (`anthropic.claude-...`).
INFERENCE_PROFILE_PREFIXES = frozenset({"us", "us-gov", "eu", "apac", "jp", "au", "ca", "global"})


def partition_for_region(region: str, default: str = "aws") -> str:
    """The partition a Region belongs to (`cn-north-1` → aws-cn), else `default`."""
    if region.startswith("cn-"):
        return "aws-cn"
    if region.startswith("us-gov-"):
        return "aws-us-gov"
    return default


def dns_suffix(partition: str) -> str:
    """The service endpoint domain of a partition (used by `kms:ViaService` values)."""
    return "amazonaws.com.cn" if partition == "aws-cn" else "amazonaws.com"


# ── guardrails ────────────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class GuardrailRef:
    """A deployed guardrail's ARN, split, with the optional `:VERSION` suffix of
    `--guardrail-arn NAME=ARN[:VERSION]` (a number or `DRAFT`)."""

    partition: str
    region: str
    account: str
    guardrail_id: str
    version: str | None = None

    @property
    def arn(self) -> str:
        """The unversioned ARN: the IAM resource of every version (versions have no ARN)."""
        return guardrail_arn(self.partition, self.region, self.account, self.guardrail_id)


def parse_guardrail_arn(text: str) -> GuardrailRef | None:
    """`arn:aws:bedrock:R:A:guardrail/ID[:N|:DRAFT]` split into its parts; None if malformed."""
    m = _GUARDRAIL_ARN.fullmatch(text.strip())
    if m is None:
        return None
    return GuardrailRef(m[1], m[2], m[3], m[4], m[5])


def guardrail_arn(partition: str, region: str, account: str, guardrail_id: str) -> str:
    """`arn:P:bedrock:R:A:guardrail/ID`; `guardrail_id="*"` gives every guardrail of the account."""
    return f"arn:{partition}:bedrock:{region}:{account}:guardrail/{guardrail_id}"


def versioned_identifier(arn: str, version: str) -> str:
    """The value of `bedrock:GuardrailIdentifier` for a version: `ARN:N`, or the bare ARN for
    DRAFT (guardrails-permissions-id.html)."""
    return arn if version == "DRAFT" else f"{arn}:{version}"


# ── guardrail profiles (cross-Region guardrail inference) ─────────────────────────────────────

_US = ("us-east-1", "us-east-2", "us-west-2")
_EU = ("eu-central-1", "eu-west-1", "eu-west-3", "eu-north-1", "eu-south-1", "eu-south-2")
_APAC_CORE = (
    "ap-south-1",
    "ap-northeast-3",
    "ap-northeast-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-northeast-1",
)
_APAC_WIDE = (
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
)

# profile id → source Region → destination Regions, as published (snapshot of 2026).
PROFILE_DESTINATIONS: dict[str, dict[str, tuple[str, ...]]] = {
    "us.guardrail.v1:0": {
        "us-east-1": _US,
        "us-east-2": _US,
        "us-west-1": (*_US, "us-west-1"),
        "us-west-2": _US,
    },
    "us-gov.guardrail.v1:0": {
        "us-gov-east-1": ("us-gov-east-1", "us-gov-west-1"),
        "us-gov-west-1": ("us-gov-east-1", "us-gov-west-1"),
    },
    "eu.guardrail.v1:0": {**{r: _EU for r in _EU}, "il-central-1": (*_EU, "il-central-1")},
    "uk.guardrail.v1:0": {"eu-west-2": ("eu-west-2",)},
    "au.guardrail.v1:0": {"ap-southeast-2": ("ap-southeast-2",)},
    "ca.guardrail.v1:0": {"ca-central-1": ("ca-central-1", "ca-west-1")},
    "apac.guardrail.v1:0": {
        **{r: _APAC_CORE for r in ("ap-south-1", "ap-northeast-2", "ap-southeast-1")},
        "ap-southeast-2": _APAC_CORE,
        "ap-northeast-1": _APAC_CORE,
        "ap-southeast-3": _APAC_WIDE,
        "ap-southeast-4": tuple(r for r in _APAC_WIDE if r != "ap-southeast-3"),
        "ap-east-2": ("ap-east-2", *_APAC_WIDE),
        "ap-southeast-5": (*_APAC_WIDE, "ap-southeast-5"),
        "ap-southeast-7": (*_APAC_WIDE, "ap-southeast-7"),
        "me-central-1": (*_APAC_WIDE, "me-central-1"),
    },
}


def profile_id(identifier: str) -> str:
    """The profile id of `us.guardrail.v1:0` or of its `guardrail-profile` ARN."""
    m = _PROFILE_ARN.fullmatch(identifier)
    return m[4] if m else identifier


def profile_destinations(identifier: str, source_region: str) -> tuple[str, ...] | None:
    """Destination Regions of a guardrail profile used from `source_region`, sorted; None when
    the profile or the source Region is not in the published table."""
    regions = PROFILE_DESTINATIONS.get(profile_id(identifier), {}).get(source_region)
    return tuple(sorted(regions)) if regions else None


def guardrail_profile_arn(partition: str, region: str, account: str, identifier: str) -> str:
    """`arn:P:bedrock:R:A:guardrail-profile/ID` in one Region (the account is the caller's)."""
    return f"arn:{partition}:bedrock:{region}:{account}:guardrail-profile/{profile_id(identifier)}"


# ── models ────────────────────────────────────────────────────────────────────────────────────


def is_inference_profile_id(model: str) -> bool:
    """True for cross-Region inference-profile ids such as `us.anthropic.claude-3-haiku-...`."""
    head, dot, rest = model.partition(".")
    return bool(dot and rest) and head in INFERENCE_PROFILE_PREFIXES


def foundation_model_arn(partition: str, region: str, model: str) -> str:
    """`arn:P:bedrock:R::foundation-model/ID` (foundation models have an empty account field)."""
    return f"arn:{partition}:bedrock:{region}::foundation-model/{model}"


def inference_profile_arn(partition: str, region: str, account: str, model: str) -> str:
    """`arn:P:bedrock:R:A:inference-profile/ID` of a system-defined cross-Region profile."""
    return f"arn:{partition}:bedrock:{region}:{account}:inference-profile/{model}"


def model_resources(partition: str, region: str, account: str, model: str) -> tuple[str, ...]:
    """The ARNs an InvokeModel call on `model` is authorized against.

    A cross-Region inference profile is authorized on the profile *and* on the foundation model
    in whichever destination Region serves the call; those Regions differ per model and change,
    so the foundation model is named in every Region (`*`). That widens nothing in practice:
    the guardrail condition pins a guardrail of this Region, and Bedrock rejects a guardrail of
    another Region, so a direct call elsewhere is still denied. An ARN is taken as written.
    """
    if model.startswith("arn:"):
        return (model,)
    if is_inference_profile_id(model):
        base = model.partition(".")[2]
        return (
            inference_profile_arn(partition, region, account, model),
            foundation_model_arn(partition, "*", base),
        )
    return (foundation_model_arn(partition, region, model),)


# ── principals ────────────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Principal:
    """An IAM role or user ARN, split (`arn:aws:iam::A:role/path/name`)."""

    partition: str
    account: str
    kind: str  # "role" | "user"
    name: str  # the last path segment

    @property
    def is_role(self) -> bool:
        """True for roles (only roles get the application policy)."""
        return self.kind == "role"


def parse_principal(arn: str) -> Principal | None:
    """An IAM role or user ARN split into its parts; None for anything else."""
    m = _PRINCIPAL_ARN.fullmatch(arn)
    if m is None:
        return None
    return Principal(m[1], m[2], m[3], m[4].rsplit("/", 1)[-1])


def account_root(partition: str, account: str) -> str:
    """`arn:P:iam::A:root`: the account itself as a key-policy principal."""
    return f"arn:{partition}:iam::{account}:root"


# ── KMS keys ──────────────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class KmsKey:
    """`encrypt with key "..."` resolved: a key (by id) or an alias, with where it lives."""

    partition: str
    region: str
    account: str
    key_id: str | None = None
    alias: str | None = None  # `alias/name`

    @property
    def key_arn(self) -> str:
        """The key's ARN when the key id is known, else every key of the account (`key/*`),
        which callers narrow with a `kms:ResourceAliases` condition."""
        key = self.key_id or "*"
        return f"arn:{self.partition}:kms:{self.region}:{self.account}:key/{key}"

    @property
    def aws_managed(self) -> bool:
        """True for AWS managed keys (`alias/aws/...`), whose key policy cannot be changed."""
        return self.alias is not None and self.alias.startswith("alias/aws/")


def parse_kms_key(text: str, partition: str, region: str, account: str) -> KmsKey | None:
    """A key id, key ARN, alias or alias ARN, completed with the guardrail's partition, Region
    and account where the text does not say; None when it is none of those forms."""
    m = _KMS_ARN.fullmatch(text)
    if m is not None:
        if m[4] == "key":
            return KmsKey(m[1], m[2], m[3], key_id=m[5])
        return KmsKey(m[1], m[2], m[3], alias=f"alias/{m[5]}")
    if text.startswith("alias/") and len(text) > len("alias/"):
        return KmsKey(partition, region, account, alias=text)
    if _KEY_ID.fullmatch(text):
        return KmsKey(partition, region, account, key_id=text)
    return None
