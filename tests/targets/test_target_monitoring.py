"""The monitoring target: `logging.json` (strict check and botocore), the logging key's policy,
the account-level template (metric names and dimensions as AWS documents them, the
outside-change alarm, dashboards), cfn-lint, parliament, moto, and snapshots of every artefact
of the examples."""

from __future__ import annotations

import fnmatch
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from aws_checks import client, lint, lint_all

from compiler.aws.bedrock_model import check_payload
from compiler.diagnostics.sink import Diagnostics
from compiler.ir import Policy
from compiler.pipeline import load
from compiler.targets import Context
from compiler.targets.alarms import caller_pattern
from compiler.targets.invocation_logging import PUT
from compiler.targets.monitoring import compile_account, folder, groups

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.guard"))

# The guardrail metrics as the Bedrock user guide documents them: namespace, metric names and
# the dimension sets each alarm may use.
METRICS_DOC = (
    "https://docs.aws.amazon.com/bedrock/latest/userguide/monitoring-guardrails-cw-metrics.html"
)
DOCUMENTED_NAMESPACE = "AWS/Bedrock/Guardrails"
DOCUMENTED_METRICS = {
    # phrase in the language: (MetricName, statistic the alarm uses)
    "invocations": ("Invocations", "Sum"),
    "latency": ("InvocationLatency", "Average"),
    "client errors": ("InvocationClientErrors", "Sum"),
    "server errors": ("InvocationServerErrors", "Sum"),
    "throttles": ("InvocationThrottles", "Sum"),
    "text units": ("TextUnitCount", "Sum"),
    "interventions": ("InvocationsIntervened", "Sum"),
}
DOCUMENTED_DIMENSIONS = {
    # clause: dimension names and values
    "": ("GuardrailArn", "GuardrailVersion"),
    "on input": (("GuardrailContentSource", "Input"),),
    "on output": (("GuardrailContentSource", "Output"),),
    "by content filters": (("GuardrailPolicyType", "ContentPolicy"),),
    "by topics": (("GuardrailPolicyType", "TopicPolicy"),),
    "by words": (("GuardrailPolicyType", "WordPolicy"),),
    "by sensitive information": (("GuardrailPolicyType", "SensitiveInformationPolicy"),),
}

ARN = "arn:aws:bedrock:us-east-1:111122223333:guardrail/abcdefghijkl"
GUARDRAIL = """\
guardrail "bot":
  filter hate at high
  access:
    account "111122223333"
    region "us-east-1"
    deployed by "arn:aws:iam::111122223333:role/ci", "arn:aws:iam::111122223333:user/alice"
"""


def compiled(
    tmp_path: Path, text: str, arns: dict[str, str] | None = None
) -> tuple[dict[str, bytes], Diagnostics]:
    path = tmp_path / "policy.guard"
    path.write_text(text)
    sink = Diagnostics()
    policy = load([str(path)], sink).policy
    assert not sink.has_errors, sink.sorted()
    ctx = Context(policy=policy, sink=sink, guardrail_arns=dict(arns or {}))
    return {a.path: a.content for a in compile_account(policy, ctx)}, sink


def template_of(files: dict[str, bytes]) -> dict[str, Any]:
    (path,) = [p for p in files if p.endswith("cloudformation.json")]
    document: dict[str, Any] = json.loads(files[path])
    return document


def resources(document: dict[str, Any], kind: str) -> dict[str, dict[str, Any]]:
    return {k: v for k, v in document["Resources"].items() if v["Type"] == kind}


# ── metric names and dimensions, as documented ───────────────────────────────────────────────


