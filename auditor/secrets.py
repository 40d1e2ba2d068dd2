"""Credentials in audited files: `scan` finds them (rule UVA701), `redact` replaces them by `***`.

Pure functions over text, no I/O. What counts is rule UVA701's docstring (rules/credentials.py).
Userinfo follows uv's own redaction (crates/uv-redacted, DisplaySafeUrl) and pip's: the password
of a `user:password` pair is the secret and its username is shown (unless it looks like a token);
a lone username may be a token (`https://<token>@github.com`), so no output shows it, but only a
token-like one is reported: `oauth2accesstoken@` is a keyring username. `git@` without a password
and parts that are only `${VAR}`, `$VAR` or `%VAR%` placeholders are no secrets. Token shapes are
found anywhere; uv's sensitive query parameters (`X-Amz-*`, `sig`) are redacted too. Every pattern is linear:
an unbounded repetition follows a literal (a lookbehind after it checks the boundary) and ends at a character it
excludes, so a hostile 1 MB line cannot backtrack."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, NamedTuple
from urllib.parse import unquote

from auditor.frozen import field, frozen

if TYPE_CHECKING:
    pass

REDACTED = "***"
MIN_KNOWN = 4
"""A known secret shorter than this is replaced only where a pattern finds it (in a URL's
userinfo): replacing every "pw" in every message would garble them for nothing."""
SHOWN_LIMIT = 200
PASSWORD = "password in a URL"
URL_TOKEN = "token in a URL"
AWS_SECRET = "AWS secret access key"
AWS_KEY_ID = "AWS access key id"

_URL = re.compile(r"://([^\s/?#\"'<>\\^`{|}\[\]]*)@")
"""A URL's authority up to its last `@` (RFC 3986 forbids the excluded characters there). Every
pattern starts with a literal, which `re` searches for quickly; a case-blind one runs only when
its word is in the text."""
_SCHEME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-")
_PLACEHOLDER = re.compile(r"(?:\$\{[A-Za-z_][A-Za-z0-9_]*\}|\$[A-Za-z_][A-Za-z0-9_]*|%[A-Za-z_][A-Za-z0-9_]*%)+")
_TOKEN_LIKE = re.compile(r"[A-Za-z0-9._~+=-]{20,}")
_NOT_SECRET_PASSWORDS = frozenset({"x-oauth-basic"})
"""GitHub's `https://TOKEN:x-oauth-basic@github.com`: the username is the token."""


class _Shape(NamedTuple):
    kind: str
    source: str  # group `s` is replaced; group `p` stays in sight (it names the kind: `ghp_***`)
    token: bool  # the value is `p` and `s` (a token's prefix), not `s` alone (`p` is a header name, a host)
    words: tuple[str, ...]  # it runs only if the text (lower-cased for a case-blind one) holds one of these
    blind: bool

    @property
    def pattern(self) -> re.Pattern[str]:  # compiled on first use: most texts hold none of the words
        return re.compile(self.source, re.IGNORECASE if self.blind else 0)


def _shape(kind: str, prefix: str, secret: str, hint: str, token: bool = True, blind: bool = False) -> _Shape:
    return _Shape(kind, f"(?P<p>{prefix})(?P<s>{secret})", token, tuple(hint.split("|")), blind)


def _blind(kind: str, prefix: str, secret: str, hint: str) -> _Shape:
    """A case-blind context (header name, parameter) whose value is the secret."""
    return _shape(kind, prefix, secret, hint, token=False, blind=True)


