"""Issue 16 item 8, beyond diagnostics: what a source file holds cannot drive the terminal
through the other reports either — `guardc test` (text, JSON, JUnit), `guardc explain` (text
and JSON), `guardc fmt --check --diff` and `guardc plan` (which also quotes what is deployed)
show it escaped (`\\u{1b}`), as diagnostics do.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.etree import ElementTree as ET

import pytest

from compiler.cli import main
from security._trust import guardc

if TYPE_CHECKING:
    from aws_standin import StandIn

ROOT = Path(__file__).resolve().parents[2]

# ESC ] 0 ; title BEL (set the window title), ESC [ 2 J (clear screen), CSI as a C1 control,
# a right-to-left override, a zero-width space
EVIL = "a\x1b]0;pwned\x07\x1b[2J\x9b31m\u202eb\u200b"
SHOWN = r"a\u{1b}]0;pwned\u{7}\u{1b}[2J\u{9b}31m\u{202e}b\u{200b}"
WORD = SHOWN.removesuffix(r"\u{200b}")  # a word rule is named by its normalised text
RAW = ("\x1b", "\x07", "\x9b", "\u202e", "\u200b")

# a word, a message and a description holding EVIL; a test suite named with it whose
# expectations fail (so the failure details quote the text, the match and the rule)
SOURCE = f"""guardrail "g":
  description "d {EVIL}"
  on blocked input say "no {EVIL}"
  block word "bad{EVIL}"

test "suite {EVIL}" for "g":
  input "say bad{EVIL} now" is allowed
  input "hello {EVIL}" is blocked
"""


def _project(folder: Path, text: str = SOURCE) -> Path:
    path = folder / "a.guard"
    path.write_bytes(text.encode("utf-8"))
    return path


def _clean(text: str) -> None:
    for ch in RAW:
        assert ch not in text, repr(ch)


def test_the_test_report_shows_source_text_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _project(tmp_path)
    run = guardc(capsys, tmp_path, "test", "a.guard", "-v")
    assert run.code == 1
    _clean(run.both)
    assert f'"suite {SHOWN}"' in run.out  # the suite line and its failure line
    assert f'got:      blocked by word "bad{WORD}" (match "bad{WORD}")' in run.out
    assert f'input "hello {SHOWN}" is blocked' in run.out


def test_the_json_test_report_escapes_and_keeps_the_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _project(tmp_path)
    run = guardc(capsys, tmp_path, "test", "a.guard", "--format", "json")
    assert run.code == 1
    _clean(run.out)
    results = json.loads(run.out)["results"]
    assert {r["suite"] for r in results} == {f"suite {EVIL}"}


def test_the_junit_report_shows_source_text_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _project(tmp_path)
    run = guardc(capsys, tmp_path, "test", "a.guard", "--junit", "junit.xml")
    assert run.code == 1
    body = (tmp_path / "junit.xml").read_text(encoding="utf-8")
    _clean(body)
    root = ET.fromstring(body)  # well-formed: XML 1.0 cannot hold ESC or BEL at all
    suite = root.find("testsuite")
    assert suite is not None and suite.get("name") == f"suite {SHOWN}"
    messages = [f.get("message") for f in root.iter("failure")]
    assert f'got: blocked by word "bad{WORD}" (match "bad{WORD}")' in messages


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_explain_shows_source_text_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    _project(tmp_path)
    run = guardc(capsys, tmp_path, "explain", "a.guard", "--guardrail", "g", "--format", fmt)
    assert run.code == 0, run.err
    _clean(run.both)
    if fmt == "text":
        assert f"d {SHOWN}" in run.out and f"no {SHOWN}" in run.out
        assert r'word "bada\u{1b}]0;pwned\u{7}' in run.out  # long names are cut
    else:  # the same data for a JSON reader
        shown = json.loads(run.out)
        assert shown["settings"]["description"] == f"d {EVIL}"
        assert shown["rules"][0]["rule"] == f'word "bad{EVIL}"'


def test_fmt_diff_shows_source_text_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # badly indented, so `fmt --check` has a diff to print; a comment and a string carry EVIL
    _project(tmp_path, f'# {EVIL}\nguardrail "g":\n    block word "w{EVIL}"\n    block profanity\n')
    run = guardc(capsys, tmp_path, "fmt", "--check", "--diff", "a.guard")
    assert run.code == 1, run.err
    _clean(run.both)
    assert f'-    block word "w{SHOWN}"' in run.out.splitlines()
    assert f'+  block word "w{SHOWN}"' in run.out.splitlines()
    assert f" # {SHOWN}" in run.out.splitlines()


def test_fmt_diff_splits_no_line_on_a_bare_cr_or_form_feed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # a comment may hold a form feed; splitlines() would cut the diff line there
    _project(tmp_path, 'guardrail "g":\n    # one\x0ctwo\n    block profanity\n')
    run = guardc(capsys, tmp_path, "fmt", "--check", "--diff", "a.guard")
    assert run.code == 1, run.err
    assert "\x0c" not in run.out
    assert any(line.endswith(r"# one\u{c}two") for line in run.out.splitlines())


def test_plan_shows_deployed_text_escaped(
    standin: StandIn,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # what is deployed may have been edited by anyone with console access; `plan` quotes it
    shutil.copy(ROOT / "examples" / "retail_support.guard", tmp_path / "retail_support.guard")
    monkeypatch.chdir(tmp_path)
    assert main(["apply", ".", "--yes"]) == 0

    def plant(draft: dict[str, Any]) -> None:
        draft["blockedInputMessaging"] = f"no {EVIL}"

    standin.console_edit("retail-support", plant)
    capsys.readouterr()
    assert main(["plan", "."]) == 0
    out, err = capsys.readouterr()
    _clean(out + err)
    assert "~ on blocked input" in out and r"no a\u001b]0;pwned\u0007" in out
    assert r"\u{9b}31m\u{202e}b\u{200b}" in out  # what JSON quoting leaves raw, escaped too