@pytest.mark.parametrize("phrase", sorted(DOCUMENTED_METRICS))
@pytest.mark.parametrize("clause", sorted(DOCUMENTED_DIMENSIONS))
def test_alarms_use_the_documented_metric_and_dimensions(
    tmp_path: Path, phrase: str, clause: str
) -> None:
    """Each metric phrase and clause against the table above, from the doc at METRICS_DOC."""
    unit = " ms" if phrase == "latency" else ""
    line = f"  alarm when {phrase} {clause} above 5{unit}".replace("  above", " above")
    text = GUARDRAIL + f'\nalarms for "bot":\n{line}\n'
    if clause.startswith("by ") and phrase != "interventions":
        # the doc lists policy types for interventions only: anything else is E265
        (tmp_path / "p.guard").write_text(text)
        sink = Diagnostics()
        load([str(tmp_path / "p.guard")], sink)
        assert [d.code for d in sink.sorted() if d.code.startswith("E")] == ["E265"]
        return
    files, _ = compiled(tmp_path, text, {"bot": ARN})
    (alarm,) = resources(template_of(files), "AWS::CloudWatch::Alarm").values()
    props = alarm["Properties"]
    name, statistic = DOCUMENTED_METRICS[phrase]
    assert (props["Namespace"], props["MetricName"], props["Statistic"]) == (
        DOCUMENTED_NAMESPACE,
        name,
        statistic,
    )
    expected = DOCUMENTED_DIMENSIONS[clause]
    if clause == "":
        assert props["Dimensions"] == [
            {"Name": "GuardrailArn", "Value": ARN},
            {"Name": "GuardrailVersion", "Value": "DRAFT"},
        ]
    else:
        assert [(d["Name"], d["Value"]) for d in props["Dimensions"]] == list(expected)
    assert METRICS_DOC.startswith("https://docs.aws.amazon.com/bedrock/")


def test_a_percentage_is_metric_math_over_the_guardrails_invocations(tmp_path: Path) -> None:
    alarms = '\nalarms for "bot":\n  alarm when interventions above 20% over 15 minutes\n'
    files, _ = compiled(tmp_path, GUARDRAIL + alarms, {"bot": f"{ARN}:3"})
    (alarm,) = resources(template_of(files), "AWS::CloudWatch::Alarm").values()
    props = alarm["Properties"]
    assert "MetricName" not in props and props["Threshold"] == 20
    watched, invocations, rate = props["Metrics"]
    assert watched["MetricStat"]["Metric"]["MetricName"] == "InvocationsIntervened"
    assert invocations["MetricStat"]["Metric"]["MetricName"] == "Invocations"
    for stat in (watched, invocations):
        assert stat["MetricStat"]["Period"] == 900
        assert stat["MetricStat"]["Metric"]["Dimensions"] == [
            {"Name": "GuardrailArn", "Value": ARN},
            {"Name": "GuardrailVersion", "Value": "3"},
        ]
    assert rate["Expression"] == "100 * watched / invocations" and rate["ReturnData"] is True


def test_seconds_become_milliseconds_and_topics_are_notified(tmp_path: Path) -> None:
    alarms = (
        '\nalarms for "bot":\n  notify "arn:aws:sns:us-east-1:111122223333:oncall"\n'
        "  alarm when latency above 2 seconds over 1 hour\n"
    )
    files, _ = compiled(tmp_path, GUARDRAIL + alarms, {"bot": ARN})
    (alarm,) = resources(template_of(files), "AWS::CloudWatch::Alarm").values()
    props = alarm["Properties"]
    assert (props["Threshold"], props["Period"]) == (2000, 3600)
    assert props["AlarmActions"] == ["arn:aws:sns:us-east-1:111122223333:oncall"]
    assert "alarm when latency above 2 seconds over 1 hour" in props["AlarmDescription"]


def test_an_unknown_guardrail_arn_becomes_a_parameter(tmp_path: Path) -> None:
    alarms = '\nalarms for "bot":\n  alarm when throttles above 1\n'
    files, _ = compiled(tmp_path, GUARDRAIL + alarms)
    document = template_of(files)
    assert list(document["Parameters"]) == ["GuardrailArnBot"]
    assert re.fullmatch(document["Parameters"]["GuardrailArnBot"]["AllowedPattern"], ARN)
    (alarm,) = resources(document, "AWS::CloudWatch::Alarm").values()
    assert alarm["Properties"]["Dimensions"][0]["Value"] == {"Ref": "GuardrailArnBot"}
    assert lint(document) == []


# ── guardrail changes made outside the deploy roles ─────────────────────────────────────────


def _term_holds(term: str, event: dict[str, Any]) -> bool:
    """One `($.a.b = "v")` / `($.a.b != "v*")` term of a metric filter pattern on `event`."""
    m = re.fullmatch(r'\(\$\.([\w.]+) (=|!=) "([^"]*)"\)', term.strip())
    assert m is not None, term
    value: Any = event
    for key in m[1].split("."):
        value = value.get(key) if isinstance(value, dict) else None
    matched = isinstance(value, str) and fnmatch.fnmatchcase(value, m[3])
    return matched if m[2] == "=" else not matched


