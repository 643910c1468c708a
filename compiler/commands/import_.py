"""`guardc import --guardrail-id ID [--version V] [-o FILE]` / `guardc import --all [-o FILE]`:
deployed guardrails as `.guard` source.

Reads only (GetGuardrail, ListTagsForResource, and ListGuardrails for `--all`). The source goes
to FILE or stdout in the formatter's canonical form; it `use`s the standard library where a
deployed topic, word list, PII group or pattern is exactly one of its definitions, and carries a
starter `test` block per guardrail. `-o FILE` never replaces an existing FILE without `--force`
(nor a symlink, ever). A member the language cannot say is E504 at the guardrail's line of the
written source (the file is still written; exit 1); a W206 warning (a hidden character deployed
in a string) points into the written source too. Exit codes: 0 ok (warnings alone too), 1 E504,
2 usage errors, 3 an AWS call failed.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping, Sequence
from importlib import resources
from typing import TYPE_CHECKING, Any

from . import argtypes
from .common import EXIT_AWS, EXIT_FINDINGS, EXIT_OK, UsageError, report

if TYPE_CHECKING:
    from mypy_boto3_bedrock.client import BedrockClient

    from ..aws.client import Settings
    from ..aws.import_enforcement import Extras
    from ..aws.import_logging import ImportedLogging
    from ..aws.importer import Library, Unexpressed
    from ..diagnostics.sink import Diagnostics
    from .import_params import Environment

STDLIB_MODULES = ("pii", "topics", "words", "patterns")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `import` and its arguments."""
    parser = subparsers.add_parser(
        "import",
        help="write deployed guardrails as .guard source",
        description="Read deployed Bedrock guardrails and write them as idiomatic .guard source.",
    )
    which = parser.add_mutually_exclusive_group()
    which.add_argument(
        "--guardrail-id",
        metavar="ID",
        type=argtypes.guardrail_identifier,
        help="guardrail id or ARN",
    )
    which.add_argument("--all", action="store_true", help="every guardrail of the Region")
    parser.add_argument(
        "--version",
        metavar="V",
        default="DRAFT",
        type=argtypes.guardrail_version,
        help="version to read (default DRAFT)",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        type=argtypes.path,
        help="write here (default stdout); an existing FILE is kept unless --force",
    )
    parser.add_argument("--force", action="store_true", help="with -o: replace FILE when it exists")
    parser.add_argument(
        "--logging",
        action="store_true",
        help="also the Region's model invocation logging configuration, as a logging: block",
    )
    parser.add_argument(
        "--env",
        metavar="E",
        help='write parameter "P" where environment E of the sources PATH gives the value, '
        "and leave out what E supplies",
    )
    parser.add_argument(
        "paths", nargs="*", metavar="PATH", type=argtypes.path, help="the sources, with --env"
    )
    parser.add_argument("--region", metavar="R", help="AWS Region (default: boto3's resolution)")
    parser.add_argument("--profile", metavar="P", help="AWS profile from ~/.aws/config")


def run(args: argparse.Namespace) -> int:
    """Read, translate, format, write; the exit code."""
    from ..aws.client import AwsError, Settings, bedrock_client
    from ..aws.remote import all_ids, read_response
    from ..diagnostics.sink import Diagnostics

    if args.all and args.version != "DRAFT":
        raise UsageError("--version goes with --guardrail-id (--all reads each DRAFT)")
    if args.force and not args.output:
        raise UsageError("--force goes with -o FILE (it lets import replace FILE)")
    if not (args.all or args.guardrail_id or args.logging):
        raise UsageError("say what to import: --guardrail-id ID, --all or --logging")
    if (args.env is None) != (not args.paths):
        raise UsageError(
            "--env E and the sources PATH... go together (guardc import ... --env E PATH)"
        )
    environment = None
    if args.env is not None:
        from .import_params import load_environment

        loading = Diagnostics()
        environment = load_environment(args.paths, args.env, loading)
        if loading.has_errors:
            report(loading.sorted(), dict(environment.loaded.sources))
            return EXIT_FINDINGS
    if args.output:  # before any AWS call: a mistake costs nothing
        _check_output(args.output, args.force)
    try:
        client = bedrock_client(Settings(region=args.region, profile=args.profile))
        ids = all_ids(client) if args.all else [args.guardrail_id] if args.guardrail_id else []
        read = [read_response(client, gid, args.version) for gid in ids]
        logging = _logging(client, Settings(region=args.region, profile=args.profile), args)
        org = _Organizations(Settings(region=args.region, profile=args.profile))
        extras = [
            _extras(client, response["guardrailArn"], org.policy(response)) for response, _ in read
        ]
    except AwsError as exc:
        hint = f" (grant `{exc.denied_action}`)" if exc.denied_action else ""
        sys.stderr.write(f"error[E501]: {exc}{hint}\n")
        return EXIT_AWS
    display = args.output or "<stdout>"
    sink = Diagnostics()
    text = imported_source(read, display, sink, extras, logging=logging, env=environment)
    if args.output:  # atomic, keeps the mode, never through a symlink (docs/security.md)
        from ..outputs.atomic import replace_file

        try:
            replace_file(args.output, text, new=not args.force)
        except FileExistsError:  # created while AWS was read
            raise UsageError(_exists(args.output)) from None
    else:
        sys.stdout.write(text)
    report(sink.sorted(), {display: text})
    return EXIT_FINDINGS if sink.has_errors else EXIT_OK  # W206 alone is a warning


