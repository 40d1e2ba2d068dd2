"""Hand-built reports for the renderer tests (no disk, no rules run)."""

from __future__ import annotations

from auditor.findings import Finding, Severity
from auditor.report import Report, SelectionInfo, TargetReport
from rules import ALL_RULES

ARTIFACTS_ALL = {
    "uv.lock": True,
    "pyproject.toml": True,
    "requirements.txt": True,
    ".python-version": False,
    "MLmodel": True,
    "python_env.yaml": True,
    "conda.yaml": True,
}

HOSTILE = '<script>window.__pwned=1</script>"</td><img src=x onerror=alert(1)>'
"""A value that breaks out of any context that is not escaped."""


def finding(
    rule: str = "UVA201",
    name: str = "version-drift",
    severity: Severity = Severity.ERROR,
    package: str | None = "requests",
    file: str | None = "run-dir/model/requirements.txt",
    line: int | None = 7,
    message: str = "requirements.txt pins requests 2.31.0 but uv.lock locks 2.32.3",
    expected: str | None = "2.32.3",
    actual: str | None = "2.31.0",
    fix: str | None = "uv export --no-dev --frozen > requirements.txt",
) -> Finding:
    return Finding(rule, name, severity, package, file, line, message, expected, actual, fix)


def sample_report() -> Report:
    """Two targets, every severity, a leak with a chain, a finding without package or line."""
    model = TargetReport(
        path="run-dir/model",
        artifacts=ARTIFACTS_ALL,
        selection=SelectionInfo(groups=("serve",), extras=(), source="environment"),
        findings=(
            finding(),
            finding(
                "UVA301",
                "group-leak",
                package="colorama",
                line=12,
                message="colorama is reached only through group train: train -> tqdm -> colorama",
                expected=None,
                actual=None,
                fix="log the model again without the train group",
            ),
            finding(
                "UVA401",
                "missing-python-version",
                Severity.WARNING,
                package=None,
                file="run-dir/model",
                line=None,
                message="no .python-version: uv picks any interpreter",
                expected=".python-version",
                actual=None,
                fix="run `uv python pin 3.11`",
            ),
            finding(
                "UVA505",
                "private-index",
                Severity.INFO,
                package="internal-lib",
                file="run-dir/model/uv.lock",
                line=40,
                message="internal-lib comes from https://pypi.internal.example/simple",
                expected=None,
                actual=None,
                fix=None,
            ),
        ),
    )
    clean = TargetReport(
        path="project", artifacts=dict.fromkeys(ARTIFACTS_ALL, True), selection=SelectionInfo(), findings=()
    )
    return Report(targets=(model, clean), notes=("mlruns/.trash: permission denied",), rules=ALL_RULES)


def hostile_report() -> Report:
    """Package, group and path names and messages that try to break out of HTML and Markdown."""
    path = f"runs/{HOSTILE}/model"
    return Report(
        targets=(
            TargetReport(
                path=path,
                artifacts=ARTIFACTS_ALL,
                selection=SelectionInfo(groups=(HOSTILE,), extras=(HOSTILE,), source="cli"),
                findings=(
                    finding(
                        "UVA301",
                        "group-leak",
                        package=HOSTILE,
                        file=f"{path}/requirements.txt",
                        line=3,
                        message=f"{HOSTILE} is reached only through group {HOSTILE}: {HOSTILE} -> x -> y",
                        expected=HOSTILE,
                        actual=HOSTILE,
                        fix=HOSTILE,
                    ),
                ),
            ),
        ),
        notes=(HOSTILE,),
        rules=ALL_RULES,
    )
