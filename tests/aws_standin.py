"""A stand-in for Bedrock's guardrail control plane: a real HTTP server on 127.0.0.1.

moto implements none of the guardrail operations, and a hand-written fake client would test
nothing of what botocore does on the wire. So the tests point the real boto3 client at this
server through `AWS_ENDPOINT_URL_BEDROCK`; botocore signs, serialises and retries as it would
against AWS, and this server answers.

It stays tied to botocore's service model rather than to hand-typed routes: each request is
matched to an operation by the model's `http.method` and `http.requestUri`, its members are read
from the URI, query string and JSON body as the model's `location` traits say, and the parsed
input goes through botocore's own parameter validation plus the project's strict check
(`compiler.aws.bedrock_model.check_payload`) for the guardrail writes. Responses are validated
against the operation's output shape before they are sent, so a response the real service could
not give fails the test instead of passing it.

AWS Organizations (for `enforce in organization`; moto's backend refuses BEDROCK_POLICY) is
`organizations`, tests/aws_standin_orgs.py.

The model-driven wire work (routes, member locations, names, timestamps, GetGuardrail's response
names) is in tests/aws_standin_wire.py. State is in memory. What the tests need besides the
documented behaviour:
- `calls`: every operation with its parsed parameters (DeleteGuardrail too, which is recorded and
  refused, so a test can assert it was never called);
- `throttle(n)`: the next n calls get ThrottlingException (HTTP 429);
- `deny(operation)`: calls to it get AccessDeniedException naming the action, as IAM words it;
- `console_edit(name, change)` / `console_tag(...)` / `console_logging(region, change)`: drift,
  as someone editing in the console;
- `logging`: the model invocation logging configuration of each Region, as Put stored it
  (Put is strict-checked like the guardrail writes; Delete is refused);
- `on_stored`: a hook run after a write is stored and before its response is sent (the
  interrupted-apply test kills the client there).

Assumptions where AWS documents nothing (bedrock-contract.md §1.5 says order is undocumented):
GetGuardrail returns lists in reverse order and fills the defaults a request may leave out (tier
CLASSIC, TEXT modalities), so the deploy code must compare as sets and normalise defaults.
"""

from __future__ import annotations

import base64
import copy
import datetime
import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from aws_standin_orgs import TARGET_PREFIX as ORGANIZATIONS_TARGET
from aws_standin_orgs import Organizations
from aws_standin_wire import (
    ACCOUNT,
    CONFIG_MEMBERS,
    as_response,
    convert,
    from_json,
    key_arn,
    model,
    route,
    signed_region,
    to_json,
)
from botocore.exceptions import ParamValidationError
from botocore.validate import validate_parameters

from compiler.aws.bedrock_model import check_payload

OPERATIONS = (
    "CreateGuardrail",
    "UpdateGuardrail",
    "GetGuardrail",
    "ListGuardrails",
    "CreateGuardrailVersion",
    "DeleteGuardrail",
    "TagResource",
    "UntagResource",
    "ListTagsForResource",
    "PutEnforcedGuardrailConfiguration",
    "ListEnforcedGuardrailsConfiguration",
    "DeleteEnforcedGuardrailConfiguration",
    "PutResourcePolicy",
    "GetResourcePolicy",
    "DeleteResourcePolicy",
    "GetModelInvocationLoggingConfiguration",
    "PutModelInvocationLoggingConfiguration",
    "DeleteModelInvocationLoggingConfiguration",
)