def _exists(path: str) -> str:
    return f"-o {path}: the file already exists; pass --force to replace it"


def _check_output(path: str, force: bool) -> None:
    """What `-o FILE` may be: a new name in a folder reached through no symlink inside the
    current folder (missing folders are created), or with `force` an existing regular file,
    never a symlink (docs/security.md, "Outputs")."""
    from pathlib import Path

    from ..outputs.atomic import OutputError, kind
    from ..outputs.folder import make_folder

    what = kind(path)
    if what == "link":
        raise OutputError(f"refusing to write {path}: it is a symlink (name the real file)")
    if what not in (None, "file"):
        raise OutputError(f"refusing to write {path}: it is not a regular file")
    if what == "file" and not force:
        raise UsageError(_exists(path))
    make_folder(Path(path).parent)


class _Organizations:
    """The organization policy guardc would have written for a guardrail (`guardc-<name>`), read
    with one `organizations` client; an account outside any organization has none, and one
    that may not read it (a member account) gets a warning on stderr."""

    def __init__(self, settings: Any) -> None:
        self.settings = settings
        self.client: Any = None

    def policy(self, response: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
        from ..aws.client import AwsError, organizations_client
        from ..aws.org_deploy import organization_policy_of

        name = f"guardc-{response.get('name', '')}"
        try:
            if self.client is None:
                self.client = organizations_client(self.settings)
            return organization_policy_of(self.client, name)
        except AwsError as exc:
            if exc.code == "AWSOrganizationsNotInUseException":
                return {}, []
            if exc.denied_action is None:
                raise
            sys.stderr.write(
                f"warning: not imported ({exc.denied_action} denied): organization policy {name}\n"
            )
            return {}, []


def _logging(
    client: BedrockClient, settings: Settings, args: argparse.Namespace
) -> ImportedLogging | None:
    """With `--logging`, the Region's deployed logging configuration as a `logging:` block
    (None without the flag; a warning and nothing when logging is off). Raises AwsError."""
    if not args.logging:
        return None
    from ..aws.client import call
    from ..aws.identity import caller_account
    from ..aws.import_logging import import_logging

    answer = call(
        "GetModelInvocationLoggingConfiguration",
        client.get_model_invocation_logging_configuration,
    )
    region = str(client.meta.region_name)
    if not answer.get("loggingConfig"):
        sys.stderr.write(f"warning: invocation logging is off in {region}: nothing to import\n")
        return None
    return import_logging(answer["loggingConfig"], caller_account(settings, region), region)


def _extras(
    client: BedrockClient, arn: str, organization: tuple[dict[str, Any], list[str]]
) -> Extras:
    """The account enforcement, resource policy and organization policy of guardrail `arn`;
    what the caller may not read is left out, with a warning on stderr (the source then states
    neither)."""
    from ..aws.client import AwsError
    from ..aws.enforce_deploy import enforcement_of, resource_policy_of
    from ..aws.import_enforcement import Extras

    found = Extras(organization=organization[0] or None, organization_targets=organization[1])
    for name, read in (("enforced", enforcement_of), ("resource_policy", resource_policy_of)):
        try:
            setattr(found, name, read(client, arn))
        except AwsError as exc:
            if exc.denied_action is None:
                raise
            sys.stderr.write(
                f"warning: not imported ({exc.denied_action} denied): "
                f"{name.replace('_', ' ')} of {arn}\n"
            )
    return found


def imported_source(
    read: Sequence[tuple[Mapping[str, Any], Mapping[str, str]]],
    display: str,
    sink: Diagnostics,
    extras: Sequence[Extras] | None = None,
    *,
    logging: ImportedLogging | None = None,
    env: Environment | None = None,
) -> str:
    """The canonical source of the guardrails GetGuardrail answered (each with its tags), and
    of the `logging` block, with E504 in `sink` for every member the source does not carry;
    with `env`, naming its parameters (`import_params.py`)."""
    from ..aws.importer import import_guardrail, render
    from ..diagnostics.sink import Diagnostics
    from ..diagnostics.span import Span
    from .fmt import lower_text, reformat

    library = stdlib_library()
    found = list(extras) if extras is not None else [None] * len(read)
    imported = [
        import_guardrail(response, tags, library, more)
        for (response, tags), more in zip(read, found, strict=True)
    ]
    raw = render(imported, "Imported from Amazon Bedrock by `guardc import`.")
    if logging is not None:
        raw += "\n" + "\n".join(logging.lines) + "\n"
    if env is not None:
        raw = _with_parameters(raw, display, env)
    module = lower_text(raw, display, Diagnostics())
    text = (reformat(module, raw) if module is not None else None) or raw
    lower_text(text, display, sink)  # its diagnostics (W206) point into the text written
    lost: list[tuple[str, str | None, list[Unexpressed]]] = [
        (_head(g.lines[0], g.name, env), g.name, g.unexpressed) for g in imported
    ]
    if logging is not None:
        lost.append(("logging:", None, logging.unexpressed))
    for head_line, name, unexpressed in lost:
        head = next((i for i, line in enumerate(text.splitlines()) if line == head_line), 0)
        offset = sum(len(line) + 1 for line in text.splitlines()[:head])
        span = Span(
            file=display,
            start=offset,
            end=offset + len(head_line),
            line=head + 1,
            column=1,
            end_line=head + 1,
            end_column=len(head_line) + 1,
        )
        for lost_member in unexpressed:
            what = f"guardrail `{name}`" if name is not None else "invocation logging"
            sink.emit(
                "E504",
                f"{what}: `{lost_member.field}` is not in the source: {lost_member.reason}",
                span,
                help="compiling this source would change that member; see `guardc explain E504`",
            )
    return text


def _head(line: str, name: str, env: Environment | None) -> str:
    """A guardrail's first line in the written source (its name without the suffix of `env`)."""
    if env is None:
        return line
    from .import_params import source_name

    return line.replace(quote_name(name), quote_name(source_name(env, name)), 1)


def quote_name(name: str) -> str:
    from ..aws.import_phrases import quote

    return quote(name)


def _with_parameters(raw: str, display: str, env: Environment) -> str:
    """`raw` (imported source) naming `env`'s parameters, with the `use` lines they need."""
    from ..diagnostics.sink import Diagnostics
    from ..frontend.fmt import format_source
    from .fmt import lower_text
    from .import_params import parameterise, uses

    module = lower_text(raw, display, Diagnostics())
    if module is None:
        return raw
    text = format_source(parameterise(module, env), raw)
    written = None if display == "<stdout>" else display
    lines = [f"use {quote_name(u)}" for u in uses(env, written)]
    if not lines:
        return text
    at = next((i for i, line in enumerate(text.splitlines()) if not line.startswith("#")), 0)
    head = text.splitlines()[:at]
    rest = text.splitlines()[at:]
    return "\n".join([*head, *lines, *rest]) + "\n"


def stdlib_library() -> Library:
    """The standard library's topics, word lists, PII groups and patterns, for the importer to
    match deployed definitions against."""
    from ..aws.importer import Library
    from ..diagnostics.sink import Diagnostics
    from ..frontend import syntax as s
    from .fmt import lower_text

    topics: dict[str, tuple[str, tuple[str, tuple[str, ...]]]] = {}
    words: dict[str, tuple[str, tuple[str, ...]]] = {}
    groups: dict[str, tuple[str, tuple[Any, ...]]] = {}
    patterns: dict[str, tuple[str, tuple[str, str | None]]] = {}
    for name in STDLIB_MODULES:
        module_name = f"stdlib.{name}"
        text = resources.files("compiler.stdlib").joinpath(f"{name}.guard").read_text("utf-8")
        module = lower_text(text, module_name, Diagnostics())
        for item in module.items if module is not None else ():
            if isinstance(item, s.TopicDef):
                examples = tuple(e.value for e in item.examples)
                topics[item.name] = (module_name, (item.definition, examples))
            elif isinstance(item, s.WordListDef):
                words[item.name] = (module_name, tuple(w.value for w in item.words))
            elif isinstance(item, s.PiiGroupDef):
                groups[item.name] = (module_name, tuple(e.entity for e in item.entities))
            elif isinstance(item, s.PatternDef):
                patterns[item.name] = (module_name, (item.regex, item.description))
    return Library(topics=topics, word_lists=words, pii_groups=groups, patterns=patterns)
