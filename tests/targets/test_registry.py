"""The target registry: `compile`'s choices, order, help, `access:` needs and check scopes all
come from `compiler.targets.TARGETS`, so a target is added in one place."""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler import targets
from compiler.cli import main
from compiler.targets import TARGETS, Artefact, TargetSpec

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
LONG = "d" * 201  # past Bedrock's 200-character description: E301 for a Bedrock-bound target
SOURCE = f'guardrail "bot":\n  description "{LONG}"\n  filter hate at high\n'


def test_the_registry_lists_every_target_in_order() -> None:
    assert list(TARGETS) == ["bedrock", "cloudformation", "iam", "evaluator", "monitoring"]
    for spec in TARGETS.values():
        assert callable(targets.load_target(spec.name))


def test_compile_help_comes_from_the_registry(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compile", "--help"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "bedrock, cloudformation, iam, evaluator, monitoring or all (default; repeatable)" in out


def test_every_written_artefact_is_declared(tmp_path: Path) -> None:
    assert main(["compile", str(EXAMPLES), "-o", str(tmp_path)]) == 0
    written = {p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file()}
    declared = {a for spec in TARGETS.values() for a in spec.artefacts}
    # `<guardrail>/<artefact>`, or `@monitoring/<account>-<region>/<artefact>`
    inside = {
        "/".join(p.parts[2:] if p.parts[0] == targets.ACCOUNT_FOLDER else p.parts[1:])
        for p in written
    }
    assert written and inside <= declared
    assert any(p.parts[0] == targets.ACCOUNT_FOLDER for p in written)


def test_account_targets_write_once_into_their_own_folder(tmp_path: Path) -> None:
    """A target of the account (`per="account"`) writes nothing per guardrail and its artefacts
    once, into `ACCOUNT_FOLDER`, which no guardrail name can take (E216 forbids `@`)."""
    (tmp_path / "a.guard").write_text(
        'guardrail "a":\n  filter hate at high\n\nguardrail "b":\n  filter hate at high\n\n'
        'alarms for "a":\n  alarm when client errors above 0\n'
    )
    out = tmp_path / "out"
    assert main(["compile", str(tmp_path), "-o", str(out), "--target", "monitoring"]) == 0
    assert sorted(p.name for p in out.iterdir()) == [targets.ACCOUNT_FOLDER]
    place = out / targets.ACCOUNT_FOLDER / "default"  # the sources name no account or Region
    assert [p.name for p in place.iterdir()] == ["cloudformation.json"]


def _add_target(monkeypatch: pytest.MonkeyPatch, spec: TargetSpec) -> None:
    """Register `spec` (and a fake compile function writing `out.txt` for it)."""
    monkeypatch.setitem(TARGETS, spec.name, spec)
    real = targets.load_target

    def load(name: str) -> targets.CompileFn:
        if name == spec.name:
            return lambda guardrail, ctx: [Artefact("out.txt", b"ok\n")]
        return real(name)

    monkeypatch.setattr(targets, "load_target", load)


def test_a_target_not_bound_for_bedrock_is_not_held_to_its_quotas(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _add_target(monkeypatch, TargetSpec("rego", "rego", "Rego", ("out.txt",), limits=()))
    (tmp_path / "bot.guard").write_text(SOURCE)
    out = tmp_path / "out"
    assert main(["compile", str(tmp_path / "bot.guard"), "-o", str(out), "--target", "rego"]) == 0
    assert (out / "bot" / "out.txt").read_text() == "ok\n"
    capsys.readouterr()
    assert (
        main(["compile", str(tmp_path / "bot.guard"), "-o", str(out), "--target", "bedrock"]) == 1
    )
    assert "error[E301]" in capsys.readouterr().err


def test_a_target_needing_access_is_skipped_through_unsupported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = TargetSpec("opa", "opa", "OPA", ("out.txt",), needs_access=True, output="OPA")
    _add_target(monkeypatch, spec)
    (tmp_path / "bot.guard").write_text('guardrail "bot":\n  filter hate at high\n')
    out = str(tmp_path / "out")
    assert main(["compile", str(tmp_path), "-o", out, "--target", "all"]) == 0
    err = capsys.readouterr().err
    assert "warning[W205]: guardrail `bot` has no access block: OPA output skipped" in err
    assert main(["compile", str(tmp_path), "-o", out, "--target", "opa"]) == 2
    assert "--target opa needs an `access:` block, and `bot` has none" in capsys.readouterr().err