def filter_matches(pattern: str, event: dict[str, Any]) -> bool:
    """The filter pattern guardc writes (`{ T && (T || T) && T }`) evaluated on `event`."""
    body = pattern.strip()[1:-1]
    for conjunct in re.split(r"\s&&\s", body):
        alternatives = conjunct.strip()
        if alternatives.startswith("(("):
            alternatives = alternatives[1:-1]
        if not any(_term_holds(t, event) for t in re.split(r"\s\|\|\s", alternatives)):
            return False
    return True


def event(name: str, caller: str, source: str = "bedrock.amazonaws.com") -> dict[str, Any]:
    return {"eventSource": source, "eventName": name, "userIdentity": {"arn": caller}}


TWO_ACCOUNTS = (
    GUARDRAIL
    + """
guardrail "other":
  filter hate at high
  access:
    account "111122223333"
    region "us-east-1"
    deployed by "arn:aws:iam::111122223333:role/team/other-ci"

guardrail "elsewhere":
  filter hate at high
  access:
    account "444455556666"
    region "us-east-1"
    deployed by "arn:aws:iam::444455556666:role/far-ci"

logging:
  account "111122223333"
  region "us-east-1"
  deliver to bucket "acme-logs"
  watch guardrail changes in trail log group "trail"
  notify "arn:aws:sns:us-east-1:111122223333:security"
"""
)


def test_the_outside_change_alarm_excludes_exactly_the_deploy_roles(tmp_path: Path) -> None:
    files, _ = compiled(tmp_path, TWO_ACCOUNTS)
    document = template_of(files)
    pattern = document["Resources"]["GuardrailChangeFilter"]["Properties"]["FilterPattern"]
    excluded = set(re.findall(r'\$\.userIdentity\.arn != "([^"]+)"', pattern))
    # the deploy principals of this account's guardrails, and nobody else
    assert excluded == {
        "arn:aws:sts::111122223333:assumed-role/ci/*",
        "arn:aws:sts::111122223333:assumed-role/other-ci/*",
        "arn:aws:iam::111122223333:user/alice",
    }
    assert caller_pattern("arn:aws:iam::111122223333:role/team/other-ci") in excluded
    deploy_sessions = [
        "arn:aws:sts::111122223333:assumed-role/ci/github-actions",
        "arn:aws:sts::111122223333:assumed-role/other-ci/run-7",
        "arn:aws:iam::111122223333:user/alice",
    ]
    others = [
        "arn:aws:sts::111122223333:assumed-role/Admin/jane",
        "arn:aws:iam::111122223333:user/bob",
        "arn:aws:sts::444455556666:assumed-role/far-ci/run",  # deploys elsewhere, not here
        "arn:aws:sts::111122223333:assumed-role/ci-shadow/x",  # a name that only starts alike
    ]
    for name in ("CreateGuardrail", "UpdateGuardrail", "DeleteGuardrail", "CreateGuardrailVersion"):
        for caller in deploy_sessions:
            assert not filter_matches(pattern, event(name, caller)), (name, caller)
        for caller in others:
            assert filter_matches(pattern, event(name, caller)), (name, caller)
    for caller in others:  # reads and other services never alarm
        assert not filter_matches(pattern, event("GetGuardrail", caller))
        assert not filter_matches(pattern, event("UpdateGuardrail", caller, "s3.amazonaws.com"))
    alarm = document["Resources"]["GuardrailChangeAlarm"]["Properties"]
    metric = document["Resources"]["GuardrailChangeFilter"]["Properties"]
    assert metric["MetricTransformations"][0]["MetricName"] == alarm["MetricName"]
    assert alarm["AlarmActions"] == ["arn:aws:sns:us-east-1:111122223333:security"]
    assert lint(document) == []


# ── logging.json and the logging key ───────────────────────────────────────────────────────

LOGGING = (
    GUARDRAIL
    + """
logging:
  account "111122223333"
  region "us-east-1"
  deliver to bucket "acme-logs" prefix "invocations/"
  deliver to log group "/aws/bedrock/invocations" retained for 365 days
  deliver large data to bucket "acme-large" prefix "large/"
  include text, embeddings
  encrypt with key "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  delivered by role "arn:aws:iam::111122223333:role/service/bedrock-logging"
"""
)


