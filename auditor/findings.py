"""Findings and severities (SPEC §3, §5)."""

from __future__ import annotations

from enum import Enum

from auditor.frozen import frozen


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]


@frozen
class Finding:
    rule: str
    name: str
    severity: Severity
    package: str | None
    file: str | None
    line: int | None
    message: str
    expected: str | None = None
    actual: str | None = None
    fix: str | None = None

    def sort_key(self) -> tuple[str, str, int, str, str]:
        return (self.rule, self.file or "", self.line or 0, self.package or "", self.message)

    def as_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "name": self.name,
            "severity": self.severity.value,
            "package": self.package,
            "file": self.file,
            "line": self.line,
            "message": self.message,
            "expected": self.expected,
            "actual": self.actual,
            "fix": self.fix,
        }


class Suppressor(str, Enum):
    """What kept a finding out of the verdict (SPEC §5 `by`)."""

    INLINE = "inline"
    """A `# uv-audit: ignore[...]` comment in the audited file."""
    TARGET_CONFIG = "target-config"
    """The audited pyproject.toml's `[tool.uv-audit]`."""
    OPTIONS = "options"
    """The command line or the environment."""


@frozen
class Suppressed:
    """A finding that a rule produced and the configuration kept out of the verdict: still
    listed in every report, so an audited file cannot hide anything unseen."""

    finding: Finding
    by: Suppressor

    def as_dict(self) -> dict[str, object]:
        return {"rule": self.finding.rule, "package": self.finding.package, "by": self.by.value}
