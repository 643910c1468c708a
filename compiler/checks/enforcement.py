"""Stage 4, enforcement and sharing: `enforce in account|organization` and the `shared with`
lines of the `access:` block, checked against Bedrock's model and the rules AWS documents.

- Model ids in `models ... except ...` follow PutEnforcedGuardrailConfiguration's patterns
  (`bedrock_model.field`), which no wildcard matches (E272).
- An enforced guardrail is a published version in a known account and Region: the `access:`
  block must say where (E270) and may not pin the DRAFT (E271).
- The organization form (an AWS Organizations BEDROCK_POLICY) refuses guardrails with an
  automated-reasoning policy (E273) and needs the guardrail shared with the organization, since
  member accounts apply a guardrail of the management account (W240). Source:
  docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_bedrock_syntax.html and
  orgs_manage_policies_bedrock_best_practices.html.
- `shared with account(s)` takes 12-digit account ids, `shared with organization` an
  organization id (`o-` and 10–32 lowercase letters or digits, the Organizations model's pattern)
  (E274).
"""

from __future__ import annotations

import re

from ..aws import bedrock_model as bm
from ..diagnostics.sink import Diagnostics
from ..diagnostics.span import Span
from ..ir import ALL_MODELS, Access, Enforcement, Guardrail
from ..vocab import EnforceScope
from .text import show

_ACCOUNT = re.compile(r"[0-9]{12}")
_ORGANIZATION = re.compile(r"o-[a-z0-9]{10,32}")
# AttachPolicy's targets, as the Organizations model writes their patterns (RootId,
# OrganizationalUnitId, AccountId; tests/checks compare them with botocore's)
ATTACH_PATTERNS = {
    "roots": r"^r-[0-9a-z]{4,32}$",
    "units": r"^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$",
    "accounts": r"^\d{12}$",
}
_ATTACH_WORDS = {"roots": "root", "units": "organizational unit", "accounts": "account"}
_ATTACH_EXAMPLES = {"roots": "r-ab12", "units": "ou-ab12-cd34ef56", "accounts": "444455556666"}
_CONFIG = "PutEnforcedGuardrailConfiguration.guardrailInferenceConfig.modelEnforcement"


def check_enforcement(guardrail: Guardrail, sink: Diagnostics, *, placed: bool = True) -> None:
    """Each `enforce in ...` statement of `guardrail`. `placed=False`: the sources declare
    environments and none is chosen, so an environment may still fill in the account and Region
    (`guardc check` validates each environment too, and E270 comes from there)."""
    for rule in guardrail.enforcements:
        scope = rule.scope.value.lower()
        access = guardrail.access
        unplaced = access is None or access.account is None or access.region is None
        if unplaced and placed:
            sink.emit(
                "E270",
                f"`enforce in {scope}` needs the guardrail's account and Region",
                rule.span,
                note="an enforced guardrail is named by its ARN in one account and Region",
                help='add an `access:` block with `account "123456789012"` and '
                '`region "us-east-1"`',
            )
        elif (
            access is not None and access.version is not None and access.version.upper() == "DRAFT"
        ):
            sink.emit(
                "E271",
                f"`enforce in {scope}` cannot enforce the DRAFT",
                dict(access.spans).get("version", access.span),
                note="Bedrock enforces a published version only",
                help="publish a version (`guardc apply --publish`) and write `pin version N`, "
                "or drop the `pin` line to use the newest published version",
            )
        included = bm.field(f"{_CONFIG}.includedModels[]")
        excluded = bm.field(f"{_CONFIG}.excludedModels[]")
        spans = dict(rule.spans)
        for name, models, limits in (
            ("models", rule.models, included),
            ("excluded", rule.excluded, excluded),
        ):
            for i, model in enumerate(models):
                if not (name == "models" and model == ALL_MODELS) and not limits.matches(model):
                    _bad_model(model, spans.get(f"{name}[{i}]", rule.span), sink)
        _attach_targets(rule, sink)
        if rule.scope is EnforceScope.ORGANIZATION:
            _organization(guardrail, rule.span, sink)
            if not (rule.roots or rule.units or rule.accounts):
                sink.emit(
                    "W244",
                    "`enforce in organization` is attached nowhere",
                    rule.span,
                    note="an AWS Organizations policy enforces nothing until it is attached to "
                    "the root, an organizational unit or an account",
                    help='add `attach to root "r-..."` (every account), `attach to '
                    'organizational unit "ou-..."` or `attach to account "..."`',
                )


