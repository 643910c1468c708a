"""Detectors for network and web identifiers: IP and MAC addresses, AWS keys, emails, URLs.

Split from `pii_formats` (same conventions: `text -> Iterator[Candidate]`, regexes compiled on
first use, cheap checks before any scan). Standard library only.
"""

from __future__ import annotations

from collections.abc import Iterator

from . import pii_checks as checks
from .pii_base import (
    CONTEXT,
    HEURISTIC,
    STRUCTURED,
    Candidate,
    Cue,
    LazyPattern,
    cue_distance,
    gated_by,
    has_digit,
    lower,
    matches_at,
    near_cue,
    pii_pattern,
    words,
)

# -- network and credentials ---------------------------------------------------------------------

_IPV4 = pii_pattern(r"\d(?<![\w.]\d)\d{0,2}(?:\.\d{1,3}){3}(?![\w]|\.\d)")
_HEX_COLON = frozenset("0123456789abcdefABCDEF:")
_HEX_COLON_DOT = _HEX_COLON | {"."}
_VERSION_CUE = LazyPattern(r"(?i)(?:\bv|\bversion|\bver\.?|\brelease|\bbuild|\brev\.?)\s*$")
# What an IPv6 candidate of `_ipv6` needs (a "::", or six colons in one run of hex digits,
# colons and dots): a text with neither, as most with six colons ("PIN: ..."), has none.
_IPV6_SHAPE = LazyPattern(r"::|:(?:[0-9A-Fa-f.]*:){5}")


def ip_addresses(text: str) -> Iterator[Candidate]:
    """IPv4 and IPv6 addresses, parsed by `ipaddress`; dotted quads after "version"/"v" are
    version numbers."""
    for m in _IPV4.finditer(text) if text.count(".") >= 3 and has_digit(text) else ():
        import ipaddress  # noqa: PLC0415 - its import costs more than most scans; rarely needed

        try:
            ipaddress.IPv4Address(m.group())
        except ValueError:
            continue
        if not _VERSION_CUE.search(text, max(0, m.start() - 12), m.start()):
            yield Candidate("IP_ADDRESS", m.start(), m.end(), STRUCTURED)
    if ("::" in text or text.count(":") >= 6) and _IPV6_SHAPE.search(text):
        yield from _ipv6(text)


def _ipv6(text: str) -> Iterator[Candidate]:
    # Grow a token of hex digits, colons (and dots, for an embedded IPv4) around each colon,
    # then let `ipaddress` decide; far cheaper than a regex tried at every hex letter.
    n, i, done = len(text), text.find(":"), -1
    while i >= 0:
        lo, hi = i, i
        while lo > 0 and text[lo - 1] in _HEX_COLON:
            lo -= 1
        while hi < n and text[hi] in _HEX_COLON_DOT:
            hi += 1
        done = hi
        while hi > lo and text[hi - 1] in ".:" and not text[lo:hi].endswith("::"):
            hi -= 1  # sentence punctuation after the address
        value = text[lo:hi]
        boundary = (lo == 0 or not text[lo - 1].isalnum()) and (
            hi == n or not (text[hi].isalnum() or text[hi] == "_")
        )
        colons = value.count(":")
        shaped = "::" in value or colons == 7 or (colons == 6 and "." in value)
        if boundary and shaped and len(value) >= 3:
            import ipaddress  # noqa: PLC0415 - see ip_addresses

            try:
                ipaddress.IPv6Address(value)
            except ValueError:
                pass
            else:
                yield Candidate("IP_ADDRESS", lo, hi, STRUCTURED)
        i = text.find(":", max(i + 1, done))


_MAC = pii_pattern(
    r"[0-9A-Fa-f](?<![\w:.-].)(?:[0-9A-Fa-f]([:-])[0-9A-Fa-f]{2}(?:\1[0-9A-Fa-f]{2}){4}"
    r"|[0-9A-Fa-f]{3}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4})(?![\w:-]|\.\w)"
)


@gated_by(_MAC)
def mac_addresses(text: str) -> Iterator[Candidate]:
    """EUI-48 MAC addresses: six hex pairs split by `:` or `-`, or Cisco's dotted 3x4 form."""
    if not _MAC.may_match(text):  # the PII scans' one RE2 set scan finds none (most texts)
        return
    # Each MAC has a separator two (or four, dotted) characters in: try the pattern only there.
    for sep, back in ((":", 2), ("-", 2), (".", 4)):
        i, done = text.find(sep), 0
        while i >= 0:
            start = i - back
            if start >= done:
                m = _MAC.match(text, start)
                if m:
                    done = m.end()
                    if not _no_device(m.group()):
                        yield Candidate("MAC_ADDRESS", m.start(), m.end(), STRUCTURED)
            i = text.find(sep, i + 1)


def _no_device(mac: str) -> bool:
    """Whether a MAC address is one that names no device: the broadcast address
    (FF:FF:FF:FF:FF:FF) or the all-zero one, which software writes for "none" (session 31:
    Presidio's own tests expect neither to be found)."""
    digits = {ch for ch in mac.upper() if ch not in ":-."}
    return digits in ({"F"}, {"0"})


_ACCESS_KEY = pii_pattern(r"(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Za-z0-9])")
_SECRET = pii_pattern(r"[A-Za-z0-9/+](?<![A-Za-z0-9/+].)[A-Za-z0-9/+]{39}(?![A-Za-z0-9/+=])")
_SECRET_CUE = Cue("secret", "secretaccesskey")
_KEY_PREFIXES = ("AKIA", "ASIA", "ABIA", "ACCA")


