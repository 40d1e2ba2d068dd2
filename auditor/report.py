"""The report: what every renderer receives (SPEC §5)."""

from __future__ import annotations

from collections.abc import Mapping

from auditor import __version__
from auditor.artifacts import EXPECTED, kind
from auditor.findings import Finding, Severity, Suppressed
from auditor.frozen import frozen
from auditor.rule import Rule


@frozen
class SelectionInfo:
    groups: tuple[str, ...] = ()
    extras: tuple[str, ...] = ()
    source: str = "default"
    only_groups: bool = False


@frozen
class TargetReport:
    path: str
    artifacts: Mapping[str, bool]
    """Whether each of auditor.artifacts.ARTIFACTS is present."""
    selection: SelectionInfo
    findings: tuple[Finding, ...]
    suppressed: tuple[Suppressed, ...] = ()
    """Findings the configuration or an inline comment kept out of the verdict (still shown)."""
    fail_on: Severity = Severity.WARNING
    """The target's `fail-on`: a finding at or above it fails the gate."""

    @property
    def failed(self) -> bool:
        return any(f.severity.rank >= self.fail_on.rank for f in self.findings)

    @property
    def kind(self) -> str:
        """`model` or `project` (auditor.artifacts.kind)."""
        return kind({name for name, present in self.artifacts.items() if present})

    @property
    def missing(self) -> tuple[str, ...]:
        """The artifacts this kind of target should hold and does not."""
        return tuple(name for name in EXPECTED[self.kind] if not self.artifacts.get(name))


@frozen
class Report:
    targets: tuple[TargetReport, ...]
    notes: tuple[str, ...] = ()
    """Things that were skipped (unreadable directories, depth limit), for the text report."""
    version: str = __version__
    rules: tuple[Rule, ...] = ()
    """The rules the run knew (registry order): their documentation for the reports that show it."""
    root: str | None = None
    """The directory SARIF and GitHub annotations give paths relative to (None: the working directory)."""
    unreadable: tuple[str, ...] = ()
    """One line per model on a tracking server that could not be fetched (a gate fails on it)."""

    @property
    def failed(self) -> bool:
        """Exit 1 (SPEC §6): a finding at or above its target's fail-on, or a model not fetched."""
        return bool(self.unreadable) or any(t.failed for t in self.targets)

    @property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(f for t in self.targets for f in t.findings)

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    def summary(self) -> dict[str, int]:
        return {
            "targets": len(self.targets),
            "findings": len(self.findings),
            "error": self.count(Severity.ERROR),
            "warning": self.count(Severity.WARNING),
            "info": self.count(Severity.INFO),
            "suppressed": sum(len(t.suppressed) for t in self.targets),
        }
