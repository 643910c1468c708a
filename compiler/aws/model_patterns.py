"""`required for models` entries checked before they enter the application policy's Allow and
Deny (docs/iam.md, "Models"): a model id, or the ARN of a Bedrock model resource, and nothing
broader. Before this check, `"arn:*"` or `"arn:aws:s3:::*"` went into both statements verbatim.

Pure string functions: no AWS calls, no diagnostics (callers emit the findings).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .arns import PARTITIONS

# Resource types an InvokeModel call is authorized against (botocore's InvokeModelIdentifier
# pattern; Service Authorization Reference for Amazon Bedrock). `required for models` may name
# these and nothing else: anything broader would put other resources in the Allow.
MODEL_RESOURCE_TYPES = frozenset(
    {
        "foundation-model",
        "inference-profile",
        "application-inference-profile",
        "custom-model",
        "custom-model-deployment",
        "imported-model",
        "provisioned-model",
        "prompt-router",
        "default-prompt-router",
    }
)
_MODEL_ID = re.compile(r"[A-Za-z0-9*?][A-Za-z0-9._:*?-]{0,2047}")
_ARN_REGION = re.compile(r"[a-z0-9*?-]{1,20}")
_WILD = re.compile(r"[*?]")


class ModelFinding(NamedTuple):
    """What is wrong with one `required for models` entry: a diagnostic code, message, help."""

    code: str
    message: str
    help: str


_MODEL_HELP = (
    "write a model id (`anthropic.claude-3-haiku-20240307-v1:0`, `anthropic.*`) or the ARN of a "
    "Bedrock model, e.g. `arn:aws:bedrock:us-east-1::foundation-model/ID` or "
    "`arn:aws:bedrock:us-east-1:ACCOUNT:provisioned-model/ID`"
)


def model_pattern_findings(
    model: str, partition: str | None = None, account: str | None = None
) -> list[ModelFinding]:
    """Why `model` (an entry of `required for models`) should not go into the Allow and Deny of
    the application policy: E222 for a pattern that names more than Bedrock models (another
    service, every resource, every partition) or matches no model at all, W309 for one naming
    another account's models (or every account's). `partition` and `account` are the
    guardrail's, when known; None skips those comparisons."""
    if not model.startswith("arn:"):
        if _MODEL_ID.fullmatch(model):
            return []
        return [ModelFinding("E222", f"`{model}` is not a Bedrock model id", _MODEL_HELP)]
    parts = model.split(":", 5)
    if len(parts) < 6:
        if _WILD.search(model):  # `arn:*`: a wildcard where service and resource belong
            return [
                ModelFinding(
                    "E222",
                    f"`{model}` is broader than Bedrock models: a wildcard stands where the "
                    "service and the resource belong; the application policy would allow calls "
                    "on whatever it matches with the guardrail",
                    _MODEL_HELP,
                )
            ]
        return [ModelFinding("E222", f"`{model}` is not the ARN of a Bedrock model", _MODEL_HELP)]
    _, arn_partition, service, region, arn_account, resource = parts
    kind, slash, name = resource.partition("/")
    broader = None
    if arn_partition not in PARTITIONS:
        broader = f"its partition `{arn_partition}` is not one partition"
    elif service != "bedrock":
        broader = f"it names service `{service}`, not `bedrock`"
    elif kind not in MODEL_RESOURCE_TYPES or not slash or not name:
        broader = (
            "it names every Bedrock resource (guardrails, agents, knowledge bases, ...)"
            if _WILD.search(kind) or not slash
            else f"it names `{kind}` resources, not models"
        )
    if broader is not None:
        return [
            ModelFinding(
                "E222",
                f"`{model}` is broader than Bedrock models: {broader}; the application policy "
                "would allow calls on it with the guardrail",
                _MODEL_HELP,
            )
        ]
    if partition is not None and arn_partition != partition:
        return [
            ModelFinding(
                "E222",
                f"`{model}` is in partition `{arn_partition}`, the guardrail in `{partition}`: "
                "the policies would neither allow nor deny it",
                _MODEL_HELP,
            )
        ]
    if not _ARN_REGION.fullmatch(region):
        return [ModelFinding("E222", f"`{model}` has no valid Region", _MODEL_HELP)]
    if kind == "foundation-model":
        if arn_account not in ("", "*"):
            return [
                ModelFinding(
                    "E222",
                    f"`{model}` names an account, but foundation models have none: it matches "
                    "no model",
                    "write `arn:PARTITION:bedrock:REGION::foundation-model/ID` (two colons)",
                )
            ]
        return []
    return _account_findings(model, kind, arn_account, account)


def _account_findings(
    model: str, kind: str, arn_account: str, account: str | None
) -> list[ModelFinding]:
    if _WILD.search(arn_account):
        return [
            ModelFinding(
                "W309",
                f"`{model}` grants bedrock:InvokeModel on `{kind}` resources of every account",
                f"name the account: `{account or 'ACCOUNT'}` for your own models",
            )
        ]
    if not re.fullmatch(r"[0-9]{12}", arn_account):
        return [
            ModelFinding(
                "E222",
                f"`{model}` has no valid account: a `{kind}` ARN names a 12-digit account",
                _MODEL_HELP,
            )
        ]
    if account is not None and arn_account != account:
        return [
            ModelFinding(
                "W309",
                f"`{model}` grants bedrock:InvokeModel on account {arn_account}'s `{kind}` "
                f"resources, not the guardrail's account {account}",
                "a model shared with you is normally copied into your account first; keep this "
                "only if the other account shares it for direct use",
            )
        ]
    return []
