"""Shared fixtures. Paths here are repo-relative because tests run from a checkout."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from aws_standin import StandIn
    from lsp_client import Client

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The checkout's root folder."""
    return ROOT


@pytest.fixture(scope="session")
def lsp(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Client]:
    """One `guardc lsp` for the session (tests/lsp/lsp_client.py), spoken to over stdio."""
    from lsp_client import started

    client = started(tmp_path_factory.mktemp("lsp-project"))
    yield client
    client.stop()


@pytest.fixture
def standin(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[StandIn]:
    """The stand-in Bedrock control plane (tests/aws_standin.py) on 127.0.0.1, with the AWS
    settings of the process pointed at it: fake credentials, no config files of the machine's
    user, and `AWS_ENDPOINT_URL_BEDROCK` so that every boto3 `bedrock` client reaches it."""
    from aws_standin import running

    for name in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ENDPOINT_URL", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-aws-credentials"))
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDSTANDIN")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "standin-secret")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-1")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    with running() as server:
        monkeypatch.setenv("AWS_ENDPOINT_URL_BEDROCK", server.url)
        monkeypatch.setenv("AWS_ENDPOINT_URL_STS", server.url)
        monkeypatch.setenv("AWS_ENDPOINT_URL_KMS", server.url)
        monkeypatch.setenv("AWS_ENDPOINT_URL_ORGANIZATIONS", server.url)
        yield server


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    """`cli("plan", ".")`: run guardc in-process; its exit code, stdout and stderr."""
    from compiler.cli import main

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture
def never_deletes(standin: StandIn) -> Iterator[None]:
    """Whatever a test does, guardc never calls DeleteGuardrail, nor deletes the invocation
    logging configuration (use it with `pytestmark = pytest.mark.usefixtures("never_deletes")`)."""
    yield
    assert "DeleteGuardrail" not in standin.operations()
    assert "DeleteModelInvocationLoggingConfiguration" not in standin.operations()


@pytest.fixture
def case_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[str, str], Path]:
    """`case_project("alarms-environments", "alarms.guard")`: a project folder (its `.git`
    marks the root) holding tests/cases/ok/CASE/input.guard as NAME, made the working
    directory."""
    import shutil

    def make(case: str, name: str) -> Path:
        (tmp_path / ".git").mkdir(exist_ok=True)
        shutil.copy(ROOT / "tests" / "cases" / "ok" / case / "input.guard", tmp_path / name)
        monkeypatch.chdir(tmp_path)
        return tmp_path

    return make


@pytest.fixture
def monitoring_case(
    case_project: Callable[[str, str], Path], capsys: pytest.CaptureFixture[str]
) -> Callable[[str, str], Callable[[str | None, str], dict[str, bytes]]]:
    """`compiled = monitoring_case("logging-environments", "logs.guard")` puts the case in a
    project (`case_project`); `compiled(ENV, OUT)` then gives the monitoring target's files
    for it in environment ENV (or none), by path below `OUT/@monitoring`."""
    from compiler.cli import main

    def make(case: str, name: str) -> Callable[[str | None, str], dict[str, bytes]]:
        case_project(case, name)

        def run(env: str | None, out: str) -> dict[str, bytes]:
            argv = ["compile", name, "-o", out, "--target", "monitoring"]
            assert main([*argv, *(["--env", env] if env else [])]) == 0
            capsys.readouterr()
            root = Path(out, "@monitoring")
            return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*.json")}

        return run

    return make
