"""auditor.secrets: what counts as a credential, how it is redacted, and that the patterns stay
linear on hostile input. Token-shaped strings are built at run time (`fake`): no literal in the
repository looks like a live token."""

from __future__ import annotations

import random
import string
import time
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from auditor.findings import Finding, Severity
from auditor.redaction import redact_target_report
from auditor.report import SelectionInfo, TargetReport
from auditor.secrets import REDACTED, redact, scan
from tests.conftest import REPO


def fake(prefix: str, length: int, alphabet: str = string.ascii_letters + string.digits, seed: int = 0) -> str:
    rng = random.Random(f"{prefix}{length}{seed}")
    body = "".join(rng.choice(alphabet) for _ in range(length - 2))
    letter = next(c for c in alphabet if c.isalpha())
    digit = next(c for c in alphabet if c.isdigit())
    return prefix + body + letter + digit  # letters and digits whatever the draw


GITHUB = fake("gh" + "p_", 36)
GITHUB_PAT = fake("github" + "_pat_", 82, string.ascii_letters + string.digits + "_")
GITLAB = fake("gl" + "pat-", 20)
PYPI = "pypi-" + fake("AgE", 60)
HUGGING_FACE = fake("h" + "f_", 34)
DATABRICKS = fake("da" + "pi", 32, "0123456789abcdef")
AWS_ID = "AK" + "IA" + fake("", 16, string.ascii_uppercase + string.digits)
AWS_SECRET = fake("", 40, string.ascii_letters + string.digits + "/+")
JWT = "eyJ" + fake("", 20) + ".eyJ" + fake("", 30) + "." + fake("", 24)
HEX40 = fake("", 40, "0123456789abcdef")

FOUND = [
    # (text, kind, secret, how the line is shown)
    (
        "--extra-index-url https://ci:s3cret-pw@pypi.example.com/simple",
        "password in a URL",
        "s3cret-pw",
        "--extra-index-url https://ci:***@pypi.example.com/simple",
    ),
    ("-i https://u:pw1234@h.example/simple", "password in a URL", "pw1234", "-i https://u:***@h.example/simple"),
    ("--index-url=https://u:p%40ss@h.example", "password in a URL", "p%40ss", "--index-url=https://u:***@h.example"),
    (
        'url = "https://corp:hunter22@pypi.corp/simple"',
        "password in a URL",
        "hunter22",
        'url = "https://corp:***@pypi.corp/simple"',
    ),
    ("  - -f https://u:pw-123@wheels.example/", "password in a URL", "pw-123", "- -f https://u:***@wheels.example/"),
    (
        f"lib @ git+https://{GITHUB}@github.com/o/r.git@v1",
        "GitHub token",
        GITHUB,
        "lib @ git+https://***@github.com/o/r.git@v1",
    ),
    (
        f"git+https://x-access-token:{GITHUB}@github.com/o/r",
        "GitHub token",
        GITHUB,
        "git+https://x-access-token:***@github.com/o/r",
    ),
    (f"https://{HEX40}@github.com/o/r", "token in a URL", HEX40, "https://***@github.com/o/r"),
    (
        f"https://{HEX40}:x-oauth-basic@github.com/o/r",
        "token in a URL",
        HEX40,
        "https://***:x-oauth-basic@github.com/o/r",
    ),
    (
        "https://user:p4ss-w0rd@[::1]:8080/simple",
        "password in a URL",
        "p4ss-w0rd",
        "https://user:***@[::1]:8080/simple",
    ),
    ("https://user:p@ss-1@host.example/simple", "password in a URL", "p@ss-1", "https://user:***@host.example/simple"),
    (f"token = {GITHUB}", "GitHub token", GITHUB, "token = ghp_***"),
    (f"{GITHUB_PAT}", "GitHub token", GITHUB_PAT, "github_pat_***"),
    (f"x: {GITLAB}", "GitLab token", GITLAB, "x: glpat-***"),
    (
        f"-i https://__token__:{PYPI}@upload.pypi.org/simple",
        "PyPI token",
        PYPI,
        "-i https://__token__:***@upload.pypi.org/simple",
    ),
    (f"HF={HUGGING_FACE}", "Hugging Face token", HUGGING_FACE, "HF=hf_***"),
    (f"token: {DATABRICKS}", "Databricks token", DATABRICKS, "token: dapi***"),
    (f"key {AWS_ID}", "AWS access key id", AWS_ID, "key AKIA***"),
    (f"aws_secret_access_key = {AWS_SECRET}", "AWS secret access key", AWS_SECRET, "aws_secret_access_key = ***"),
    (f"Authorization: Bearer {JWT}", "Authorization header", JWT, "Authorization: Bearer ***"),
    (
        "authorization: Basic dXNlcjpwYXNzd29yZA==",
        "Authorization header",
        "dXNlcjpwYXNzd29yZA==",
        "authorization: Basic ***",
    ),
    ("headers: {Bearer abcdef0123456789xyz}", "bearer token", "abcdef0123456789xyz", "headers: {Bearer ***}"),
    (f"jwt {JWT}", "JSON web token", JWT, "jwt eyJ***"),
    (
        "- https://conda.anaconda.org/t/ab-12345678-abcd-1234/channel",
        "conda channel token",
        "ab-12345678-abcd-1234",
        "- https://conda.anaconda.org/t/***/channel",
    ),
    (
        "https://b.s3.amazonaws.com/p.whl?X-Amz-Signature=0a1b2c3d&x=1",
        "signed URL parameter",
        "0a1b2c3d",
        "https://b.s3.amazonaws.com/p.whl?X-Amz-Signature=***&x=1",
    ),
]


