"""Tag text: redaction of URL credentials, the summary's order and its length limit."""

from __future__ import annotations

import pytest

from auditor.findings import Finding, Severity
from auditor.serve.tags import LINE_LIMIT, TAG_VALUE_LIMIT, TOP_FINDINGS, _redact, error_summary, summary

URI = "models:/fraud/7"
COUNTS = {"targets": 1, "findings": 0, "error": 0, "warning": 0, "info": 0}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://user:pass@host/simple", "https://***@host/simple"),
        (
            "--index-url https://__token__:pypi-AgEI@pypi.example/simple x",
            "--index-url https://***@pypi.example/simple x",
        ),
        ("git+https://oauth2:glpat-x@gitlab.example/g/p.git@v1", "git+https://***@gitlab.example/g/p.git@v1"),
        ("https://user:p@ss@host/x", "https://***@host/x"),
        ("a https://u:p@h1/ and http://t@h2/ b", "a https://***@h1/ and http://***@h2/ b"),
        ("https://host/path@v1 and user@example.com", "https://host/path@v1 and user@example.com"),
        ("no url here", "no url here"),
    ],
)
def test_redact(text: str, expected: str) -> None:
    assert _redact(text) == expected


def finding(rule: str, severity: Severity, message: str, line: int | None = 3, package: str | None = "pkg") -> Finding:
    return Finding(rule, "some-rule", severity, package, f"{URI}/requirements.txt", line, message)


def test_counts_then_most_severe_first_with_files_relative_to_the_version() -> None:
    findings = [
        finding("UVA505", Severity.INFO, "from a private index"),
        finding("UVA301", Severity.ERROR, "leaks through group train", line=10),
        finding("UVA401", Severity.WARNING, "no .python-version", line=None, package=None),
    ]
    counts = {**COUNTS, "findings": 3, "error": 1, "warning": 1, "info": 1}
    text = summary("fail", counts, Severity.WARNING, findings, f"{URI}/", URI)
    assert text.splitlines() == [
        "fail (fail-on warning): 1 error, 1 warning, 1 info",
        "error UVA301 some-rule [pkg] requirements.txt:10: leaks through group train",
        "warning UVA401 some-rule requirements.txt: no .python-version",
        "info UVA505 some-rule [pkg] requirements.txt:3: from a private index",
    ]


def test_many_long_findings_stay_within_the_limit_and_say_how_many_more() -> None:
    findings = [finding(f"UVA2{n:02d}", Severity.ERROR, "x" * 2000) for n in range(50)]
    text = summary("fail", {**COUNTS, "error": 50}, Severity.WARNING, findings, f"{URI}/", URI)
    lines = text.splitlines()
    assert len(text) <= TAG_VALUE_LIMIT
    assert all(len(line) <= LINE_LIMIT for line in lines)
    assert len(lines) == 1 + TOP_FINDINGS + 1
    assert lines[-1] == f"(+{50 - TOP_FINDINGS} more: `uv-audit {URI}` shows every finding)"


def test_a_credential_is_redacted_before_any_cut() -> None:
    secret = "tok-" + "s" * 30
    message = "y" * (LINE_LIMIT - 60) + f" https://deploy:{secret}@pypi.example/simple"
    text = summary("fail", COUNTS, Severity.WARNING, [finding("UVA203", Severity.ERROR, message)], f"{URI}/", URI)
    assert "tok-" not in text and "deploy" not in text
    reason = f"cannot reach https://admin:{secret}@mlflow.example " + "z" * TAG_VALUE_LIMIT
    err = error_summary(URI, reason)
    assert len(err) <= TAG_VALUE_LIMIT and "tok-" not in err and "https://***@mlflow.example" in err