def test_logging_json_is_the_exact_put_request(tmp_path: Path) -> None:
    files, _ = compiled(tmp_path, LOGGING)
    request = json.loads(files["111122223333-us-east-1/logging.json"])
    assert request == {
        "loggingConfig": {
            "s3Config": {"bucketName": "acme-logs", "keyPrefix": "invocations/"},
            "cloudWatchConfig": {
                "logGroupName": "/aws/bedrock/invocations",
                "roleArn": "arn:aws:iam::111122223333:role/service/bedrock-logging",
                "largeDataDeliveryS3Config": {"bucketName": "acme-large", "keyPrefix": "large/"},
            },
            "textDataDeliveryEnabled": True,
            "imageDataDeliveryEnabled": False,
            "embeddingDataDeliveryEnabled": True,
            "videoDataDeliveryEnabled": False,
            "audioDataDeliveryEnabled": False,
        }
    }
    assert check_payload(request, PUT) == []
    # botocore validates and serialises it as for the service; the Stubber answers
    from botocore.stub import Stubber

    bedrock = client()
    with Stubber(bedrock) as stubber:
        stubber.add_response("put_model_invocation_logging_configuration", {}, request)
        bedrock.put_model_invocation_logging_configuration(**request)


def test_the_strict_check_rejects_what_bedrock_would(tmp_path: Path) -> None:
    files, _ = compiled(tmp_path, LOGGING)
    request = json.loads(files["111122223333-us-east-1/logging.json"])
    request["loggingConfig"]["cloudWatchConfig"]["roleArn"] = "bedrock-logging"
    request["loggingConfig"]["s3Config"]["bucketName"] = "ab"
    paths = {p.path for p in check_payload(request, PUT)}
    assert paths == {"loggingConfig.cloudWatchConfig.roleArn", "loggingConfig.s3Config.bucketName"}


def test_no_include_line_logs_text_alone(tmp_path: Path) -> None:
    text = GUARDRAIL + '\nlogging:\n  deliver to bucket "acme-logs"\n'
    files, _ = compiled(tmp_path, text)
    config = json.loads(files["default/logging.json"])["loggingConfig"]
    flags = {k: v for k, v in config.items() if k.endswith("DataDeliveryEnabled")}
    assert flags == {
        "textDataDeliveryEnabled": True,
        "imageDataDeliveryEnabled": False,
        "embeddingDataDeliveryEnabled": False,
        "videoDataDeliveryEnabled": False,
        "audioDataDeliveryEnabled": False,
    }
    assert "default/kms-key-policy.json" not in files


def test_the_key_policy_lets_logs_and_bedrock_use_the_key_and_nothing_more(tmp_path: Path) -> None:
    files, _ = compiled(tmp_path, LOGGING)
    policy = json.loads(files["111122223333-us-east-1/kms-key-policy.json"])
    by_sid = {s["Sid"]: s for s in policy["Statement"]}
    assert set(by_sid) == {
        "AccountAdministersKey",
        "CloudWatchLogsEncryptsLogGroup",
        "BedrockWritesEncryptedLogs",
    }
    logs = by_sid["CloudWatchLogsEncryptsLogGroup"]
    assert logs["Principal"] == {"Service": "logs.us-east-1.amazonaws.com"}
    assert logs["Condition"] == {
        "StringEquals": {
            "kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:us-east-1:111122223333:"
            "log-group:/aws/bedrock/invocations"
        }
    }
    bedrock = by_sid["BedrockWritesEncryptedLogs"]
    assert bedrock["Principal"] == {"Service": "bedrock.amazonaws.com"}
    assert bedrock["Action"] == ["kms:GenerateDataKey"]
    assert bedrock["Condition"] == {
        "StringEquals": {"aws:SourceAccount": "111122223333"},
        "ArnLike": {"aws:SourceArn": "arn:aws:bedrock:us-east-1:111122223333:*"},
    }
    assert "kms:Decrypt" not in bedrock["Action"]  # Bedrock writes logs, it never reads them


def test_bucket_role_and_log_group_are_limited_to_this_accounts_bedrock(tmp_path: Path) -> None:
    document = template_of(compiled(tmp_path, LOGGING)[0])
    source = {
        "StringEquals": {"aws:SourceAccount": {"Fn::Sub": "${AWS::AccountId}"}},
        "ArnLike": {
            "aws:SourceArn": {
                "Fn::Sub": "arn:${AWS::Partition}:bedrock:${AWS::Region}:${AWS::AccountId}:*"
            }
        },
    }
    role = document["Resources"]["InvocationLoggingRole"]["Properties"]
    (trust,) = role["AssumeRolePolicyDocument"]["Statement"]
    assert trust["Principal"] == {"Service": "bedrock.amazonaws.com"}
    assert trust["Condition"] == source
    assert (role["RoleName"], role["Path"]) == ("bedrock-logging", "/service/")
    policies = resources(document, "AWS::S3::BucketPolicy")
    assert len(policies) == 2  # the log bucket and the large-data bucket
    for policy in policies.values():
        write = policy["Properties"]["PolicyDocument"]["Statement"][0]
        assert write["Principal"] == {"Service": "bedrock.amazonaws.com"}
        assert write["Action"] == ["s3:PutObject"] and write["Condition"] == source
    group = document["Resources"]["InvocationLogGroup"]["Properties"]
    assert group["RetentionInDays"] == 365 and group["KmsKeyId"].startswith("arn:aws:kms:")
    assert lint(document) == []