@pytest.mark.parametrize(
    ("text", "kind", "secret", "shown"), FOUND, ids=[c[1] + "-" + str(i) for i, c in enumerate(FOUND)]
)
def test_finds_and_redacts(text: str, kind: str, secret: str, shown: str) -> None:
    hits = scan(f"first line\n{text}\nlast line")
    assert [(h.line, h.kind, h.value) for h in hits] == [(2, kind, secret)]
    assert hits[0].shown == shown
    assert secret not in redact(text) and REDACTED in redact(text)
    assert secret not in repr(hits[0])


def test_an_aws_secret_next_to_its_key_id() -> None:
    text = f"[default]\naws_access_key_id = {AWS_ID}\nsecret = {AWS_SECRET}\n"
    assert {(h.line, h.kind, h.value) for h in scan(text)} == {
        (2, "AWS access key id", AWS_ID),
        (3, "AWS secret access key", AWS_SECRET),
    }
    assert not [h for h in scan(f"rev = {HEX40}\nsecret = {AWS_SECRET}\n")], "40 characters alone are not a key"


NOT_SECRETS = [
    "https://pypi.org/simple",
    "git+ssh://git@github.com/org/repo.git@v1.0",
    "ssh://git@github.com/org/repo.git",
    "git@github.com:org/repo.git",
    "git+https://github.com/pydantic/pydantic@a1ffc82f943f856c8f3ba2f1e709b00cbdadc11d",
    "lib @ https://files.pythonhosted.org/packages/lib-1.0.tar.gz",
    "--extra-index-url https://${PYPI_USER}:${PYPI_TOKEN}@pypi.example.com/simple",
    "https://__token__:${PYPI_TOKEN}@upload.pypi.org/simple",
    "https://$USER:$PASSWORD@host.example/simple",
    "https://%USERNAME%:%PASSWORD%@host.example/simple",
    "git+https://${GITHUB_TOKEN}@github.com/org/repo",
    "https://oauth2accesstoken@us-python.pkg.dev/project/repo/simple/",
    "https://VssSessionToken@pkgs.dev.azure.com/org/_packaging/feed/pypi/simple/",
    "maintainer = jane@example.com",
    "['https://host.example','a@b']",
    "see https://discuss.python.org/t/some-topic-title/12345",
    "- https://conda.anaconda.org/conda-forge",
    "Authorization: Bearer ${TOKEN}",
    "bearer authentication is configured elsewhere",
    "ghp_import-2.1.0-py3-none-any.whl hf_xet-1.1.0.tar.gz hf_hub_download",
    f"source = {{ git = 'https://github.com/o/r?rev=main#{HEX40}' }}",
    "https://user@",
]


@pytest.mark.parametrize("text", NOT_SECRETS)
def test_not_secrets(text: str) -> None:
    assert scan(text) == ()


