"""`guardc import` for enforcement and sharing: the account's enforced configuration that names
the guardrail and the guardrail's resource-based policy, back to `access:` and `enforce in
account` lines.

Pure text, like `importer.py` (the front end's formatter is above this wing). The reads are in
`enforce_deploy.py` (`enforcement_of`, `resource_policy_of`); what the language cannot say (a
policy statement other than the ones `shared with` compiles to) is reported, never dropped.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .import_phrases import quote

_INDENT = "  "
_ACCOUNT_ROOT = ":iam::"


@dataclass
class Extras:
    """What import read besides GetGuardrail: the enforced configuration naming the guardrail
    (ListEnforcedGuardrailsConfiguration's entry) and its resource policy (parsed JSON)."""

    enforced: Mapping[str, Any] | None = None
    resource_policy: Mapping[str, Any] | None = None
    # the BEDROCK_POLICY guardc would have made for it (`guardc-<name>`): its content, parsed,
    # and the ids of the roots, OUs and accounts it is attached to
    organization: Mapping[str, Any] | None = None
    organization_targets: list[str] = field(default_factory=list)


@dataclass
class Lines:
    """The `access:` and `enforce in account` lines, and (where, reason) for what was lost."""

    lines: list[str] = field(default_factory=list)
    lost: list[tuple[str, str]] = field(default_factory=list)


def _shared(policy: Mapping[str, Any], out: Lines) -> tuple[list[str], str | None]:
    """The accounts and organization the policy lets call ApplyGuardrail, as `shared with`
    compiles them; any other statement is reported."""
    accounts: list[str] = []
    organization: str | None = None
    for i, st in enumerate(policy.get("Statement", [])):
        where = f"resourcePolicy.Statement[{i}]"
        actions = st.get("Action")
        actions = [actions] if isinstance(actions, str) else actions
        principal = st.get("Principal")
        condition = st.get("Condition")
        if st.get("Effect") != "Allow" or actions != ["bedrock:ApplyGuardrail"]:
            out.lost.append((where, "only an Allow of bedrock:ApplyGuardrail can be said"))
        elif principal == "*" and isinstance(condition, Mapping):
            org = condition.get("StringEquals", {}).get("aws:PrincipalOrgID")
            if isinstance(org, str) and set(condition) == {"StringEquals"}:
                organization = org
            else:
                out.lost.append((where, "only an aws:PrincipalOrgID condition can be said"))
        elif isinstance(principal, Mapping) and set(principal) == {"AWS"} and not condition:
            roots = principal["AWS"]
            for arn in [roots] if isinstance(roots, str) else roots:
                account = arn.split(":")[4] if _ACCOUNT_ROOT in arn else ""
                if arn.endswith(":root") and account.isdigit():
                    accounts.append(account)
                else:
                    out.lost.append((where, f"principal {arn} is not an account"))
        else:
            out.lost.append((where, "this principal cannot be said"))
    return sorted(set(accounts)), organization


def _org_config(arn: str, region: str, extras: Extras, out: Lines) -> Mapping[str, Any] | None:
    """The organization policy's configuration for this guardrail (`identifier` ARN:VERSION
    in the guardrail's Region), as the account API spells it (`guardrailVersion`,
    `modelEnforcement`, `selectiveContentGuarding` in upper case); None when there is none."""
    content = extras.organization
    if not content:
        return None
    where = f"organization policy bedrock.guardrail_inference.{region}"
    configs = content.get("bedrock", {}).get("guardrail_inference", {}).get(region, {})
    for key, config in configs.items() if isinstance(configs, Mapping) else ():
        identifier = str(config.get("identifier", {}).get("@@assign", ""))
        if identifier.rsplit(":", 1)[0] != arn or key != _ORG_KEY:
            out.lost.append((f"{where}.{key}", "not the configuration guardc writes for it"))
            continue
        found: dict[str, Any] = {"guardrailVersion": identifier.rsplit(":", 1)[1]}
        models = config.get("model_enforcement")
        if isinstance(models, Mapping):
            found["modelEnforcement"] = {
                "includedModels": models.get("included_models", {}).get("@@assign", []),
                "excludedModels": models.get("excluded_models", {}).get("@@assign", []),
            }
        guarding = config.get("selective_content_guarding")
        if isinstance(guarding, Mapping):
            found["selectiveContentGuarding"] = {
                k: str(v.get("@@assign", "")).upper() for k, v in guarding.items()
            }
        return found
    return None


def enforcement_lines(arn: str, extras: Extras) -> Lines:
    """The lines (indented for a guardrail body) that compile back to `extras`."""
    out = Lines()
    enforced, policy = extras.enforced, extras.resource_policy
    _, partition, _, region, account = arn.split(":", 5)[:5]
    org_config = _org_config(arn, region, extras, out)
    if not enforced and not policy and not org_config:
        return out
    access = [f"account {quote(account)}", f"region {quote(region)}"]
    if partition != "aws":
        access.append(f"partition {quote(partition)}")
    versions = [c["guardrailVersion"] for c in (enforced, org_config) if c]
    if versions:
        access.append(f"pin version {versions[0]}")
    if len(set(versions)) > 1:
        out.lost.append(
            (
                "organization policy identifier",
                f"it enforces version {versions[1]} and the account version {versions[0]}: "
                "one `pin version` says both",
            )
        )
    if policy:
        accounts, organization = _shared(policy, out)
        if accounts:
            word = "account" if len(accounts) == 1 else "accounts"
            access.append(f"shared with {word} " + ", ".join(quote(a) for a in accounts))
        if organization:
            access.append(f"shared with organization {quote(organization)}")
    out.lines += [_INDENT + "access:", *(_INDENT * 2 + line for line in access)]
    if enforced:
        out.lines += _enforce(enforced, "account")
    if org_config:
        out.lines += _enforce(org_config, "organization", extras.organization_targets)
    return out


_ORG_KEY = "config_1"  # the key guardc writes (targets/enforcement.ORG_CONFIG_KEY)
# `attach to` lines by the form of the id: the singular and plural words of each kind
_TARGETS = (("r-", "root", "root"), ("ou-", "organizational unit", "organizational units"))


def _attach(targets: list[str]) -> list[str]:
    lines: list[str] = []
    kinds = [*_TARGETS, ("", "account", "accounts")]
    for prefix, one, many in kinds:
        ids = [t for t in targets if t.startswith(prefix) and (prefix or t.isdigit())]
        if ids:
            word = one if len(ids) == 1 else many
            lines.append(f"attach to {word} " + ", ".join(quote(i) for i in ids))
    return lines


def _enforce(
    enforced: Mapping[str, Any], scope: str, targets: list[str] | None = None
) -> list[str]:
    body: list[str] = []
    models = enforced.get("modelEnforcement")
    if models:
        included = list(models.get("includedModels", []))
        excluded = list(models.get("excludedModels", []))
        text = "all" if included == ["ALL"] else ", ".join(quote(m) for m in included)
        if excluded:
            text += " except " + ", ".join(quote(m) for m in excluded)
        body.append(f"models {text}")
    guarding = enforced.get("selectiveContentGuarding") or {}
    for member, words in (("system", "system prompts"), ("messages", "messages")):
        if member in guarding:
            adverb = "selectively" if guarding[member] == "SELECTIVE" else "comprehensively"
            body.append(f"guard {words} {adverb}")
    body += _attach(targets or [])
    if not body:
        return [_INDENT + f"enforce in {scope}"]
    return [_INDENT + f"enforce in {scope}:", *(_INDENT * 2 + line for line in body)]