def _actions(value: Any) -> list[str]:
    if isinstance(value, dict):
        found = [
            a
            for k, v in value.items()
            if k in ("Action", "NotAction")
            for a in (v if isinstance(v, list) else [v])
        ]
        return found + [a for v in value.values() for a in _actions(v)]
    if isinstance(value, list):
        return [a for v in value for a in _actions(v)]
    return []


@cache
def example_files() -> dict[str, bytes]:
    sink = Diagnostics()
    policy = load([str(p) for p in EXAMPLES], sink).policy
    assert not sink.has_errors, sink.sorted()
    ctx = Context(policy=policy, sink=sink)
    return {a.path: a.content for a in compile_account(policy, ctx)}


def test_no_document_grants_a_wildcard_action() -> None:
    for path, content in example_files().items():
        actions = _actions(json.loads(content))
        assert all("*" not in a for a in actions), path


# ── the examples ─────────────────────────────────────────────────────────────────────────────


def example_policy() -> Policy:
    sink = Diagnostics()
    return load([str(p) for p in EXAMPLES], sink).policy


def test_each_example_account_and_region_gets_its_own_folder() -> None:
    places = sorted(folder(p) for p in groups(example_policy()))
    assert places == [
        "111122223333-eu-west-1",
        "111122223333-us-east-1",
        "444455556666-us-east-1",
        "777788889999-us-west-2",
    ]
    assert {p.split("/")[0] for p in example_files()} == set(places)


@pytest.mark.parametrize(
    "path", sorted(p for p in example_files() if p.endswith("cloudformation.json"))
)
def test_example_templates_are_cfn_lint_clean(path: str) -> None:
    document = json.loads(example_files()[path])
    assert lint(document) == []
    dashboards = resources(document, "AWS::CloudWatch::Dashboard")
    assert len(dashboards) == 1  # one per policy file; each example is one file
    body = json.loads(next(iter(dashboards.values()))["Properties"]["DashboardBody"]["Fn::Sub"])
    titles = [w["properties"]["title"] for w in body["widgets"]]
    assert titles == [
        "Invocations",
        "Interventions",
        "Interventions by policy type (whole account)",
        "Latency (ms, average)",
    ]


@pytest.mark.parametrize("path", sorted(p for p in example_files() if p.endswith("logging.json")))
def test_example_logging_requests_pass_the_strict_check(path: str) -> None:
    assert check_payload(json.loads(example_files()[path]), PUT) == []


def test_cfn_lint_does_report_a_broken_monitoring_template() -> None:
    path = "111122223333-us-east-1/cloudformation.json"
    document = json.loads(example_files()[path])
    (alarm,) = [v for k, v in document["Resources"].items() if k.startswith("Alarm")][:1]
    alarm["Properties"]["ComparisonOperator"] = "MoreThan"
    assert any(f.startswith("E") for f in lint_all(document))


@pytest.mark.parametrize("path", sorted(example_files()))
def test_example_artefact_snapshot(path: str, snapshot: Any) -> None:
    assert example_files()[path].decode() == snapshot


def test_compile_is_deterministic() -> None:
    sink = Diagnostics()
    policy = load([str(p) for p in EXAMPLES], sink).policy
    again = {a.path: a.content for a in compile_account(policy, Context(policy=policy, sink=sink))}
    assert again == example_files()


# ── IAM checkers: moto's validators and parliament ──────────────────────────────────────────


def _key_policies() -> list[dict[str, Any]]:
    return [json.loads(v) for k, v in example_files().items() if k.endswith("kms-key-policy.json")]


def _role_documents() -> list[dict[str, Any]]:
    docs = []
    for path, content in example_files().items():
        if path.endswith("cloudformation.json"):
            for res in resources(json.loads(content), "AWS::IAM::Role").values():
                docs.append(res["Properties"])
    return docs