@gated_by(_ACCESS_KEY)
def aws_access_keys(text: str) -> Iterator[Candidate]:
    """AWS access key ids: AKIA (long-term) or ASIA (temporary) and 16 upper-case characters."""
    if not any(p in text for p in _KEY_PREFIXES):
        return
    for m in _ACCESS_KEY.finditer(text):
        yield Candidate("AWS_ACCESS_KEY", m.start(), m.end(), STRUCTURED)


def aws_secret_keys(text: str) -> Iterator[Candidate]:
    """40 base64 characters (mixed case and a digit, so not a hex git hash) with a "secret" cue
    before them or an access key id within 120 characters."""
    keys = [(k.start, k.end) for k in aws_access_keys(text)]
    found = _SECRET.finditer(text) if keys else near_cue(_SECRET, _SECRET_CUE, text)
    for m in found:
        value = m.group()
        if value.lower() == value or value.upper() == value or not any(c.isdigit() for c in value):
            continue
        dist = cue_distance(_SECRET_CUE, text, m.start(), m.end(), after=0)
        if dist < 0 and any(abs(m.start() - e) <= 120 or abs(s - m.end()) <= 120 for s, e in keys):
            dist = 60
        if dist >= 0:
            yield Candidate("AWS_SECRET_KEY", m.start(), m.end(), CONTEXT, dist)


_LOCAL = LazyPattern(r"(?<![\w.%+-])[\w.%+-]{0,63}\w\Z")
# Labels of letters (any script: internationalised domains), digits and inner hyphens; the TLD
# is letters or its punycode form (xn--p1ai), as IDNA allows.
_DOMAIN_PART = LazyPattern(
    r"[^\W_](?:[\w-]*[^\W_])?"
    r"(?:\.[^\W_](?:[\w-]*[^\W_])?)*\.(?:[^\W\d_]{2,24}|xn--[A-Za-z0-9-]{1,59})(?![\w-]|\.\w)"
)


def emails(text: str) -> Iterator[Candidate]:
    """Email addresses: local part, `@`, and a dotted domain ending in a letters-only TLD.
    Found from each `@` outwards rather than by scanning the whole text with one regex."""
    at = text.find("@")
    while at > 0:
        local = _LOCAL.search(text, max(0, at - 64), at)
        domain = _DOMAIN_PART.match(text, at + 1)
        if local and domain:
            yield Candidate("EMAIL", local.start(), domain.end(), STRUCTURED)
        at = text.find("@", at + 1)


# Bare host names end in a generic TLD or a country code (ISO 3166, the ccTLDs). Country codes
# that are also common file extensions or words (setup.py, main.rs, README.md, Makefile.in) are
# left out unless they follow a second-level label (bbc.co.uk, example.ac.jp).
_GENERIC_TLDS = words("com org net edu gov mil int io co info biz app dev ai me tv xyz online site")
_NOT_TLDS = frozenset(words("ac am as bz cc cl cr do gd in is la mk ml mm mo ms nc pl pm ps py re"))
_NOT_TLDS |= frozenset(words("rs sc sh so st sv tf md"))
_TLDS = (
    _GENERIC_TLDS
    + tuple(sorted(c.lower() for c in checks.COUNTRIES if c.lower() not in _NOT_TLDS | {"gb"}))
    + ("uk",)
)
_URL = pii_pattern(r"(?i)(?:(?:https?|ftp)://|www\.)[^\s<>\"'`]+")
_DOMAIN = pii_pattern(
    r"(?i)[a-z0-9](?<![\w@.-].)[a-z0-9-]*\.(?:[a-z0-9-]+\.)*(?P<tld>"
    + "|".join(sorted(set(_TLDS), key=lambda t: -len(t)))
    + r")(?:\.[a-z]{2}(?![\w-]))?(?![\w-])(?:/[^\s<>\"'`]*)?"
)
_URL_TAIL = ".,;:!?'\")]}"
_TLD_SET = frozenset(_TLDS)


@gated_by(_URL, _DOMAIN)
def urls(text: str) -> Iterator[Candidate]:
    """URLs with a scheme or `www.`, and bare domains with a common TLD (lower rank); trailing
    sentence punctuation and unbalanced closing brackets are not part of the URL."""
    found = [
        m
        for m in matches_at(_URL, ("http", "ftp", "www."), text)
        if m.start() == 0 or not text[m.start() - 1].isalnum()
    ]
    low = lower(text)
    starts: set[int] = set()
    n = len(text)
    # Each full stop followed by a TLD's letters may end a host name (one set look-up per dot),
    # unless the PII scans' one RE2 set scan finds no host name at all (most texts).
    i = low.find(".", 1) if n == len(low) and _DOMAIN.may_match(text) else -1
    while i > 0:
        k = i + 1
        while k < n and "a" <= low[k] <= "z":
            k += 1
        if low[i + 1 : k] in _TLD_SET:
            # Walk back to where the host name starts; the regex checks the rest.
            j = i
            while j > 0 and (text[j - 1].isalnum() or text[j - 1] in ".-"):
                j -= 1
            if j not in starts and j < i:
                starts.add(j)
                m = _DOMAIN.match(text, j)
                if m:
                    found.append(m)
        i = low.find(".", i + 1)
    for m in sorted(found, key=lambda m: m.start()):
        value = m.group()
        tld = m.groupdict().get("tld")
        if tld and tld[0].isupper() and tld[1:].islower():
            continue  # "done.Then": a sentence run on after its full stop, not a host name
        while value and value[-1] in _URL_TAIL:
            if value[-1] == ")" and value.count("(") >= value.count(")"):
                break
            value = value[:-1]
        scheme = "://" in value or value[:4].lower() == "www."
        if scheme and len(value) < 8:
            continue
        yield Candidate(
            "URL", m.start(), m.start() + len(value), STRUCTURED if scheme else HEURISTIC
        )