def test_a_lone_username_is_hidden_but_not_reported() -> None:
    """uv and pip never display a lone username (it may be a token); one that does not look like
    a token (a keyring username) is no finding."""
    text = "https://oauth2accesstoken@us-python.pkg.dev/p/r/simple/"
    assert scan(text) == ()
    assert redact(text) == "https://***@us-python.pkg.dev/p/r/simple/"
    assert redact("ssh://git@github.com/o/r") == "ssh://git@github.com/o/r"
    assert redact("https://${USER}:${PASS}@h/") == "https://${USER}:${PASS}@h/"


def test_known_secrets_are_redacted_wherever_they_appear() -> None:
    text = "the password hunter22 (hunter%32%32 encoded), and pw"
    assert redact(text, ["hunter%32%32", "pw"]) == "the password *** (*** encoded), and pw"
    assert redact(f"msg {GITHUB} end", [GITHUB]) == "msg ghp_*** end", "a pattern keeps the prefix in sight"
    assert redact("x AKIAWRONGIDFORTEST00 y", []) == "x AKIA*** y"


def test_redaction_is_idempotent_and_hides_what_scan_finds() -> None:
    text = "\n".join(t for t, *_ in FOUND)
    once = redact(text)
    assert redact(once) == once
    for hit in scan(text):
        assert hit.value not in once


def test_one_hit_per_line_and_secret_with_the_specific_kind() -> None:
    hits = scan(f"a https://u:pw-1@h.example/ https://u:pw-1@h.example/ b\n-i https://__token__:{PYPI}@h/\n")
    assert [(h.line, h.kind) for h in hits] == [(1, "password in a URL"), (2, "PyPI token")]


def test_a_long_line_is_shown_clipped_around_the_secret() -> None:
    line = "x" * 500 + " https://u:pw-1234@h.example/ " + "y" * 500
    [hit] = scan(line)
    assert len(hit.shown) < 210 and "https://u:***@h.example/" in hit.shown
    assert hit.shown.startswith("…") and hit.shown.endswith("…")


PASSWORD_CHARS = string.ascii_letters + string.digits + "-._~!*+,;=&()"


@settings(max_examples=300, deadline=None)
@given(
    before=st.text(alphabet=string.printable, max_size=40),
    after=st.text(alphabet=string.printable, max_size=40),
    user=st.text(alphabet=string.ascii_letters + string.digits + "_-.", max_size=12),
    password=st.text(alphabet=PASSWORD_CHARS, min_size=1, max_size=40),
    scheme=st.sampled_from(["https", "http", "git+https", "s3", "postgresql"]),
)
def test_any_password_in_userinfo_is_found_and_never_shown(
    before: str, after: str, user: str, password: str, scheme: str
) -> None:
    assume(user != "git")
    assume(password.lower() != "x-oauth-basic")
    after = after if not after or after[0] in "/ \n\"'" else "/" + after
    text = f"{before} {scheme}://{user}:{password}@host.example{after}"
    hits = scan(text)
    assert any(h.value == password and h.kind == "password in a URL" for h in hits)
    shown = redact(text, [h.value for h in hits])
    assert f":{password}@" not in shown
    for hit in hits:
        assert f":{password}@" not in hit.shown


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=300))
def test_never_raises_and_redacting_twice_changes_nothing(text: str) -> None:
    hits = scan(text)
    once = redact(text, [h.value for h in hits])
    assert redact(once) == once or REDACTED in once
    assert all(1 <= h.line <= text.count("\n") + 1 for h in hits)