def _attach_targets(rule: Enforcement, sink: Diagnostics) -> None:
    """`attach to ...` lines: only under `enforce in organization`, each id of its kind."""
    spans = dict(rule.spans)
    for kind, pattern in ATTACH_PATTERNS.items():
        for i, target in enumerate(getattr(rule, kind)):
            where = spans.get(f"{kind}[{i}]", rule.span)
            if rule.scope is EnforceScope.ACCOUNT:
                sink.emit(
                    "E276",
                    "`attach to` belongs to `enforce in organization`",
                    where,
                    note="account enforcement applies to the account it is put in",
                    help="remove the line, or enforce in the organization",
                )
                return
            if re.fullmatch(pattern, target):
                continue
            other = next(
                (k for k, p in ATTACH_PATTERNS.items() if k != kind and re.fullmatch(p, target)),
                None,
            )
            word = _ATTACH_WORDS[kind]
            if other is None:
                note, hint = None, f"{_an(word)} id looks like `{_ATTACH_EXAMPLES[kind]}`"
            else:
                found = _ATTACH_WORDS[other]
                note = f"`{show(target)}` is {_an(found)} id"
                hint = f'write `attach to {found} "{target}"`'
            sink.emit(
                "E275",
                f"`{show(target)}` is not an AWS Organizations {word} id",
                where,
                note=note,
                help=hint,
            )


def _an(word: str) -> str:
    return ("an " if word[0] in "aeiou" else "a ") + word


def _bad_model(model: str, span: Span, sink: Diagnostics) -> None:
    sink.emit(
        "E272",
        f"`{show(model)}` is not a model id enforcement accepts",
        span,
        note="a model id such as `anthropic.claude-3-haiku-20240307-v1:0`; no wildcards or ARNs",
        help="name each model by its id, or write `models all except ...`",
    )


def _organization(guardrail: Guardrail, span: Span, sink: Diagnostics) -> None:
    if guardrail.reasoning is not None:
        sink.emit(
            "E273",
            "`enforce in organization` cannot enforce a guardrail with automated reasoning",
            span,
            note="AWS Organizations does not support it for organization-level enforcement",
            help="remove `check automated reasoning policy`, or enforce in the account instead",
        )
    access = guardrail.access
    if access is not None and access.shared_organization is None:
        sink.emit(
            "W240",
            "`enforce in organization` without `shared with organization`",
            span,
            note="member accounts apply the management account's guardrail: its resource "
            "policy must let them",
            help='add `shared with organization "o-..."` to the `access:` block',
        )


def check_sharing(guardrail: Guardrail, sink: Diagnostics) -> None:
    """The `shared with` lines of the `access:` block."""
    access = guardrail.access
    if access is None:
        return
    spans = dict(access.spans)
    for i, account in enumerate(access.shared_accounts):
        where = spans.get(f"shared_accounts[{i}]", access.span)
        if not _ACCOUNT.fullmatch(account):
            sink.emit(
                "E274",
                f"`{show(account)}` is not an AWS account id",
                where,
                help="an account id is 12 digits, e.g. `444455556666`",
            )
        elif account == access.account:
            sink.emit(
                "E274",
                f"`{account}` is the guardrail's own account",
                where,
                help="share with other accounts only; the owner needs no resource policy",
            )
    org = access.shared_organization
    if org is not None and not _ORGANIZATION.fullmatch(org):
        sink.emit(
            "E274",
            f"`{show(org)}` is not an AWS Organizations id",
            spans.get("shared_organization", access.span),
            help="an organization id looks like `o-a1b2c3d4e5`",
        )


def shared_with(access: Access, account: str) -> bool:
    """True when the guardrail's resource policy lets principals of `account` use it (by
    account id; an organization's members are not known to guardc)."""
    return account in access.shared_accounts
