"""The closed registry of diagnostic codes. Codes are never renumbered or reused.

E0xx syntax · E1xx names and modules · E2xx semantics · E3xx target limits (Bedrock, IAM) ·
W… warnings · E9xx internal errors. `guardc explain CODE` prints the title and explanation.
Each section is owned by one stage; add new codes at the end of their section.
"""

from __future__ import annotations

from typing import NamedTuple


class Code(NamedTuple):
    """A registered code: a short title and a paragraph that explains it and how to fix it."""

    title: str
    explanation: str


CODES: dict[str, Code] = {
    # ── E0xx syntax (parse.py, lower.py) ─────────────────────────────────────────────────────
    "E001": Code(
        "syntax error",
        "The parser met a token it did not expect here. The message names what it found and "
        "what the language allows at that point.",
    ),
    "E002": Code(
        "tab in indentation",
        "Blocks are made by indentation with spaces, like Python. A tab's width is ambiguous, so "
        "it is rejected. Replace the tab with spaces (`guardc fmt` uses two per level).",
    ),
    "E003": Code(
        "file is not valid UTF-8",
        "`.guard` files are UTF-8. The byte at the position shown cannot be decoded. Re-save the "
        "file as UTF-8.",
    ),
    "E004": Code(
        "unterminated string",
        'A string starts with `"` and must end with `"` on the same line. Inside a string only '
        '`\\"` and `\\\\` are escapes; every other backslash stays as written.',
    ),
    "E005": Code(
        "bad indentation",
        "A line is indented to a level that does not match any open block, or a block was "
        "expected after a line ending in `:` and none followed.",
    ),
    "E006": Code(
        "unexpected end of file",
        "The file ends in the middle of a statement or right after a line that opens a block.",
    ),
    "E007": Code(
        "unknown statement",
        "The line does not start with a statement the language knows in this place. Guardrail "
        "statements begin with `description`, `encrypt`, `tag`, `tier`, `cross region`, "
        "`on blocked`, `deny`, `filter`, `detect`, `block`, `mask`, `require`, `check` or "
        "`access:`; top-level items with `use`, `topic`, `words`, `pii group`, `pattern`, "
        "`guardrail` or `test`.",
    ),
    "E008": Code(
        "missing string",
        'A name, text or pattern must be written in double quotes: `deny topic "Gambling"`.',
    ),
    "E009": Code(
        "bad number",
        "A number is written like `0.85` or `1`.",
    ),
    # ── E1xx names and modules (resolve.py) ──────────────────────────────────────────────────
    "E101": Code(
        "unknown module",
        '`use stdlib.X` names a module shipped with guardc; `use "path.guard"` names a file '
        "relative to the file that says it. Neither was found.",
    ),
    "E102": Code(
        "import cycle",
        "Modules import each other in a cycle. The message shows the cycle; move the shared "
        "definitions into a module both can use.",
    ),
    "E103": Code(
        "duplicate definition",
        "Two visible definitions of the same kind have the same name (in one file or through "
        "`use`). Names must be unique per kind; rename or remove one.",
    ),
    "E104": Code(
        "unknown topic",
        '`deny topic "X"` refers to a topic that no visible `topic` definition names. Define '
        "it, write it inline with a `:` block, or `use` the module that defines it.",
    ),
    "E105": Code(
        "unknown word list",
        '`block words from "X"` refers to a `words` definition that is not visible.',
    ),
    "E106": Code(
        "unknown pii group",
        '`block pii group "X"` refers to a `pii group` definition that is not visible.',
    ),
    "E107": Code(
        "unknown pattern",
        '`block pattern "X"` refers to a `pattern` definition that is not visible; define it or '
        'write it inline with `matching "..."`.',
    ),
    "E108": Code(
        "unknown guardrail",
        "An `extends` clause or a `test ... for` names a guardrail that is not visible.",
    ),
    "E109": Code(
        "inheritance cycle",
        "Guardrails extend each other in a cycle. The message shows the cycle.",
    ),
    "E110": Code(
        "duplicate guardrail",
        "Two guardrails have the same name. Guardrail names become Bedrock names and folder "
        "names of the compiled output, so they must be unique across everything compiled.",
    ),
    # ── E2xx semantics (lower.py, validate.py) ───────────────────────────────────────────────
    "E201": Code(
        "unknown content filter",
        "Content filters are `hate`, `insults`, `sexual content`, `violence`, `misconduct` and "
        "`prompt attacks` (or the Bedrock names HATE, INSULTS, SEXUAL, VIOLENCE, MISCONDUCT, "
        "PROMPT_ATTACK).",
    ),
    "E202": Code(
        "unknown strength",
        "Filter strengths are `none`, `low`, `medium` and `high`.",
    ),
    "E203": Code(
        "unknown PII entity",
        "Each Bedrock PII entity type has one English phrase (`credit card numbers`, "
        "`us social security numbers`, ...) and its uppercase Bedrock name is accepted too. "
        "`guardc explain E203` lists them all; the hint names the nearest one.",
    ),
    "E204": Code(
        "mask on something that cannot be masked",
        "`mask` (Bedrock's ANONYMIZE) exists only for PII entities and patterns. Topics, "
        "content filters, words and profanity can be blocked or detected, not masked.",
    ),
    "E205": Code(
        "prompt attacks on output",
        "Bedrock evaluates prompt attacks on user input only and rejects any output strength "
        "other than NONE. Drop the `on output` clause: `filter prompt attacks at high`.",
    ),
    "E206": Code(
        "duplicate statement",
        "Two statements in one guardrail configure the same thing (the same topic, filter, "
        "entity, word, pattern, or a single-valued setting such as `tier`). Keep one; in a "
        "child guardrail a statement replaces the inherited one, which is not an error.",
    ),
    "E207": Code(
        "filter without strength",
        "A content filter needs a strength: `filter hate at high`.",
    ),
    "E208": Code(
        "threshold out of range",
        "Contextual grounding and relevance thresholds are between 0 and 0.99 (Bedrock rejects "
        "1); automated-reasoning confidence is between 0 and 1.",
    ),
    "E209": Code(
        "standard tier without cross region profile",
        "The standard tier runs on cross-Region inference, so Bedrock requires a guardrail "
        'profile: add `cross region profile "us.guardrail.v1:0"` (or the profile for your '
        "geography).",
    ),
    "E210": Code(
        "bad regular expression",
        "The pattern does not compile, or uses a construct Bedrock does not support "
        "(lookahead, lookbehind, backreferences, inline flags, possessive or atomic groups).",
    ),
    "E211": Code(
        "pattern can backtrack catastrophically",
        "The pattern nests unbounded repetition (like `(a+)+` or `(a|a)*`), which can take "
        "exponential time on some inputs. Rewrite it so no repeated part can match the same "
        "text in more than one way.",
    ),
    "E212": Code(
        "bad KMS key",
        "`encrypt with key` takes a key id (UUID), a key ARN, an alias (`alias/name`) or an "
        "alias ARN.",
    ),
    "E213": Code(
        "bad cross region profile",
        "A guardrail profile is an id like `us.guardrail.v1:0` or its ARN "
        "`arn:aws:bedrock:REGION:ACCOUNT:guardrail-profile/us.guardrail.v1:0`.",
    ),
    "E214": Code(
        "bad ARN",
        "The text is not an ARN of the kind expected here (an IAM role or user, an automated "
        "reasoning policy, a guardrail). The hint shows the expected form.",
    ),
    "E215": Code(
        "bad tag",
        "Tag keys are 1–128 and values 0–256 characters of letters, digits, spaces and "
        "`_.:/=+@-`; at most 200 tags; keys are unique.",
    ),
    "E216": Code(
        "bad name",
        "Guardrail names are 1–50 characters of letters, digits, `-` and `_` (no spaces); "
        "topic names 1–100 of letters, digits, spaces and `-_!?.`; pattern names 1–100.",
    ),
    "E217": Code(
        "unknown guardrail in test",
        'A `test ... for "X"` block names a guardrail that is not among the sources given.',
    ),
    "E218": Code(
        "bad account, region or partition",
        "An AWS account is 12 digits; a region looks like `us-east-1`; a partition is `aws`, "
        "`aws-cn` or `aws-us-gov`.",
    ),
    "E219": Code(
        "expectation does not fit the guardrail",
        "A test expectation names a rule the guardrail does not have, or asks for masking on a "
        "rule that cannot mask. The test could never pass; fix the expectation or the guardrail.",
    ),
    "E220": Code(
        "empty guardrail",
        "A guardrail without any topic, filter, word, PII, pattern, grounding or automated "
        "reasoning rule would be rejected by Bedrock (it needs at least one policy).",
    ),
    # ── E3xx target limits (validate.py: Bedrock's model and quotas) ─────────────────────────
    "E301": Code(
        "text too long",
        "A text is longer than Bedrock accepts: descriptions 200, blocked messages 500, topic "
        "definitions 200 (classic tier) or 1,000 (standard tier), topic examples 100, words "
        "100, regexes 500, pattern descriptions 1,000 characters.",
    ),
    "E302": Code(
        "too many items",
        "A guardrail has more of something than Bedrock accepts: 30 topics, 5 examples per "
        "topic, 10,000 words, 30 patterns (10 in older regions), 2 automated-reasoning "
        "policies, 200 tags.",
    ),
    "E303": Code(
        "empty text",
        "Bedrock rejects empty strings wherever it takes text (minimum length 1). Leave the "
        "statement out instead.",
    ),
    "E304": Code(
        "value does not match Bedrock's pattern",
        "The value breaks the pattern Bedrock's service model gives for that field; the hint "
        "shows the allowed characters.",
    ),
    # ── warnings ─────────────────────────────────────────────────────────────────────────────
    "W201": Code(
        "rule has no effect",
        "The statement configures a side that is disabled, a filter at strength `none`, or "
        "something the guardrail already has, so it changes nothing.",
    ),
    "W202": Code(
        "more than 10 patterns",
        "Bedrock's model allows 30 regexes per guardrail, but the published quota in some "
        "regions is still 10. Deploying to such a region will fail.",
    ),
    "W203": Code(
        "duplicate word",
        "Bedrock matches words case-insensitively; the same word listed twice (in any case) is "
        "kept once.",
    ),
    "W204": Code(
        "guardrail has no test",
        "No `test` block exercises this guardrail. `guardc test` cannot tell you when a change "
        "breaks it.",
    ),
    # ── E9xx internal errors ─────────────────────────────────────────────────────────────────
    "E901": Code(
        "internal error",
        "guardc produced something it should not have (for example a payload its own strict "
        "check rejects). This is a bug in guardc, not in your sources; please report it with "
        "the input that caused it.",
    ),
}
