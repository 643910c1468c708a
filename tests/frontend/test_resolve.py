"""Resolution: names across modules, effective rules, directions, `extends`, tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler import ir
from compiler.diagnostics.sink import Diagnostics
from compiler.diagnostics.usage import UsageError
from compiler.frontend import syntax as s
from compiler.frontend.lower import lower
from compiler.frontend.parse import parse
from compiler.frontend.resolve import resolve
from compiler.pipeline import load, parse_file
from compiler.vocab import Action, ContentCategory, PiiType, Strength

T = '\ntest "t" for "g":\n  input "hi" is allowed\n'


def _resolve(
    files: dict[str, str], roots: list[str] | None = None
) -> tuple[ir.Policy, Diagnostics]:
    sink = Diagnostics()
    modules: dict[str, s.Module] = {}
    for name, text in files.items():
        tree = parse(text, name, sink)
        assert tree is not None
        modules[name] = lower(tree, text, name, sink)
    return resolve(modules, roots or [next(iter(files))], sink), sink


def _one(body: str, *, extra: str = "") -> tuple[ir.Guardrail, Diagnostics]:
    policy, sink = _resolve({"a.guard": extra + 'guardrail "g":\n' + body})
    guardrail = policy.guardrail("g")
    assert guardrail is not None
    return guardrail, sink


def _codes(sink: Diagnostics) -> list[tuple[str, int, int]]:
    return [(d.code, d.span.line, d.span.column) for d in sink.sorted()]


def _side(config: ir.SideConfig | None) -> tuple[str, str | None] | None:
    if config is None:
        return None
    return config.action.value, config.strength.value if config.strength else None


def test_directions_made_explicit() -> None:
    g, sink = _one(
        "  filter hate at high\n"
        "  filter insults at medium on input, low on output\n"
        "  filter prompt attacks at high\n"
        "  detect violence at low on output\n"
        "  block email addresses on input, mask on output\n"
        "  mask phone numbers on output\n"
    )
    assert len(sink) == 0
    filters = {f.category: (_side(f.input), _side(f.output)) for f in g.filters}
    assert filters == {
        ContentCategory.HATE: (("BLOCK", "HIGH"), ("BLOCK", "HIGH")),
        ContentCategory.INSULTS: (("BLOCK", "MEDIUM"), ("BLOCK", "LOW")),
        ContentCategory.PROMPT_ATTACK: (("BLOCK", "HIGH"), None),
        ContentCategory.VIOLENCE: (None, ("NONE", "LOW")),
    }
    pii = {p.entity: (_side(p.input), _side(p.output)) for p in g.pii}
    assert pii == {
        PiiType.EMAIL: (("BLOCK", None), ("ANONYMIZE", None)),
        PiiType.PHONE: (None, ("ANONYMIZE", None)),
    }


def test_groups_and_lists_expand_with_origin() -> None:
    extra = 'pii group "ids": driver ids, pins, pins\nwords "w":\n  "a"\n  "b"\n'
    g, sink = _one('  block pii group "ids"\n  block words from "w" on input\n', extra=extra)
    assert [d.code for d in sink.items] == []
    assert [p.entity for p in g.pii] == [PiiType.DRIVER_ID, PiiType.PIN]
    assert {p.origin.via for p in g.pii} == {'pii group "ids"'}
    assert [(w.text, w.origin.via, _side(w.output)) for w in g.words] == [
        ("a", 'words "w"', None),
        ("b", 'words "w"', None),
    ]


def test_named_entity_wins_over_group_member_in_any_order() -> None:
    extra = 'pii group "ids": driver ids, pins\n'
    for body in (
        '  mask pins\n  block pii group "ids"\n',
        '  block pii group "ids"\n  mask pins\n',
    ):
        g, sink = _one(body, extra=extra)
        assert len(sink) == 0
        actions = {p.entity: _side(p.input) for p in g.pii}
        assert actions == {PiiType.PIN: ("ANONYMIZE", None), PiiType.DRIVER_ID: ("BLOCK", None)}


def test_duplicate_statements() -> None:
    _, sink = _one("  filter hate at high\n  tier classic\n  filter hate at low\n  tier standard\n")
    assert _codes(sink) == [("E206", 4, 3), ("E206", 5, 3)]
    assert all(d.labels and d.labels[0].span.line in (2, 3) for d in sink.items)
    _, sink = _one('  block word "Zeus"\n  detect words "x", "ZEUS"\n')
    assert _codes(sink) == [("E206", 3, 3)]


def test_repeated_word_in_one_statement_is_kept_once() -> None:
    g, _ = _one('  block words "Zeus", "zeus", "x"\n')
    assert [w.text for w in g.words] == ["Zeus", "x"]


def test_prompt_attacks_on_output_and_missing_strength() -> None:
    _, sink = _one("  filter prompt attacks at high on output\n  detect hate on input\n")
    assert _codes(sink) == [("E205", 2, 33), ("E207", 3, 3)]
    g, sink = _one("  filter insults on input, low on output\n")
    assert [d.code for d in sink.items] == ["E207"]
    assert g.filters == ()


def test_grounding_actions_and_defaults() -> None:
    g, _ = _one("  require grounding at least 0.7\n  detect relevance at least 0.5\n")
    assert [(x.check.value, x.threshold, x.action) for x in g.grounding] == [
        ("GROUNDING", 0.7, Action.BLOCK),
        ("RELEVANCE", 0.5, Action.NONE),
    ]
    assert g.blocked_input_message == ir.DEFAULT_BLOCKED_INPUT
    assert g.blocked_output_message == ir.DEFAULT_BLOCKED_OUTPUT


def test_extends_replaces_whole_rules_and_merges_tags() -> None:
    text = (
        'guardrail "base":\n  tag a = "1"\n  tag b = "2"\n  description "base"\n'
        "  block email addresses\n  filter hate at high\n  block profanity\n"
        'guardrail "g" extends "base":\n  tag b = "3"\n  mask email addresses on output\n'
        "  filter insults at low\n"
    )
    policy, sink = _resolve({"a.guard": text})
    assert len(sink) == 0
    g = policy.guardrail("g")
    assert g is not None and g.extends == "base"
    assert [(t.key, t.value) for t in g.tags] == [("a", "1"), ("b", "3")]
    assert g.description == "base"
    (email,) = g.pii
    assert (email.input, _side(email.output), email.origin.guardrail) == (
        None,
        ("ANONYMIZE", None),
        "g",
    )
    assert [(f.category, f.origin.guardrail) for f in g.filters] == [
        (ContentCategory.HATE, "base"),
        (ContentCategory.INSULTS, "g"),
    ]
    assert g.profanity is not None and g.profanity.origin.guardrail == "base"


def test_extends_unknown_and_cycle() -> None:
    text = 'guardrail "a" extends "b":\n  block names\nguardrail "b" extends "a":\n  block urls\n'
    _, sink = _resolve({"a.guard": text})
    assert [d.code for d in sink.items] == ["E109"]
    text = 'guardrail "base":\n  block urls\nguardrail "a" extends "bse":\n  block names\n'
    _, sink = _resolve({"a.guard": text})
    assert [(d.code, d.help) for d in sink.items] == [("E108", 'did you mean `"base"`?')]


def test_visibility_is_own_plus_direct_uses() -> None:
    files = {
        "app.guard": 'use "lib.guard"\nguardrail "g":\n  deny topic "A"\n  deny topic "C"\n',
        "lib.guard": 'use "deep.guard"\ntopic "A":\n  means "a"\n',
        "deep.guard": 'topic "C":\n  means "c"\n',
    }
    policy, sink = _resolve(files, ["app.guard"])
    assert [(d.code, d.span.file, d.span.line) for d in sink.items] == [("E104", "app.guard", 4)]
    g = policy.guardrail("g")
    assert g is not None and [t.topic.name for t in g.topics] == ["A"]


def test_cycle_of_uses_and_duplicate_guardrails() -> None:
    files = {
        "a.guard": 'use "b.guard"\nguardrail "g":\n  block names\n',
        "b.guard": 'use "a.guard"\nguardrail "g":\n  block urls\n',
    }
    _, sink = _resolve(files, ["a.guard"])
    assert sorted(d.code for d in sink.items) == ["E102", "E110"]
    cycle = next(d for d in sink.items if d.code == "E102")
    assert "`a.guard` → `b.guard` → `a.guard`" in cycle.message


def test_only_root_guardrails_sorted_and_tests_bound() -> None:
    files = {
        "app.guard": 'use "lib.guard"\nguardrail "z":\n  block names\n'
        'guardrail "m":\n  block urls\n'
        'test "t1" for "base":\n  input "x" is allowed\n'
        'test "t2" for "nope":\n  input "x" is allowed\n',
        "lib.guard": 'guardrail "base":\n  block pins\nguardrail "unused":\n  block pins\n',
    }
    policy, sink = _resolve(files, ["app.guard"])
    assert [g.name for g in policy.guardrails] == ["base", "m", "z"]  # base: a root test names it
    assert [(t.name, t.guardrail) for t in policy.tests] == [("t1", "base")]
    assert [(d.code, d.span.line) for d in sink.items] == [("E217", 8)]


def test_inline_topic_is_local_to_its_guardrail() -> None:
    text = (
        'guardrail "g":\n  deny topic "X":\n    means "x"\nguardrail "h":\n  deny topic "X"\n' + T
    )
    _, sink = _resolve({"a.guard": text})
    assert _codes(sink) == [("E104", 5, 14)]


def test_load_reads_folders_stdlib_and_missing_paths(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.guard").write_text(
        'use stdlib.pii\nguardrail "b":\n  block pii group "financial"\n', encoding="utf-8"
    )
    (tmp_path / "a.guard").write_text('use "sub/b.guard"\n', encoding="utf-8")
    sink = Diagnostics()
    loaded = load([tmp_path], sink)
    assert [Path(r).name for r in loaded.roots] == ["a.guard", "b.guard"]
    assert "stdlib/pii.guard" in loaded.modules
    assert [g.name for g in loaded.policy.guardrails] == ["b"]
    assert len(loaded.modules) == 3  # b.guard parsed once though named twice
    with pytest.raises(UsageError):
        load([tmp_path / "missing.guard"], Diagnostics())


def test_strength_of_filter_side_comes_from_statement() -> None:
    g, _ = _one("  filter insults at medium on input, block on output\n")
    (f,) = g.filters
    assert (f.input, f.output) == (
        ir.SideConfig(action=Action.BLOCK, strength=Strength.MEDIUM),
        ir.SideConfig(action=Action.BLOCK, strength=Strength.MEDIUM),
    )


def test_bad_utf8_is_reported_at_the_byte(tmp_path: Path) -> None:
    path = tmp_path / "bad.guard"
    path.write_bytes(b'guardrail "g":\n  description "caf' + b'\xe9"\n')
    sink = Diagnostics()
    loaded = load([path], sink)
    (d,) = sink.items
    assert (d.code, d.span.line, d.span.column) == ("E003", 2, 19)
    assert "\ufffd" in loaded.sources[d.span.file]  # the caret still has a line to show
    module, _ = parse_file(path, Diagnostics())
    assert module is None


def test_parse_file_returns_module_only_when_clean(tmp_path: Path) -> None:
    good, bad = tmp_path / "good.guard", tmp_path / "bad.guard"
    good.write_text('guardrail "g":\n  block names\n', encoding="utf-8")
    bad.write_text('guardrail "g":\n  block names at\n', encoding="utf-8")
    module, text = parse_file(good, Diagnostics())
    assert module is not None and text.startswith("guardrail")
    module, _ = parse_file(bad, Diagnostics())
    assert module is None


def test_use_of_a_folder_or_missing_file_is_e101(tmp_path: Path) -> None:
    (tmp_path / "dir").mkdir()
    (tmp_path / "a.guard").write_text('use "dir"\nuse "none.guard"\nuse stdlib.pi\n', "utf-8")
    sink = Diagnostics()
    load([tmp_path / "a.guard"], sink)
    assert [(d.code, d.span.line) for d in sink.sorted()] == [("E101", 1), ("E101", 2), ("E101", 3)]
    assert sink.sorted()[2].help == "did you mean `stdlib.pii`?"


def test_long_extends_chain_does_not_exhaust_the_stack() -> None:
    depth = 1100  # deeper than Python's default recursion limit of 1000
    lib = 'guardrail "g0":\n  block names\n' + "".join(
        f'guardrail "g{i}" extends "g{i - 1}":\n  block word "w{i}"\n' for i in range(1, depth)
    )
    app = f'use "lib.guard"\nguardrail "top" extends "g{depth - 1}":\n  block urls\n'
    policy, sink = _resolve({"app.guard": app, "lib.guard": lib}, ["app.guard"])
    assert len(sink) == 0
    top = policy.guardrail("top")
    assert top is not None
    assert len(top.words) == depth - 1
    assert [p.entity for p in top.pii] == [PiiType.NAME, PiiType.URL]


def test_syntax_errors_stop_before_resolution(tmp_path: Path) -> None:
    path = tmp_path / "a.guard"
    path.write_text('guardrail "g":\n  deny topic "Nope"\n  filter hate at\n', encoding="utf-8")
    sink = Diagnostics()
    loaded = load([path], sink)
    assert [d.code for d in sink.items] == ["E001"]  # no E104 for the unresolved topic
    assert loaded.policy == ir.Policy()
    assert path.as_posix() in loaded.modules  # the recovered module is still there (for fmt/LSP)