HOSTILE = {
    "letters": lambda n: "a" * n,
    "scheme then nothing": lambda n: "a://" + "x" * n,
    "colons": lambda n: "a://" + ":" * n,
    "at signs": lambda n: "@" * n,
    "urls without host": lambda n: "a://@" * (n // 5),
    "quoted urls": lambda n: "'a://'@" * (n // 7),
    "scheme run": lambda n: "a" * n + "://x@",
    "token prefixes": lambda n: "ghp_" * (n // 4),
    "gitlab dots": lambda n: "glpat-" + "a" * 20 + ".a" * (n // 2),
    "header spaces": lambda n: "authorization:" + " " * n + "x",
    "bearer": lambda n: "bearer " * (n // 7),
    "conda hosts": lambda n: "://conda" * (n // 8) + "/t/",
    "jwt": lambda n: "eyJ" + "a" * n + ".",
    "key ids": lambda n: (AWS_ID + " ") * (n // 21),
    "placeholders": lambda n: "https://" + "${A}" * (n // 4) + "@h",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_lines_stay_fast(name: str) -> None:
    """A 1 MB line built to make a pattern backtrack: linear patterns take well under a second
    (measured: 3 ms to 1 s on a loaded machine); a quadratic one would take many minutes."""
    line = HOSTILE[name](1_024_000)
    for func in (scan, redact):
        start = time.perf_counter()
        func(line)
        assert time.perf_counter() - start < 5, f"{func.__name__} on {name}"


def _finding(**strings: str) -> Finding:
    values = {"message": "m", "file": "f", "package": None, "expected": None, "actual": None, "fix": None}
    values.update(strings)
    return Finding("UVA505", "private-index", Severity.INFO, line=3, **values)  # type: ignore[arg-type]


def test_redact_target_report_redacts_every_string_of_every_finding() -> None:
    leak = "https://ci:hunter22@pypi.corp/simple"
    finding = _finding(message=f"from {leak}", expected=leak, actual="hunter22", fix=f"reach {leak}", package=leak)
    report = TargetReport("models/https://a:b1@x", {"uv.lock": True}, SelectionInfo(), (finding, _finding()))
    redacted = redact_target_report(report, ["hunter22"])
    text = repr(redacted)
    assert "hunter22" not in text and "b1@" not in text
    first = redacted.findings[0]
    assert first.actual == "***" and first.expected == "https://ci:***@pypi.corp/simple"
    assert first.severity is Severity.INFO and first.line == 3
    assert redacted.findings[1] is report.findings[1], "what holds no secret is the same object"
    clean = TargetReport("p", {"uv.lock": True}, SelectionInfo(), (_finding(),))
    assert redact_target_report(clean, []) is clean


def _real_files(*roots: Path) -> list[Path]:
    return sorted(p for root in roots for p in root.rglob("*") if p.is_file() and p.stat().st_size < 5_000_000)


def _assert_clean(files: list[Path]) -> None:
    assert files
    for path in files:
        text = path.read_bytes().decode("utf-8", "replace")
        assert scan(text) == (), path
        assert redact(text) == text, path


def test_no_false_positive_in_the_fixtures_and_examples() -> None:
    """Every file MLflow and uv wrote for the fixtures (locks, requirements, conda.yaml, MLmodel,
    pickles), and the examples: nothing found, nothing redacted."""
    _assert_clean(_real_files(REPO / "tests" / "fixtures", REPO / "examples"))


def test_no_false_positive_in_the_corpus(corpus: Path) -> None:
    """Real projects' uv.lock, pyproject.toml and uv export outputs (git URLs with `@rev`, many
    indexes): nothing found, nothing redacted."""
    _assert_clean(_real_files(corpus))


_PIECES = [c[0] for c in FOUND] + [
    AWS_ID,
    AWS_SECRET,
    "x-amz-credential=abc",
    "AWS_SECRET_ACCESS_KEY = " + AWS_SECRET,
    "ghp",
    "gh_",
    "github_pat",
    "eyj",
    "/t",
    " via ",
    "through",
    "\n",
    "GHP_",
    "Bearer ",
    "AUTHORIZATION: ",
    "aws_ſecret_access_key = ",
    "authorİzation: ",
    "\u212a",
]


@settings(max_examples=1000, deadline=None)
@given(text=st.text(alphabet="ghpousr_ithubaAKSIeyJ/tw-xmzcdfnzl=İſ\u212a ", max_size=24))
def test_the_lower_case_words_find_whatever_the_literals_regex_finds(text: str) -> None:
    from auditor.secrets import _ANY_SHAPE, _any_shape

    if _ANY_SHAPE.search(text) is not None:
        assert _any_shape(text), text


@settings(max_examples=400, deadline=None)
@given(pieces=st.lists(st.sampled_from(_PIECES) | st.text(max_size=12), max_size=8))
def test_the_quick_test_of_a_short_text_never_skips_a_credential(pieces: list[str]) -> None:
    """`_shapes` skips a short text in which no shape's leading literal occurs: it must find
    exactly what the full word-by-word path finds."""
    from auditor.secrets import _shapes

    text = "".join(pieces)
    assert list(_shapes(text)) == list(_shapes(text, quick=False))
    for piece in _PIECES:  # each credential of the table, alone and among other text
        assert list(_shapes(piece)) == list(_shapes(piece, quick=False))