_B64, _Q = "[A-Za-z0-9_-]", "[\"']?"
_AUTH = rf"authorization{_Q}\s*[:=]\s*{_Q}(?:(?:basic|bearer|token)\s+)?"
_SIGNATURE = "[?&](?:sig|x-amz-signature|x-amz-credential|x-amz-security-token)="
_SHAPES = (  # each lookbehind follows its literal, so that `re` searches for the literal quickly
    _shape("GitHub token", r"gh[pousr]_(?<![A-Za-z0-9_]gh[pousr]_)", "[A-Za-z0-9]{30,}", "gh"),
    _shape("GitHub token", r"github_pat_(?<![A-Za-z0-9_]github_pat_)", "[A-Za-z0-9_]{22,}", "github_pat_"),
    _shape("GitLab token", r"glpat-(?<![A-Za-z0-9_-]glpat-)", rf"{_B64}{{20,}}(?:\.{_B64}+)*", "glpat-"),
    _shape("PyPI token", r"pypi-(?<![A-Za-z0-9_-]pypi-)", rf"AgE{_B64}{{40,}}", "pypi-"),
    _shape("Hugging Face token", r"hf_(?<![A-Za-z0-9_]hf_)", "[A-Za-z0-9]{30,}", "hf_"),
    _shape("Databricks token", r"dapi(?<![A-Za-z0-9_]dapi)", "[0-9a-f]{32}(?:-[0-9])?(?![A-Za-z0-9])", "dapi"),
    _shape(AWS_KEY_ID, r"A[SK]IA(?<![A-Z0-9]A[SK]IA)", "[A-Z0-9]{16}(?![A-Z0-9])", "IA"),
    _shape("JSON web token", rf"eyJ(?<!{_B64}eyJ)", rf"{_B64}{{8,}}\.eyJ{_B64}{{8,}}\.{_B64}{{8,}}", "eyJ"),
    _shape("conda channel token", r"://[^\s/\"'<>]*/t/", "[A-Za-z0-9][A-Za-z0-9-]{7,}(?=/)", "/t/", False),
    _blind(AWS_SECRET, rf"aws_secret_access_key{_Q}\s*[:=]\s*{_Q}", "[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+])", "aws_"),
    _blind("Authorization header", _AUTH, r"[^\s\"',;]{8,}", "authorization"),
    _blind("bearer token", r"\bbearer\s+", "[A-Za-z0-9._~+/-]{16,}=*", "bearer"),
    _blind("signed URL parameter", _SIGNATURE, "[^&#\\s\"'<>]+", "sig=|x-amz-"),
)
_ANY_SHAPE = re.compile(
    r"gh[pousr]_|github_pat_|glpat-|pypi-|hf_|dapi|A[SK]IA|eyJ|/t/|(?i:aws_secret_access_key|authorization|bearer|sig=|x-amz-)"
)
"""The literal that each shape's pattern starts with: a short text without one needs no shape
(one search instead of a dozen; a long text keeps the per-word test, which memchr makes faster)."""
_ANY_WORD = (
    *("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "glpat-", "pypi-", "hf_", "dapi", "akia", "asia"),
    *("eyj", "/t/", "aws_secret_access_key", "authorization", "bearer", "sig=", "x-amz-"),
)
"""_ANY_SHAPE's literals in lower case: an ASCII text in which `_ANY_SHAPE` finds one holds one of
these once lower-cased (the reverse need not hold: the shapes then decide), ~1 instead of ~8 us for
a report's message. Other texts take the regex (its case-insensitive part matches `ſ` for `s`)."""


def _any_shape(text: str) -> bool:
    if text.isascii():
        lower = text.lower()
        return any(word in lower for word in _ANY_WORD)
    return _ANY_SHAPE.search(text) is not None


_AWS_NEARBY = re.compile(r"(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])")
_NEARBY_CHARS = 400  # how far from an access key id its secret is looked for (and at most two lines away)


@frozen
class Hit:
    """A credential in a text: where, what kind, and how its line looks with it redacted."""

    line: int  # 1-based
    kind: str
    shown: str  # the line, stripped, with every credential replaced by `***` (clipped around it when long)
    value: str = field(repr=False)  # the secret's exact text (never shown; the report redacts it everywhere)


@frozen
class _Span:
    start: int
    end: int  # what `redact` replaces
    kind: str | None
    """None: redacted but not reported (a lone username that may be a token, a known secret)."""
    value: str = ""
    cover: int = -1
    """Where the credential starts when that is before `start` (a token's shown prefix)."""


def _placeholder(part: str) -> bool:
    return _PLACEHOLDER.fullmatch(part) is not None


def _token_like(part: str) -> bool:
    if _TOKEN_LIKE.fullmatch(part) is None:
        return False
    return sum(c.isdigit() for c in part) >= 3 and sum(c.isalpha() for c in part) >= 3


def _credible(secret: str, prefix: str) -> bool:
    """A header value with a digit, or one that follows an auth scheme (`Basic dXNlcjpwYXNz`)."""
    return any(c.isdigit() for c in secret) or (prefix.lower().rstrip().endswith(("basic", "token")))


def _userinfo(text: str) -> Iterator[_Span]:
    if "@" not in text:
        return
    for match in _URL.finditer(text):
        start, userinfo = match.start(1), match.group(1)
        if "'" in userinfo:  # a URL quoted with ' ends at the quote
            at, stop = match.start(), max(0, match.start() - 64)
            while at > stop and text[at - 1] in _SCHEME_CHARS:
                at -= 1
            if at > 0 and text[at - 1] == "'":
                userinfo = userinfo[: userinfo.index("'")]
                if "@" not in userinfo:
                    continue
                userinfo = userinfo[: userinfo.rindex("@")]
        user, colon, password = userinfo.partition(":")
        user_ok = bool(user) and not _placeholder(user)
        if colon:
            marker = not password or password.lower() in _NOT_SECRET_PASSWORDS
            if password and not marker and not _placeholder(password):
                yield _Span(start + len(user) + 1, start + len(userinfo), PASSWORD, password)
            if user_ok and (marker or _token_like(user)):
                yield _Span(start, start + len(user), URL_TOKEN, user)
        elif user_ok and user != "git":
            yield _Span(start, start + len(user), URL_TOKEN if _token_like(user) else None, user)


def _shapes(text: str, quick: bool = True) -> Iterator[_Span]:
    if quick and len(text) <= 4096 and not _any_shape(text):
        return
    lower: str | None = None
    for shape in _SHAPES:
        if shape.blind:
            lower = text.lower() if lower is None else lower
            if not any(w in lower for w in shape.words):
                continue
        elif shape.words[0] not in text:
            continue
        for match in shape.pattern.finditer(text):
            secret, prefix = match.group("s"), match.group("p")
            if shape.kind == "conda channel token" and "conda" not in prefix.lower():
                continue
            if shape.kind in ("bearer token", "Authorization header") and not _credible(secret, prefix):
                continue  # prose ("bearer authentication") is not a token
            if _placeholder(secret):
                continue
            value = match.group() if shape.token else secret
            yield _Span(match.start("s"), match.end("s"), shape.kind, value, match.start())


def _aws_secrets(text: str, spans: list[_Span]) -> Iterator[_Span]:
    """A 40-character secret near an access key id (mixed case: not a git hash)."""
    done = 0
    for span in sorted((s for s in spans if s.kind == AWS_KEY_ID), key=lambda s: s.start):
        lo = max(done - 40, span.start - _NEARBY_CHARS, 0)  # windows overlap by one secret's width at most
        hi = min(len(text), span.end + _NEARBY_CHARS)
        for match in _AWS_NEARBY.finditer(text, lo, hi):
            secret = match.group()
            near = text.count("\n", min(match.start(), span.start), max(match.end(), span.end)) <= 2
            if near and any(c.islower() for c in secret) and any(c.isupper() for c in secret):
                yield _Span(match.start(), match.end(), AWS_SECRET, secret)
        done = hi


def _spans(text: str) -> list[_Span]:
    """Every credential of `text` (and every lone username, kind None)."""
    spans = [*_userinfo(text), *_shapes(text)]
    if any(s.kind == AWS_KEY_ID for s in spans):
        spans.extend(_aws_secrets(text, spans))
    return spans


def _known(text: str, known: Iterable[str], found: list[_Span]) -> Iterator[_Span]:
    """Each occurrence of a known secret that is not exactly a credential a pattern found (a
    pattern keeps a token's prefix in sight: `ghp_***`)."""
    values = {k for value in known for k in (value, unquote(value)) if len(k) >= MIN_KNOWN}
    exact = {(s.cover if s.cover >= 0 else s.start, s.end) for s in found}
    for value in values:
        at = text.find(value)
        while at >= 0:
            end = at + len(value)
            if (at, end) not in exact:
                yield _Span(at, end, None)
            at = text.find(value, end)


def _replace(text: str, spans: Iterable[_Span]) -> str:
    """`text` with each union of overlapping spans replaced by one `***`."""
    out: list[str] = []
    done = 0
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if span.end <= done:
            continue
        if span.start < done:  # overlaps the previous replacement: extend it
            done = span.end
            continue
        out.extend((text[done : span.start], REDACTED))
        done = span.end
    out.append(text[done:])
    return "".join(out)


def redact(text: str, known: Iterable[str] = ()) -> str:
    """`text` with every credential that `scan` finds, every lone username of a URL and every
    `known` secret (wherever it appears, percent-decoded too) replaced by `***`."""
    spans = _spans(text)
    spans.extend(_known(text, known, spans))
    return _replace(text, spans) if spans else text


def _shown(line: str, spans: Iterable[_Span], offset: int) -> str:
    """`line` with `spans` (offsets in the whole text) redacted, stripped, clipped around the first."""
    shifted = [_Span(s.start - offset, s.end - offset, s.kind) for s in spans]
    shown = _replace(line, shifted).strip().replace("`", "'")
    if len(shown) <= SHOWN_LIMIT:
        return shown
    at = max(0, shown.find(REDACTED) - SHOWN_LIMIT // 3)
    return ("…" if at else "") + shown[at : at + SHOWN_LIMIT] + ("…" if at + SHOWN_LIMIT < len(shown) else "")


def scan(text: str) -> tuple[Hit, ...]:
    """Every credential in `text`, in order; one hit per line and secret (the most specific kind)."""
    spans = _spans(text)
    if not any(s.kind is not None for s in spans):
        return ()
    newlines = [m.start() for m in re.finditer("\n", text)]
    by_line: dict[int, list[_Span]] = {}
    for span in sorted(spans, key=lambda s: s.start):
        by_line.setdefault(bisect_right(newlines, span.start), []).append(span)
    hits: list[Hit] = []
    for index, line_spans in by_line.items():
        if all(s.kind is None for s in line_spans):
            continue
        begin = newlines[index - 1] + 1 if index else 0
        end = newlines[index] if index < len(newlines) else len(text)
        shown = _shown(text[begin:end], line_spans, begin)
        kinds: dict[str, str] = {}  # value -> kind: a token's own kind over "password in a URL"
        for span in line_spans:
            if span.kind is not None and kinds.get(span.value) in (None, PASSWORD, URL_TOKEN):
                kinds[span.value] = span.kind
        hits.extend(Hit(index + 1, kind, shown, value) for value, kind in kinds.items())
    return tuple(hits)
