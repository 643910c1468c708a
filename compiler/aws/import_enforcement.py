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


def enforcement_lines(arn: str, extras: Extras) -> Lines:
    """The lines (indented for a guardrail body) that compile back to `extras`."""
    out = Lines()
    enforced, policy = extras.enforced, extras.resource_policy
    if not enforced and not policy:
        return out
    _, partition, _, region, account = arn.split(":", 5)[:5]
    access = [f"account {quote(account)}", f"region {quote(region)}"]
    if partition != "aws":
        access.append(f"partition {quote(partition)}")
    if enforced:
        access.append(f"pin version {enforced['guardrailVersion']}")
    if policy:
        accounts, organization = _shared(policy, out)
        if accounts:
            word = "account" if len(accounts) == 1 else "accounts"
            access.append(f"shared with {word} " + ", ".join(quote(a) for a in accounts))
        if organization:
            access.append(f"shared with organization {quote(organization)}")
    out.lines += [_INDENT + "access:", *(_INDENT * 2 + line for line in access)]
    if enforced:
        out.lines += _enforce(enforced)
    return out


def _enforce(enforced: Mapping[str, Any]) -> list[str]:
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
    if not body:
        return [_INDENT + "enforce in account"]
    return [_INDENT + "enforce in account:", *(_INDENT * 2 + line for line in body)]