def _literal(document: Any) -> Any:
    """`document` with CloudFormation intrinsics replaced by literal values of account
    111122223333 in us-east-1, as CloudFormation would resolve them."""
    if isinstance(document, dict):
        if set(document) == {"Fn::Sub"}:
            text = document["Fn::Sub"]
            for name, value in (
                ("AWS::AccountId", "111122223333"),
                ("AWS::Region", "us-east-1"),
                ("AWS::Partition", "aws"),
            ):
                text = text.replace("${" + name + "}", value)
            return re.sub(r"\$\{(\w+)\.Arn\}", r"arn:aws:s3:::\1", text).lower()
        return {k: _literal(v) for k, v in document.items()}
    if isinstance(document, list):
        return [_literal(v) for v in document]
    return document


def test_moto_accepts_the_key_policies_and_the_delivery_roles() -> None:
    import boto3
    from moto import mock_aws

    with mock_aws():
        kms = boto3.client(
            "kms", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x"
        )
        iam = boto3.client(
            "iam", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x"
        )
        for policy in _key_policies():
            created = kms.create_key(Policy=json.dumps(policy))["KeyMetadata"]["KeyId"]
            stored = kms.get_key_policy(KeyId=created, PolicyName="default")["Policy"]
            assert json.loads(stored) == policy
        for index, policy in enumerate(_deployer_policies()):
            iam.create_policy(
                PolicyName=f"logging-deployer-{index}", PolicyDocument=json.dumps(policy)
            )
        roles = _role_documents()
        assert len(roles) == 3  # every example that delivers to CloudWatch Logs
        for index, role in enumerate(roles):
            name = f"{role['RoleName']}-{index}"
            trust = json.dumps(_literal(role["AssumeRolePolicyDocument"]))
            iam.create_role(RoleName=name, AssumeRolePolicyDocument=trust)
            for inline in role["Policies"]:
                iam.create_policy(
                    PolicyName=f"{name}-{inline['PolicyName']}",
                    PolicyDocument=json.dumps(_literal(inline["PolicyDocument"])),
                )


def _deployer_policies() -> list[dict[str, Any]]:
    files = example_files()
    return [json.loads(v) for k, v in files.items() if k.endswith("iam/logging-deployer.json")]


def test_parliament_finds_nothing_in_the_role_and_deployer_policies() -> None:
    from parliament import analyze_policy_string

    documents = [_literal(i["PolicyDocument"]) for r in _role_documents() for i in r["Policies"]]
    documents += _deployer_policies()
    assert len(documents) == 3 + 4
    for document in documents:
        findings = analyze_policy_string(json.dumps(document)).findings
        assert [(f.issue, f.detail) for f in findings] == []


def test_the_logging_deployer_may_pass_only_the_delivery_role_and_only_to_bedrock() -> None:
    for policy in _deployer_policies():
        by_sid = {s["Sid"]: s for s in policy["Statement"]}
        assert by_sid["ReadAndSetInvocationLogging"]["Action"] == [
            "bedrock:GetModelInvocationLoggingConfiguration",
            "bedrock:PutModelInvocationLoggingConfiguration",
        ]
        passes = by_sid.get("PassDeliveryRoleToBedrock")
        if passes is not None:  # only blocks with a log group pass a role
            assert passes["Resource"] == [passes["Resource"][0]]
            assert ":role/" in passes["Resource"][0]
            assert passes["Condition"] == {
                "StringEquals": {"iam:PassedToService": "bedrock.amazonaws.com"}
            }


def test_parliament_on_the_key_policies_reports_only_the_key_policy_resource_star() -> None:
    from parliament import analyze_policy_string

    issues = set()
    for policy in _key_policies():
        for s in policy["Statement"]:
            single = json.dumps({"Version": policy["Version"], "Statement": [s]})
            issues |= {f.issue for f in analyze_policy_string(single).findings}
    # a key policy names its own key as "*" (kms.py); parliament flags that on any policy
    assert issues <= {"RESOURCE_STAR"}


def test_the_library_returns_the_account_folder_too() -> None:
    from compiler import compile_source
    from compiler.targets import ACCOUNT_FOLDER

    text = GUARDRAIL + '\nalarms for "bot":\n  alarm when throttles above 1\n'
    result = compile_source(text, targets=["monitoring"])
    assert list(result.artefacts) == [ACCOUNT_FOLDER]
    assert list(result.artefacts[ACCOUNT_FOLDER]) == ["111122223333-us-east-1/cloudformation.json"]
