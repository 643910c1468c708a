"""The closed registry of diagnostic codes. Codes are never renumbered or reused.

E0xx syntax · E1xx names and modules · E2xx semantics · E3xx target limits (Bedrock, IAM) ·
W… warnings · E9xx internal errors. `guardc explain CODE` prints the title and explanation.
Each section is owned by one stage; add new codes at the end of their section.
"""

from __future__ import annotations

from typing import NamedTuple


class Code(NamedTuple):
    """A registered code: a short title and a paragraph that explains it and how to fix it.

    A code no longer emitted stays registered with `retired` saying why (so `guardc explain`
    still answers for old reports), and its number is never given to another diagnostic."""

    title: str
    explanation: str
    retired: str = ""


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
        "`on blocked`, `deny`, `filter`, `detect`, `block`, `mask`, `require`, `check`, "
        "`access:` or `enforce in`; top-level items with `use`, `topic`, `words`, `pii group`, "
        "`pattern`, `guardrail`, `test`, `logging:` or `alarms for`.",
    ),
    "E008": Code(
        "missing string",
        'A name, text or pattern must be written in double quotes: `deny topic "Gambling"`.',
    ),
    "E009": Code(
        "bad number",
        "A number is written like `0.85` or `1`. A guardrail version (`pin version N`) is a "
        "whole number from 1 to 99999999, as Bedrock numbers them, or `draft`.",
    ),
    "E010": Code(
        "bad topic definition",
        'A topic block needs exactly one `means "..."` line saying what the topic covers, and '
        'may add up to five `for example "..."` lines.',
    ),
    "E011": Code(
        "clause does not apply",
        "`at STRENGTH` and `including images` are settings of content filters (`filter hate at "
        "high including images`). PII entities, words, topics and patterns are matched, not "
        "scored, so the clause has no meaning on them.",
    ),
    "E012": Code(
        "file is UTF-16",
        "`.guard` files are UTF-8, and this one is UTF-16 (every other byte is zero, or it "
        "starts with a UTF-16 byte-order mark), as some Windows editors save text. Read as "
        "UTF-8 it would be a string of NUL characters, so it is not parsed. Re-save the file "
        "as UTF-8.",
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
    "E111": Code(
        "source outside the project",
        "guardc reads only `.guard` files inside the project root: the nearest folder holding "
        "`guardc.lock.json` or `.git`, else the current folder (`--root DIR` names another). A "
        "`use`, a file in a folder or a symlink led to a path outside it, or to a file that is "
        "not a `.guard` file. The file was not opened, so nothing of it can reach a log; see "
        "docs/security.md. Move the file into the project, or pass `--root`.",
    ),
    "E112": Code(
        "source cannot be read",
        "A `.guard` file or a folder below a path given could not be read (permission denied, "
        "a symlink loop, an I/O error), so the sources were not checked in full. Fix the "
        "permissions or the link, or leave the file out of the paths given.",
    ),
    "E120": Code(
        "unknown parameter",
        'A statement names `parameter "P"` in place of a value, or an environment says '
        '`set "P" = V`, but no `parameter "P" = DEFAULT` is declared (a statement sees the '
        "parameters of its own file and of the files it `use`s). The hint names the nearest "
        "declared parameter. Declare it once, with its default, at the top level.",
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
        "`guardc explain E203` lists them all. The hint names the phrase you most likely meant: "
        "for a Bedrock name in lower case (`phone`), a common abbreviation (`ssn`), a name "
        "from another tool (`US_DRIVER_LICENSE`) or a misspelling.",
    ),
    "E204": Code(
        "mask on something that cannot be masked",
        "`mask` (Bedrock's ANONYMIZE) exists only for PII entities and patterns. Topics, "
        "content filters, words and profanity can be blocked or detected, not masked.",
    ),
    "E205": Code(
        "prompt attacks on output",
        "Bedrock evaluates prompt attacks on user input only and rejects any output strength "
        "other than NONE. Drop the `on output` clause (`filter prompt attacks at high`), or "
        "state what Bedrock requires: `filter prompt attacks at high on input, none on output`.",
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
        "(lookahead, lookbehind, backreferences, inline flags, possessive or atomic groups, "
        "conditional groups, inline comments), or one that other regex dialects read "
        "differently from Python (a `[` inside a character class, `&&` or `||` in a class).",
    ),
    "E211": Code(
        "pattern can backtrack catastrophically",
        "The pattern nests repetition so that one text can be matched in ever more ways, like "
        "`(a+)+`, `(a|a)*` or `(a{1,10}){1,10}b` (whose counted repeats can split 36 `a`s in "
        "millions of ways): a backtracking engine takes exponential time on some inputs. So "
        "does a chain of four or more repeats that can match the same text one after the "
        "other (`(.*a){20}`). Rewrite it so no text can be matched in more than one way, e.g. "
        "`(\\w+\\s?)*` as `\\w+(\\s\\w+)*`. The caret marks the repeat responsible, a label "
        "the other one.",
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
    "E221": Code(
        "automated reasoning without cross region profile",
        "Automated reasoning checks run on cross-Region inference, so a guardrail that uses them "
        'needs a guardrail profile: add `cross region profile "us.guardrail.v1:0"` (or the '
        "profile for your geography).",
    ),
    "E222": Code(
        "model pattern is not a Bedrock model",
        "Each entry of `required for models` goes into the Allow and the Deny of "
        "iam/application.json (and the Deny of iam/enforcement.json). It must be a model id "
        "(`anthropic.claude-*`) or the ARN of a Bedrock model resource: foundation-model, "
        "inference-profile, application-inference-profile, custom-model, custom-model-deployment, "
        "imported-model, provisioned-model or (default-)prompt-router, in the guardrail's "
        "partition. A pattern of another service, of every Bedrock resource or of every "
        "partition (`arn:*`) would allow far more than model calls; one that matches no model "
        "(a foundation-model ARN with an account, a wrong partition) would leave the Deny empty.",
    ),
    # ── E26x logging and monitoring (lower_monitoring.py, checks/monitoring.py) ─────────────
    "E260": Code(
        "logging or alarms given twice",
        "An account and Region has one model invocation logging configuration, so the files "
        "compiled together hold one `logging:` block per account and Region (with several, "
        "each names its `account` and `region`); and a guardrail has one `alarms for` block. "
        "Merge the two into one.",
    ),
    "E261": Code(
        "alarms for an unknown guardrail",
        'An `alarms for "X":` block names a guardrail that is not among the guardrails being '
        "compiled. Alarms watch a guardrail's own metrics, so it must be compiled with them.",
    ),
    "E262": Code(
        "bad S3 bucket name or prefix",
        "S3 bucket names are 3-63 characters of lower-case letters, digits, `.` and `-`, begin "
        "and end with a letter or digit, have no `..`, `.-` or `-.`, are not formatted like an IP "
        "address (`192.168.5.4`), and do not start with `xn--`, `sthree-` or `amzn-s3-demo-` "
        "nor end with `-s3alias`, `--ol-s3` or `--x-s3`. A key prefix is at most 1,024 "
        "characters and should not start with `/`.",
    ),
    "E263": Code(
        "retention CloudWatch Logs does not offer",
        "A log group keeps its events for one of the periods CloudWatch Logs offers: 1, 3, 5, 7, "
        "14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 "
        "or 3653 days. Leave `retained for` out to keep events forever.",
    ),
    "E264": Code(
        "bad SNS topic ARN",
        "Alarms notify Amazon SNS topics, named by ARN: `arn:PARTITION:sns:REGION:ACCOUNT:NAME` "
        "with a topic name of 1-256 letters, digits, `-` and `_` (`.fifo` at the end for FIFO "
        "topics). CloudWatch alarms can only notify a topic in their own partition and Region, "
        "so a topic of another partition or Region (when the block names its Region) is an "
        "error.",
    ),
    "E265": Code(
        "bad alarm",
        "An alarm line reads `alarm when METRIC [on input|output] [by POLICY] above THRESHOLD "
        "[over N minutes]`. METRIC is interventions, invocations, client errors, server errors, "
        "throttles, latency or text units; POLICY (interventions only) is content filters, "
        "topics, words or sensitive information; THRESHOLD is a number, followed by `%` for a "
        "share of the guardrail's invocations (interventions, errors and throttles only) or by "
        "`ms`/`seconds` for latency; the window is a whole number of minutes or hours, at most "
        "one day.",
    ),
    "E266": Code(
        "bad logging block",
        "A `logging:` block delivers to a bucket, a log group or both. Delivery to a log group "
        "needs `delivered by role` (the IAM role Bedrock assumes to write); large data goes to "
        "S3 only beside a log group. The role is an IAM role ARN, the key a KMS key ARN "
        "(CloudWatch Logs takes no alias), the log group name 1-512 characters of letters, "
        "digits and `_-/.#`, and `include` names text, images, embeddings, video or audio.",
    ),
    # ── E3xx target limits (validate.py: Bedrock's model and quotas) ─────────────────────────
    "E230": Code(
        "regex beyond what RE2 accepts",
        "The evaluator runs patterns on RE2, a linear-time engine, which refuses a counted "
        "repeat above 1,000 (`x{1001}`), nested counted repeats whose counts multiply past "
        "1,000 (`(a{100}){11}`), and some syntax Python accepts (`\\Z`, `\\u00e9`). Use a "
        "smaller count, `+` or `*`, or the syntax both accept (`\\z`, the character itself).",
    ),
    "E270": Code(
        "enforcement without account and Region",
        "`enforce in account` and `enforce in organization` name the guardrail by its ARN, which "
        "lives in one account and Region. Add an `access:` block with `account` and `region`.",
    ),
    "E271": Code(
        "enforcement of the DRAFT",
        "Bedrock enforces a published guardrail version only (PutEnforcedGuardrailConfiguration "
        "and the Organizations BEDROCK_POLICY both reject DRAFT). Publish a version with "
        "`guardc apply --publish` and `pin version N`, or leave the pin out to use the newest "
        "published version from guardc.lock.json.",
    ),
    "E272": Code(
        "model id enforcement does not accept",
        "`models` and `except` in `enforce in ...` take Bedrock model ids (`provider.model` with "
        "up to two `:` parts), exactly as PutEnforcedGuardrailConfiguration's model says: no "
        "wildcards and no ARNs. `models all` enforces on every model.",
    ),
    "E273": Code(
        "organization enforcement with automated reasoning",
        "AWS Organizations does not support guardrails with an automated-reasoning policy for "
        "organization-level enforcement (Amazon Bedrock policies, best practices). Remove the "
        "`check automated reasoning policy` line or enforce in the account instead.",
    ),
    "E274": Code(
        "bad account or organization to share with",
        "`shared with account(s)` takes 12-digit account ids other than the guardrail's own; "
        "`shared with organization` takes an organization id such as `o-a1b2c3d4e5`.",
    ),
    "E275": Code(
        "bad organization policy target",
        "`attach to` names where the organization's BEDROCK_POLICY is attached, by the id AWS "
        "Organizations gives it: a root `r-` and 4 to 32 lowercase letters or digits, an "
        "organizational unit `ou-ab12-cd34ef56`, an account 12 digits. The id must also be of "
        "the kind the line says (`attach to organizational unit` takes an `ou-` id).",
    ),
    "E276": Code(
        "`attach to` under account enforcement",
        "Only the organization form is an AWS Organizations policy that is attached to a root, "
        "OU or account; `enforce in account` applies to the account it is put in. Remove the "
        "line or write `enforce in organization`.",
    ),
    "E232": Code(
        "images said for both sides and for one",
        "A content filter reads text, text and images (`including images`) or images only "
        "(`on images only`). Said after the strength it holds for both sides; said inside a "
        "side's clause (`on input including images`, `on output images only`) it holds for that "
        "side. A statement that says it both ways is ambiguous: say it once, in one place.",
    ),
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
        "Retired: never emitted. A value that breaks the pattern Bedrock's service model gives "
        "for its field is reported with that field's own code: E212 (KMS key), E213 (cross "
        "Region profile), E214 (ARNs), E215 (tags), E216 (names).",
        retired="each field's pattern has its own code (E212-E216)",
    ),
    "E240": Code(
        "parameter of the wrong type",
        "A parameter's value is a string where a number is needed (a grounding or relevance "
        "threshold, an automated-reasoning confidence, a log group's retention), or a number "
        "where a string is needed "
        "(everything else), or an environment sets a parameter to a value of another type than "
        "its default. The label shows where the parameter is declared.",
    ),
    "E241": Code(
        "environment contradicts the guardrail or logging block",
        "An environment fills in what a guardrail leaves unsaid (the account and Region of its "
        "`access:` block, its KMS key, its tags), and the account and Region a `logging:` block "
        "leaves unsaid, and never overrides them silently. Here the source says one value and "
        "the environment another: an `access:` or `logging:` block naming another account or "
        "Region, another key, or the same tag key with another value. Make the source's value "
        'a `parameter "..."` the environment sets, or remove one of the two.',
    ),
    "E242": Code(
        "parameter where a written value is needed",
        'Retired: never emitted. It refused `parameter "P"` in the lines of `logging:` and '
        "then in the `notify` line of `alarms for`; both blocks now take parameters for their "
        'places, topics, retention and thresholds (docs/language.md, "Environments and '
        "parameters\"), checked with E120 and E240 like a guardrail's.",
        retired="`logging:` and `alarms for` take parameters (E120, E240 check them)",
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
    "W205": Code(
        "no access block: IAM and KMS output skipped",
        "`guardc compile` with `--target all` writes IAM policies and a KMS key policy only for "
        "guardrails that say who deploys and applies them in an `access:` block. This guardrail "
        "has none, so those files were not written. Add an `access:` block, or ignore this "
        "warning if permissions are managed elsewhere. Asking for `--target iam` explicitly for "
        "such a guardrail is an error.",
    ),
    "W206": Code(
        "hidden character in text",
        "A string or comment holds a character that does not show as itself: a C0 or C1 "
        "control (NUL, ESC, BEL, DEL, a carriage return that is not part of a CRLF line end); a "
        "format character (zero-width space, a joiner between ASCII letters, word joiner, soft "
        "hyphen, bidi marks, embeddings, overrides and isolates, tag characters, a byte-order "
        "mark inside the file); a line or paragraph separator; a Hangul filler; a private-use "
        "character. The file then says something other than what an editor, a diff or a review "
        "shows: `ze\\u{200b}us` reads as `zeus` and is another word to Bedrock, a right-to-left "
        "override reorders the text after it, an escape sequence drives the terminal that "
        "prints it. Bedrock's service model gives descriptions, blocked messages, topic "
        "definitions and examples, words and regex descriptions lengths but no pattern, so "
        "Bedrock would take them as written: this is a warning, not an error. Strings have no "
        "escape for these characters: delete them. Tabs and line breaks are allowed.",
    ),
    "W211": Code(
        "pattern can backtrack slowly",
        "Two or three repeats can match the same text one after the other, like `\\s*:?\\s*` "
        "(a text of spaces can be split between the two `\\s*` in n ways), or counted repeats "
        "can split one text in more than 100 ways: a backtracking engine then takes polynomial "
        "time to reject some texts. Bedrock accepts such patterns, and the evaluator runs them "
        "in linear time, so this is a warning; the hint gives a rewrite with one way to match "
        "each text, e.g. `\\s*(?::\\s*)?`.",
    ),
    "W240": Code(
        "organization enforcement without sharing",
        "With `enforce in organization`, member accounts apply a guardrail that lives in the "
        "management account; AWS requires a resource-based policy on it that lets them. Add "
        '`shared with organization "o-..."` to the `access:` block (guardc then writes that '
        "policy), or make sure it is managed elsewhere.",
    ),
    "W241": Code(
        "automated-reasoning policy without a version",
        "AWS's examples attach automated-reasoning policies as immutable versions "
        "(`automated-reasoning-policy/ID:VERSION`). An unversioned ARN follows whatever the policy "
        "becomes, and IAM grants on it do not cover its versions. Name the version.",
    ),
    "W242": Code(
        "classic tier with a cross region profile",
        "Amazon Bedrock's safeguard tiers page (guardrails-tiers.html) lists cross-Region "
        "inference as not supported in the classic tier: the profile does not distribute the "
        "classic policies' evaluation. Use `tier standard` with the profile, or drop it.",
    ),
    "W243": Code(
        "image filter where Bedrock filters no images",
        "`including images` asks for image filtering that AWS does not document for this "
        "category in the `access:` block's Region (guardrails-mmfilter.html): all six categories "
        "are generally available in us-east-1, us-west-2, eu-central-1 and ap-northeast-1; in "
        "the preview Regions only hate, insults, sexual content and violence; elsewhere none.",
    ),
    "W244": Code(
        "organization enforcement attached nowhere",
        "`enforce in organization` without an `attach to` line creates the AWS Organizations "
        "policy and attaches it to nothing, so it enforces nothing. Add `attach to root "
        '"r-..."` for every account, or name organizational units or accounts. Attachments '
        "made outside guardc are kept unless `guardc apply --remove-enforcement` runs.",
    ),
    "W301": Code(
        "value needs a template parameter",
        "CloudFormation accepts a narrower form of the value than the Bedrock API (a KMS key ARN "
        "where the API also takes a key id or an alias). The template asks for the value in a "
        "parameter (`GuardrailKmsKeyArn`) to be filled when the stack is deployed. Write the key "
        "ARN in `encrypt with key` to have it in the template instead.",
    ),
    # ── W3xx/E4xx IAM and KMS (targets/iam.py, targets/kms.py) ───────────────────────────────
    "W302": Code(
        "no guardrail ARN known",
        "A guardrail's id and ARN exist only once AWS has created it. Without one (no "
        "`--guardrail-arn` and no entry in `guardc.lock.json`) the IAM target writes only what "
        "needs no id: the deployer policy scoped to every guardrail of the account and the KMS "
        "key policy. The application and enforcement policies, whose conditions name the exact "
        "guardrail, are left out. Run `guardc apply` (it records the ARN in the lock file) or "
        "pass `--guardrail-arn NAME=ARN:VERSION`, then compile again.",
    ),
    "W303": Code(
        "role cannot decrypt the guardrail's key",
        "A role that applies the guardrail needs `kms:Decrypt` on its key, granted both by the "
        "role's policy and by the key policy. guardc writes both, but it cannot make the key "
        "policy take effect when the key is an AWS managed key (`alias/aws/...`, whose policy "
        "cannot be changed) or belongs to another account (its owner must apply "
        "kms-key-policy.json). Use a customer managed key in the guardrail's account, or have "
        "the key's owner grant the roles.",
    ),
    "W304": Code(
        "models listed without any role",
        "`required for models` names model calls that must carry the guardrail, but no "
        "`applied by` role receives the application policy, so nothing is enforced unless you "
        "attach iam/application.json yourself or use iam/enforcement.json as a permissions "
        "boundary or service control policy.",
    ),
    "W305": Code(
        "unknown guardrail profile destinations",
        "guardc keeps a table of the destination Regions of each documented guardrail profile "
        "(us, us-gov, eu, uk, au, ca, apac) per source Region. This profile or source Region is "
        "not in it, so the policies allow the profile only in the guardrail's own Region; "
        "ApplyGuardrail calls routed to other Regions would be denied. Check the profile id, or "
        "add the Regions to the policy by hand.",
    ),
    "W306": Code(
        "guardrail version not pinned",
        "The application and enforcement policies accept the guardrail's DRAFT, which anyone "
        "allowed to update the guardrail can change without review. Publish a version "
        "(`guardc apply --publish`) and pin it with `pin version N` in the `access:` block.",
    ),
    "W307": Code(
        "role in another account",
        "Bedrock applies a guardrail only for callers in the guardrail's own account (unless a "
        "resource-based policy shares it, which guardc does not write). A role of another "
        "account listed in `applied by` or `deployed by` cannot use the policies as written.",
    ),
    "W308": Code(
        "guardrail ARN disagrees with the access block",
        "The guardrail ARN from `--guardrail-arn` or `guardc.lock.json` names a different "
        "partition, account or Region than the `access:` block. The policies use the ARN as "
        "given; fix whichever is wrong.",
    ),
    "W309": Code(
        "model pattern of another account",
        "A `required for models` ARN names another account's models (or every account's, with a "
        "wildcard). The application policy allows calling them with the guardrail. Bedrock models "
        "shared between accounts are normally copied into the receiving account first, so this "
        "is usually a copied ARN; keep it only if that account shares the model for direct use.",
    ),
    "W310": Code(
        "no published version to enforce",
        "`enforce in account` and `enforce in organization` name a published version, and none "
        "is known: no `pin version N`, no version in `--guardrail-arn`, none in "
        "guardc.lock.json. The enforcement requests are not written. Publish a version "
        "(`guardc apply --publish`) and compile again.",
    ),
    "W311": Code(
        "grounding tier not in CloudFormation",
        "`AWS::Bedrock::Guardrail` has no tier property for contextual grounding checks "
        "(cfn-lint's registry schema), so `cloudformation.json` leaves `tier … for grounding` "
        "out while `bedrock.json` (and `guardc apply`) sets it.",
    ),
    "W260": Code(
        "metric counted across the account",
        "Bedrock publishes guardrail metrics by direction (`GuardrailContentSource`) and by "
        "policy type (`GuardrailPolicyType`) without the guardrail's ARN, so an alarm `on input` "
        "or `by topics` counts the interventions of every guardrail in the account and Region, "
        "not only this one. Keep it if that is what you want to watch; otherwise leave the "
        "clause out to alarm on this guardrail alone.",
    ),
    "W261": Code(
        "outside-change alarm excludes no one",
        "`watch guardrail changes` raises an alarm on guardrail changes made by anyone other "
        "than the `deployed by` principals of the compiled guardrails. None of them names one, "
        "so every change alarms, including guardc's own deployments. Add `deployed by` to the "
        "guardrails' `access:` blocks.",
    ),
    "E401": Code(
        "pinned version not in the lock file",
        "`pin version N` names a version newer than the newest published version recorded in "
        "`guardc.lock.json` (or the lock file records no published version). A policy pinned to "
        "a version that does not exist denies every model call. Publish it first "
        "(`guardc apply --publish`) or pin an existing version.",
    ),
    "E402": Code(
        "account or Region unknown",
        "IAM and KMS policies name exact ARNs, which need the AWS account and Region. Give them "
        'in the `access:` block (`account "123456789012"`, `region "us-east-1"`), or on the '
        "command line.",
    ),
    # ── E5xx deploying (aws/deploy.py, commands/plan.py and apply.py) ─────────────────────────
    "E501": Code(
        "AWS call failed",
        "`guardc plan` or `guardc apply` called AWS and the call failed after botocore's retries "
        "(throttling is retried with backoff). The message gives the operation, AWS's error "
        "code and its message. Check the Region, profile, credentials and endpoint settings; "
        "the exit code is 3. An apply stops at the first failure: what it finished is in the "
        "lock file, and running it again continues from there.",
    ),
    "E502": Code(
        "AWS denied a permission",
        "AWS answered AccessDenied: the identity guardc runs as lacks the IAM action named in "
        "the message (`bedrock:CreateGuardrail`, `bedrock:ListTagsForResource`, ...). Grant it; "
        "`guardc compile --target iam` writes `iam/deployer.json` with every action `plan` and "
        "`apply` use. The exit code is 3.",
    ),
    "E503": Code(
        "--region disagrees with the access block",
        "The guardrail's `access:` block names a Region and `--region` names another. The IAM "
        "policies compiled from the same source name the block's Region, so deploying elsewhere "
        "would leave them pointing at nothing. Leave out `--region` (each guardrail then goes "
        "to its own Region) or change the block.",
    ),
    "E504": Code(
        "deployed setting has no .guard equivalent",
        "`guardc import` wrote a deployed guardrail as source, but one of its members cannot be "
        "said in the language (the message names it in GetGuardrail's own names, e.g. "
        "`contentPolicy.filters[HATE].inputModalities`, and says why): topics and content "
        "filters on different tiers, image-only filtering, a legacy PII `action` other than the "
        "strongest enabled side, a switched-off grounding check, a line break in a string, or a "
        "member guardc does not know. The source is still written without it, so compiling and "
        "applying it would change that member: decide whether the deployed value matters, and "
        "if it does keep managing that guardrail outside guardc. The exit code is 1.",
    ),
    "E505": Code(
        "credentials are for another account",
        "`guardc plan` and `guardc apply` ask AWS who they run as (STS GetCallerIdentity) "
        "before reading or writing anything, and compare the account with the one the "
        "environment (`--env`) or the guardrail's `access:` block names. They differ: the "
        "profile or credentials in use belong to another account, so a create would put the "
        "guardrail in the wrong account. Nothing was read or written; exit code 3. Choose the "
        "right profile (`--profile`, AWS_PROFILE) or environment.",
    ),
    # ── E9xx internal errors ─────────────────────────────────────────────────────────────────
    "E901": Code(
        "internal error",
        "guardc produced something it should not have (for example a payload its own strict "
        "check rejects). This is a bug in guardc, not in your sources; please report it with "
        "the input that caused it.",
    ),
}