class ServiceError(Exception):
    """An error response: the model's exception shape name, HTTP status from the model."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Call:
    operation: str
    params: dict[str, Any]


@dataclass
class Record:
    """One guardrail: the DRAFT in request form, its numbered versions, its tags."""

    id: str
    arn: str
    draft: dict[str, Any]
    created: datetime.datetime
    updated: datetime.datetime
    versions: list[dict[str, Any]] = field(default_factory=list)
    tags: dict[str, str] = field(default_factory=dict)
    busy_reads: int = 0


class StandIn:
    """The server and its state. Use `running()` (or the `standin` fixture)."""

    def __init__(self, page_size: int = 2, fill_defaults: bool = True) -> None:
        self.model = model()
        self.routes = [
            (
                self.model.operation_model(op),
                route(self.model.operation_model(op).http["requestUri"]),
            )
            for op in OPERATIONS
        ]
        self.page_size = page_size
        self.fill_defaults = fill_defaults
        self.records: dict[str, Record] = {}
        self.logging: dict[str, dict[str, Any]] = {}  # Region → the stored loggingConfig
        self.calls: list[Call] = []
        self.tokens: dict[tuple[str, str], dict[str, Any]] = {}
        self.throttled = 0
        self.denied: set[str] = set()
        self.settle_reads = 0
        # account enforcement by configId, resource policies by resource ARN (as sent)
        self.enforced: dict[str, dict[str, Any]] = {}
        self.resource_policies: dict[str, str] = {}
        self.on_stored: Callable[[str, dict[str, Any]], None] | None = None
        self._next_id = 0
        # STS and KMS, as far as guardc asks them: who the caller is (GetCallerIdentity) and
        # which key an alias names (DescribeKey); see `side_service`. The account is also
        # the one in the ARN of each guardrail created while it is set, as with real credentials
        self.account = ACCOUNT
        self.identity_calls = 0
        self.aliases: dict[str, str] = {}
        self.describe_key_calls: list[str] = []
        # AWS Organizations (`enforce in organization`): tests/aws_standin_orgs.py
        self.organizations = Organizations(ACCOUNT)
        self._lock = threading.RLock()
        self._server: ThreadingHTTPServer | None = None

    # ── test controls ─────────────────────────────────────────────────────────────────────

    @property
    def url(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def throttle(self, n: int) -> None:
        """The next `n` calls fail with ThrottlingException."""
        with self._lock:
            self.throttled = n

    def deny(self, operation: str) -> None:
        """Calls to `operation` fail with AccessDeniedException."""
        self.denied.add(operation)

    def operations(self) -> list[str]:
        """The operations called so far, in order."""
        return [c.operation for c in self.calls]

    def writes(self) -> list[str]:
        """The calls that changed (or would have changed) state."""
        reads = {
            "GetGuardrail",
            "ListGuardrails",
            "ListTagsForResource",
            "ListEnforcedGuardrailsConfiguration",
            "GetResourcePolicy",
            "GetModelInvocationLoggingConfiguration",
        }
        return [op for op in self.operations() if op not in reads]

    def by_name(self, name: str) -> Record:
        (found,) = [r for r in self.records.values() if r.draft["name"] == name]
        return found

    def console_edit(self, name: str, change: Callable[[dict[str, Any]], None]) -> None:
        """Edit the DRAFT of guardrail `name` in place, as someone in the console would."""
        with self._lock:
            record = self.by_name(name)
            change(record.draft)
            record.updated = self._now()

    def forget(self, name: str) -> None:
        """Delete guardrail `name` outside guardc (the API's DeleteGuardrail is refused)."""
        with self._lock:
            del self.records[self.by_name(name).id]

    def console_tag(self, name: str, key: str, value: str | None) -> None:
        """Set (or with None remove) a tag on guardrail `name` outside guardc."""
        with self._lock:
            tags = self.by_name(name).tags
            if value is None:
                tags.pop(key, None)
            else:
                tags[key] = value

    def console_logging(self, region: str, change: Callable[[dict[str, Any]], None]) -> None:
        """Edit the logging configuration of `region` in place, as someone in the console
        would (drift)."""
        with self._lock:
            change(self.logging.setdefault(region, {}))

    # ── the server ────────────────────────────────────────────────────────────────────────

    def start(self) -> None:
        standin = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                side = standin.side_service(dict(self.headers.items()), body)
                if side is not None:
                    status, kind, data = side
                    self.send_response(status)
                    self.send_header("Content-Type", kind)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                    return
                status, payload = standin.handle(
                    self.command, self.path, dict(self.headers.items()), body
                )
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                if status >= 400:
                    self.send_header("x-amzn-ErrorType", payload["__type"])
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_DELETE = _serve  # noqa: N815 (http.server's names)

            def log_message(self, format: str, *args: Any) -> None:
                return

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def side_service(self, headers: dict[str, str], body: bytes) -> tuple[int, str, bytes] | None:
        """STS GetCallerIdentity (query protocol, XML), KMS DescribeKey and AWS Organizations
        (JSON protocol), the calls guardc makes besides Bedrock's; None for a Bedrock
        request."""
        target = next((v for k, v in headers.items() if k.lower() == "x-amz-target"), "")
        if target.startswith(ORGANIZATIONS_TARGET):
            with self._lock:
                status, answer = self.organizations.answer(target, body)
            return status, "application/x-amz-json-1.1", answer
        if target == "TrentService.DescribeKey":
            key = str(json.loads(body or b"{}").get("KeyId", ""))
            with self._lock:
                self.describe_key_calls.append(key)
            if "DescribeKey" in self.denied:
                data = {
                    "__type": "AccessDeniedException",
                    "message": "not authorized: kms:DescribeKey",
                }
                return 400, "application/x-amz-json-1.1", json.dumps(data).encode()
            alias = "alias/" + key.split(":alias/", 1)[1] if ":alias/" in key else key
            # an alias resolves as GetGuardrail resolves it, unless a test re-pointed it
            arn = self.aliases.get(alias) or key_arn(alias, signed_region(headers))
            meta = {"KeyId": arn.rsplit("/", 1)[-1], "Arn": arn, "AWSAccountId": self.account}
            return 200, "application/x-amz-json-1.1", json.dumps({"KeyMetadata": meta}).encode()
        if b"Action=GetCallerIdentity" in body:
            with self._lock:
                self.identity_calls += 1
            xml = (
                '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">'
                "<GetCallerIdentityResult>"
                f"<Arn>arn:aws:sts::{self.account}:assumed-role/ci/session</Arn>"
                "<UserId>AROASTANDIN:session</UserId>"
                f"<Account>{self.account}</Account>"
                "</GetCallerIdentityResult>"
                "<ResponseMetadata><RequestId>standin</RequestId></ResponseMetadata>"
                "</GetCallerIdentityResponse>"
            )
            return 200, "text/xml", xml.encode()
        return None

    def handle(
        self, method: str, target: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, dict[str, Any]]:
        """Route, parse, validate and answer one request: (status, JSON body)."""
        url = urlsplit(target)
        for op, pattern in self.routes:
            match = pattern.match(url.path)
            if op.http["method"] == method and match:
                break
        else:
            return 404, {"__type": "UnknownOperationException", "message": target}
        try:
            params = self._parse(op, match.groupdict(), url.query, body)
            with self._lock:
                self.calls.append(Call(op.name, copy.deepcopy(params)))
                if self.throttled:
                    self.throttled -= 1
                    raise ServiceError("ThrottlingException", "Rate exceeded")
                if op.name in self.denied:
                    raise ServiceError(
                        "AccessDeniedException",
                        f"User: arn:aws:sts::{ACCOUNT}:assumed-role/ci/session is not "
                        f"authorized to perform: bedrock:{op.name} on resource: "
                        f"arn:aws:bedrock:{signed_region(headers)}:{ACCOUNT}:guardrail/*",
                    )
                self._validate(op, params)
                handler = getattr(self, f"_{op.name}")
                result: dict[str, Any] = handler(params, signed_region(headers))
            validate_parameters(result, op.output_shape)
            return int(op.http.get("responseCode", 200)), to_json(op.output_shape, result)
        except ServiceError as exc:
            status = self.model.shape_for(exc.code).metadata["error"]["httpStatusCode"]
            return status, {"__type": exc.code, "message": exc.message}

    def _parse(self, op: Any, labels: dict[str, str], query: str, body: bytes) -> dict[str, Any]:
        shape = op.input_shape
        params: dict[str, Any] = from_json(shape, json.loads(body)) if body else {}
        if not isinstance(params, dict):
            raise ServiceError("ValidationException", "the body is not a JSON object")
        qs = parse_qs(query)
        for name, member in shape.members.items():
            where = member.serialization.get("location")
            wire = member.serialization.get("name", name)
            if where == "uri":
                params[name] = convert(member, unquote(labels[wire]))
            elif where == "querystring" and wire in qs:
                params[name] = convert(member, qs[wire][0])
        return params

    def _validate(self, op: Any, params: dict[str, Any]) -> None:
        try:
            validate_parameters(params, op.input_shape)
        except ParamValidationError as exc:
            raise ServiceError("ValidationException", str(exc)) from None
        if op.name in (
            "CreateGuardrail",
            "UpdateGuardrail",
            "CreateGuardrailVersion",
            "PutEnforcedGuardrailConfiguration",
            "PutResourcePolicy",
            "PutModelInvocationLoggingConfiguration",
        ):
            problems = check_payload(params, op.name)
            if problems:
                text = "; ".join(f"{p.path}: {p.message}" for p in problems)
                raise ServiceError("ValidationException", text)

    # ── state ─────────────────────────────────────────────────────────────────────────────

    @staticmethod
    def _now() -> datetime.datetime:
        return datetime.datetime.now(datetime.UTC)

    def _find(self, identifier: str) -> Record:
        gid = (
            identifier.rsplit("guardrail/", 1)[-1] if identifier.startswith("arn:") else identifier
        )
        if gid not in self.records:
            raise ServiceError("ResourceNotFoundException", f"guardrail {identifier} not found")
        return self.records[gid]

    def _find_arn(self, arn: str) -> Record:
        for record in self.records.values():
            if record.arn == arn:
                return record
        raise ServiceError("ResourceNotFoundException", f"resource {arn} not found")

    def _name_taken(self, name: str, other_than: str | None = None) -> None:
        for record in self.records.values():
            if record.draft["name"] == name and record.id != other_than:
                raise ServiceError("ConflictException", f"a guardrail named {name} already exists")

    def _stored(self, operation: str, result: dict[str, Any]) -> None:
        if self.on_stored is not None:
            self.on_stored(operation, result)

    def _CreateGuardrail(self, params: dict[str, Any], region: str) -> dict[str, Any]:
        token = params.get("clientRequestToken")
        replay = self.tokens.get(("create", token)) if token else None
        if replay is not None and replay["guardrailId"] in self.records:
            return replay
        self._name_taken(params["name"])
        self._next_id += 1
        gid = f"gr{self._next_id:010d}"
        now = self._now()
        record = Record(
            id=gid,
            arn=f"arn:aws:bedrock:{region}:{self.account}:guardrail/{gid}",
            draft={k: copy.deepcopy(v) for k, v in params.items() if k in CONFIG_MEMBERS},
            created=now,
            updated=now,
            tags={t["key"]: t["value"] for t in params.get("tags", [])},
            busy_reads=self.settle_reads,
        )
        self.records[gid] = record
        result = {
            "guardrailId": gid,
            "guardrailArn": record.arn,
            "version": "DRAFT",
            "createdAt": now,
        }
        if token:
            self.tokens["create", token] = result
        self._stored("CreateGuardrail", result)
        return result

    def _UpdateGuardrail(self, params: dict[str, Any], region: str) -> dict[str, Any]:
        record = self._find(params["guardrailIdentifier"])
        self._name_taken(params["name"], other_than=record.id)
        record.draft = {k: copy.deepcopy(v) for k, v in params.items() if k in CONFIG_MEMBERS}
        record.updated = self._now()
        record.busy_reads = self.settle_reads
        result = {
            "guardrailId": record.id,
            "guardrailArn": record.arn,
            "version": "DRAFT",
            "updatedAt": record.updated,
        }
        self._stored("UpdateGuardrail", result)
        return result

    def _CreateGuardrailVersion(self, params: dict[str, Any], region: str) -> dict[str, Any]:
        record = self._find(params["guardrailIdentifier"])
        token = params.get("clientRequestToken")
        if token and ("version", token) in self.tokens:
            return self.tokens["version", token]
        record.versions.append(copy.deepcopy(record.draft))
        result = {"guardrailId": record.id, "version": str(len(record.versions))}
        if token:
            self.tokens["version", token] = result
        self._stored("CreateGuardrailVersion", result)
        return result

    def _DeleteGuardrail(self, params: dict[str, Any], region: str) -> dict[str, Any]:
        raise ServiceError("AccessDeniedException", "the stand-in never deletes (test guard)")

    def _GetGuardrail(self, params: dict[str, Any], region: str) -> dict[str, Any]:
        record = self._find(params["guardrailIdentifier"])
        version = params.get("guardrailVersion", "DRAFT")
        if version == "DRAFT":
            config = record.draft
        elif version.isdigit() and 1 <= int(version) <= len(record.versions):
            config = record.versions[int(version) - 1]
        else:
            raise ServiceError("ResourceNotFoundException", f"no version {version}")
        status = "READY"
        if record.busy_reads:
            record.busy_reads -= 1
            status = "UPDATING"
        out: dict[str, Any] = {
            "guardrailId": record.id,
            "guardrailArn": record.arn,
            "version": version,
            "status": status,
            "createdAt": record.created,
            "updatedAt": record.updated,
        }
        out.update(as_response(config, region, self.fill_defaults))
        return out

    def _ListGuardrails(self, params: dict[str, Any], region: str) -> dict[str, Any]:
        summaries: list[dict[str, Any]] = []
        if "guardrailIdentifier" in params:
            record = self._find(params["guardrailIdentifier"])
            drafts = [("DRAFT", record.draft)] + [
                (str(i), v) for i, v in enumerate(record.versions, start=1)
            ]
            summaries = [_summary(record, version, c) for version, c in drafts]
        else:
            summaries = [_summary(r, "DRAFT", r.draft) for r in self.records.values()]
        start = int(base64.b64decode(params["nextToken"])) if "nextToken" in params else 0
        size = min(params.get("maxResults", 1000), self.page_size)
        out: dict[str, Any] = {"guardrails": summaries[start : start + size]}
        if start + size < len(summaries):
            out["nextToken"] = base64.b64encode(str(start + size).encode()).decode()
        return out

    def _TagResource(self, params: dict[str, Any], region: str) -> dict[str, Any]:
        record = self._find_arn(params["resourceARN"])
        record.tags.update({t["key"]: t["value"] for t in params["tags"]})
        return {}

    def _UntagResource(self, params: dict[str, Any], region: str) -> dict[str, Any]:
        record = self._find_arn(params["resourceARN"])
        for key in params["tagKeys"]:
            record.tags.pop(key, None)
        return {}

    # model invocation logging: one configuration per Region (and account), PUT semantics

    def _GetModelInvocationLoggingConfiguration(
        self, params: dict[str, Any], region: str
    ) -> dict[str, Any]:
        stored = self.logging.get(region)
        return {"loggingConfig": copy.deepcopy(stored)} if stored else {}

    def _PutModelInvocationLoggingConfiguration(
        self, params: dict[str, Any], region: str
    ) -> dict[str, Any]:
        self.logging[region] = copy.deepcopy(params["loggingConfig"])
        self._stored("PutModelInvocationLoggingConfiguration", {})
        return {}

    def _DeleteModelInvocationLoggingConfiguration(
        self, params: dict[str, Any], region: str
    ) -> dict[str, Any]:
        raise ServiceError("AccessDeniedException", "the stand-in never deletes (test guard)")

    def _ListTagsForResource(self, params: dict[str, Any], region: str) -> dict[str, Any]:
        record = self._find_arn(params["resourceARN"])
        return {"tags": [{"key": k, "value": v} for k, v in reversed(record.tags.items())]}

    # ── enforcement and sharing ───────────────────────────────────────────────────────────

    def _PutEnforcedGuardrailConfiguration(
        self, params: dict[str, Any], region: str
    ) -> dict[str, Any]:
        config = params["guardrailInferenceConfig"]
        record = self._find(config["guardrailIdentifier"])
        if int(config["guardrailVersion"]) > len(record.versions):
            raise ServiceError("ValidationException", "the guardrail version does not exist")
        config_id = params.get("configId")
        if config_id is not None and config_id not in self.enforced:
            raise ServiceError("ResourceNotFoundException", f"no configuration {config_id}")
        if config_id is None:
            self._next_id += 1
            config_id = f"cfg{self._next_id:06d}"
        now = self._now()
        stored = {k: copy.deepcopy(v) for k, v in config.items() if k != "guardrailIdentifier"}
        stored.update(
            configId=config_id,
            guardrailArn=record.arn,
            guardrailId=record.id,
            owner="ACCOUNT",
            createdAt=self.enforced.get(config_id, {}).get("createdAt", now),
            updatedAt=now,
            updatedBy=f"arn:aws:iam::{ACCOUNT}:role/ci",
        )
        self.enforced[config_id] = stored
        return {"configId": config_id, "updatedAt": now, "updatedBy": stored["updatedBy"]}

    def _ListEnforcedGuardrailsConfiguration(
        self, params: dict[str, Any], region: str
    ) -> dict[str, Any]:
        # the model allows one configuration per page: the client must follow nextToken
        items = list(self.enforced.values())
        start = int(base64.b64decode(params["nextToken"])) if "nextToken" in params else 0
        out: dict[str, Any] = {"guardrailsConfig": items[start : start + 1]}
        if start + 1 < len(items):
            out["nextToken"] = base64.b64encode(str(start + 1).encode()).decode()
        return out

    def _DeleteEnforcedGuardrailConfiguration(
        self, params: dict[str, Any], region: str
    ) -> dict[str, Any]:
        config_id = params["configId"]
        if self.enforced.pop(config_id, None) is None:
            raise ServiceError("ResourceNotFoundException", f"no configuration {config_id}")
        return {}

    def _PutResourcePolicy(self, params: dict[str, Any], region: str) -> dict[str, Any]:
        arn = params["resourceArn"]
        if ":guardrail/" in arn:
            self._find_arn(arn)
        elif ":guardrail-profile/" not in arn:
            raise ServiceError("ValidationException", f"{arn} takes no resource policy")
        json.loads(params["resourcePolicy"])  # a policy that is not JSON is refused
        self.resource_policies[arn] = params["resourcePolicy"]
        return {"resourceArn": arn}

    def _GetResourcePolicy(self, params: dict[str, Any], region: str) -> dict[str, Any]:
        arn = params["resourceArn"]
        if arn not in self.resource_policies:
            raise ServiceError("ResourceNotFoundException", f"no resource policy on {arn}")
        return {"resourcePolicy": self.resource_policies[arn]}

    def _DeleteResourcePolicy(self, params: dict[str, Any], region: str) -> dict[str, Any]:
        if self.resource_policies.pop(params["resourceArn"], None) is None:
            raise ServiceError("ResourceNotFoundException", "no resource policy")
        return {}


def _summary(record: Record, version: str, config: dict[str, Any]) -> dict[str, Any]:
    out = {
        "id": record.id,
        "arn": record.arn,
        "status": "READY",
        "name": config["name"],
        "version": version,
        "createdAt": record.created,
        "updatedAt": record.updated,
    }
    if "description" in config:
        out["description"] = config["description"]
    return out


@contextmanager
def running(**options: Any) -> Iterator[StandIn]:
    """A started stand-in, stopped afterwards."""
    standin = StandIn(**options)
    standin.start()
    try:
        yield standin
    finally:
        standin.stop()
