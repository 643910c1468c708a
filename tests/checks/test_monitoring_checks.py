"""`checks/monitoring.py`: bucket names S3 rejects (E262), retentions CloudWatch Logs does not
offer (E263), SNS topics of another partition or Region (E264), undeliverable logging blocks
(E266), account-wide metrics (W260) and an outside-change alarm excluding no one (W261)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from compiler.aws import monitoring_facts as facts
from compiler.checks.monitoring import nearest_retention
from compiler.diagnostics.render import render_text
from compiler.diagnostics.sink import Diagnostics
from compiler.pipeline import load

ROLE = "arn:aws:iam::111122223333:role/bedrock-logging"
GUARDRAIL = """\
guardrail "bot":
  filter hate at high
  access:
    account "111122223333"
    region "us-east-1"
    deployed by "arn:aws:iam::111122223333:role/ci"
"""


def check(tmp_path: Path, text: str) -> tuple[list[str], str]:
    path = tmp_path / "t.guard"
    path.write_text(text)
    sink = Diagnostics()
    loaded = load([str(path)], sink)
    found = sink.sorted()
    return [d.code for d in found], render_text(found, loaded.sources)


def logging_block(*lines: str) -> str:
    body = "".join(f"  {line}\n" for line in lines)
    return f'{GUARDRAIL}\nlogging:\n  account "111122223333"\n  region "us-east-1"\n{body}'


# ── S3 bucket names (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html)


@pytest.mark.parametrize(
    "name",
    ["abc", "my-logs.example", "a" * 63, "bedrock-logs-111122223333", "1-2-3"],
)
def test_bucket_names_s3_accepts(name: str) -> None:
    assert facts.bucket_problem(name) is None


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("ab", "3 to 63"),
        ("a" * 64, "3 to 63"),
        ("My-Logs", "lower-case"),
        ("logs_bucket", "lower-case"),
        ("-logs", "begin and end"),
        ("logs-", "begin and end"),
        ("my..logs", "`..`"),
        ("my.-logs", "`.-`"),
        ("my-.logs", "`-.`"),
        ("192.168.5.4", "IP address"),
        ("xn--logs", "xn--"),
        ("sthree-logs", "sthree-"),
        ("amzn-s3-demo-logs", "amzn-s3-demo-"),
        ("logs-s3alias", "-s3alias"),
        ("logs--ol-s3", "--ol-s3"),
        ("logs--x-s3", "--x-s3"),
    ],
)
def test_bucket_names_s3_rejects(name: str, why: str) -> None:
    problem = facts.bucket_problem(name)
    assert problem is not None and why in problem


def test_a_bad_bucket_name_is_E262_at_the_name_with_a_fix(tmp_path: Path) -> None:
    codes, text = check(tmp_path, logging_block('deliver to bucket "Acme_Bedrock_Logs"'))
    assert codes == ["E262"]
    assert "S3 would reject the bucket name `Acme_Bedrock_Logs`" in text
    assert "^^^^^^^^^^^^^^^^^^^" in text
    assert "help: e.g. `acme-bedrock-logs`" in text


def test_a_prefix_starting_with_a_slash_is_E262(tmp_path: Path) -> None:
    codes, _ = check(tmp_path, logging_block('deliver to bucket "acme-logs" prefix "/x/"'))
    assert codes == ["E262"]


# ── retention (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html)


@pytest.mark.parametrize("days", facts.RETENTION_DAYS)
def test_every_offered_retention_is_accepted(tmp_path: Path, days: int) -> None:
    line = f'deliver to log group "/aws/bedrock/x" retained for {days} days'
    codes, _ = check(tmp_path, logging_block(line, f'delivered by role "{ROLE}"'))
    assert codes == []


@pytest.mark.parametrize(("days", "nearest"), [(2, 1), (4, 3), (366, 365), (10000, 3653)])
def test_a_retention_not_offered_is_E243_with_the_nearest(
    tmp_path: Path, days: int, nearest: int
) -> None:
    line = f'deliver to log group "/aws/bedrock/x" retained for {days} days'
    codes, text = check(tmp_path, logging_block(line, f'delivered by role "{ROLE}"'))
    assert codes == ["E263"]
    assert f"the nearest it offers is {nearest} days" in text
    assert nearest_retention(days) == nearest


# ── SNS topics ──────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("topic", "words"),
    [
        ("arn:aws-cn:sns:cn-north-1:111122223333:alerts", "partition `aws-cn`"),
        ("arn:aws-us-gov:sns:us-gov-west-1:111122223333:alerts", "partition `aws-us-gov`"),
        ("arn:aws:sns:eu-west-1:111122223333:alerts", "the topic is in eu-west-1"),
        ("arn:aws:sqs:us-east-1:111122223333:alerts", "not an SNS topic ARN"),
        ("alerts", "not an SNS topic ARN"),
        ("arn:aws:sns:us-east-1:1111:alerts", "not an SNS topic ARN"),
        ("arn:aws:sns:us-east-1:111122223333:bad name", "not an SNS topic ARN"),
    ],
)
def test_sns_topics_an_alarm_cannot_notify_are_E244(tmp_path: Path, topic: str, words: str) -> None:
    alarms = f'\nalarms for "bot":\n  notify "{topic}"\n  alarm when throttles above 1\n'
    codes, text = check(tmp_path, GUARDRAIL + alarms)
    assert codes == ["E264"]
    assert words in text


def test_fifo_and_same_region_topics_are_fine(tmp_path: Path) -> None:
    topics = [
        "arn:aws:sns:us-east-1:111122223333:alerts",
        "arn:aws:sns:us-east-1:444455556666:a.fifo",
    ]
    notify = "".join(f'  notify "{t}"\n' for t in topics)
    codes, _ = check(tmp_path, GUARDRAIL + f'\nalarms for "bot":\n{notify}')
    assert codes == []


# ── delivery ────────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("lines", "words"),
    [
        ((), "delivers nowhere"),
        (('deliver to log group "/aws/bedrock/x"',), "needs the role"),
        (
            ('deliver to bucket "acme-logs"', 'deliver large data to bucket "acme-logs"'),
            "beside a log group",
        ),
        (
            (
                'deliver to bucket "acme-logs"',
                'delivered by role "arn:aws:iam::444455556666:role/r"',
            ),
            "belongs to account 444455556666",
        ),
        (('deliver to bucket "acme-logs"', 'delivered by role "bedrock-logging"'), "not an IAM"),
        (('deliver to bucket "acme-logs"', 'encrypt with key "alias/logs"'), "not a KMS key ARN"),
        (
            (
                'deliver to bucket "acme-logs"',
                'encrypt with key "arn:aws:kms:eu-west-1:111122223333:key/'
                '1234abcd-12ab-34cd-56ef-1234567890ab"',
            ),
            "the key is in eu-west-1",
        ),
        (
            ('deliver to log group "bad group name"', f'delivered by role "{ROLE}"'),
            "not a CloudWatch Logs group name",
        ),
    ],
)
def test_undeliverable_logging_blocks_are_E246(
    tmp_path: Path, lines: tuple[str, ...], words: str
) -> None:
    codes, text = check(tmp_path, logging_block(*lines))
    assert codes == ["E266"]
    assert words in text


def test_bad_account_and_region_are_E218(tmp_path: Path) -> None:
    text = (
        GUARDRAIL + '\nlogging:\n  account "1234"\n  region "mars-1"\n  deliver to bucket "b-1"\n'
    )
    codes, _ = check(tmp_path, text)
    assert codes == ["E218", "E218"]


# ── warnings ────────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("clause", ["on input", "on output", "by topics", "by pii"])
def test_alarms_by_direction_or_policy_say_they_count_the_whole_account(
    tmp_path: Path, clause: str
) -> None:
    alarms = f'\nalarms for "bot":\n  alarm when interventions {clause} above 5\n'
    codes, text = check(tmp_path, GUARDRAIL + alarms)
    assert codes == ["W260"]
    assert "counts every guardrail in the account" in text


def test_watching_changes_with_no_deploy_role_is_W241(tmp_path: Path) -> None:
    no_deployer = GUARDRAIL.replace('    deployed by "arn:aws:iam::111122223333:role/ci"\n', "")
    watch = 'watch guardrail changes in trail log group "trail"'
    codes, _ = check(tmp_path, logging_block('deliver to bucket "acme-logs"', watch))
    assert codes == []
    block = logging_block('deliver to bucket "acme-logs"', watch)
    codes, _ = check(tmp_path, block.replace(GUARDRAIL, no_deployer))
    assert codes == ["W261"]


def test_the_retention_list_is_the_one_botocores_logs_model_documents() -> None:
    """PutRetentionPolicy's `retentionInDays` lists its possible values in the model's own
    documentation; guardc's copy must not drift from it."""
    import botocore.session

    model = botocore.session.get_session().get_service_model("logs")
    request = model.operation_model("PutRetentionPolicy").input_shape
    assert request is not None
    shape = request.members["retentionInDays"]
    listed = re.search(r"Possible values are: ([\d, and]+)\.", shape.documentation)
    assert listed is not None
    days = tuple(int(d) for d in re.findall(r"\d+", listed[1]))
    assert days == facts.RETENTION_DAYS
