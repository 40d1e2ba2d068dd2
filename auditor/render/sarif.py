"""SARIF 2.1.0 for GitHub code scanning and other SARIF consumers.

Built as plain data and serialised with `json.dumps` (no template: SARIF is nested deeply enough
that a dict is the clearer source, and `json.dumps` escapes every string). `tool.driver.rules`
holds every rule of the report (`Report.rules`: the registry), so a consumer can show the
documentation of rules that did not fire.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from auditor.findings import Finding, Severity
from auditor.render.location import repo_relative, without_line_numbers
from auditor.render.parts import details
from auditor.report import Report
from auditor.rule import Rule
from auditor.ruledoc import parse, rule_markdown

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
FINGERPRINT_KEY = "uvAuditFinding/v1"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_PROBLEM_SEVERITY = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "recommendation"}


def _rule_descriptor(rule: Rule) -> dict[str, Any]:
    doc = parse(rule.doc)
    full = " ".join(
        f"{b.label}: {b.text}" if b.label else b.text
        for b in doc.blocks
        if b.kind == "para" and b.label in (None, "Why", "Fires when")
    )
    fix = doc.section("Fix")
    help_text = rule.doc.strip() or rule.name
    if fix and "Fix:" not in help_text:
        help_text += f"\n\nFix: {fix}"
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": doc.summary or rule.name},
        "fullDescription": {"text": full or doc.summary or rule.name},
        "help": {"text": help_text, "markdown": rule_markdown(rule)},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {
            "tags": ["uv", "mlflow", "dependencies"],
            "precision": "high",
            "problem.severity": _PROBLEM_SEVERITY[rule.severity],
        },
    }


def _unregistered(finding: Finding) -> dict[str, Any]:
    """A descriptor for a finding whose rule the report does not document (never for the real CLI)."""
    return {
        "id": finding.rule,
        "name": finding.name,
        "shortDescription": {"text": finding.name},
        "defaultConfiguration": {"level": LEVELS[finding.severity]},
    }


def _message(finding: Finding) -> str:
    return details(finding, capital=True)


def fingerprint(finding: Finding, uri: str) -> str:
    """Stable across runs: rule, file, package and message, without line numbers."""
    key = "\0".join((finding.rule, uri, finding.package or "", without_line_numbers(finding.message)))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def _result(finding: Finding, target_path: str, index: int, seen: dict[str, int], base: str | None) -> dict[str, Any]:
    uri = repo_relative(finding.file or target_path, base)
    print_ = fingerprint(finding, uri)
    seen[print_] = seen.get(print_, 0) + 1
    location: dict[str, Any] = {"artifactLocation": {"uri": uri}}
    if finding.line is not None and finding.line >= 1:
        location["region"] = {"startLine": finding.line}
    properties = {k: v for k, v in finding.as_dict().items() if k in ("package", "expected", "actual", "fix")}
    properties["target"] = target_path
    return {
        "ruleId": finding.rule,
        "ruleIndex": index,
        "level": LEVELS[finding.severity],
        "message": {"text": _message(finding)},
        "locations": [{"physicalLocation": location}],
        "partialFingerprints": {FINGERPRINT_KEY: f"{print_}:{seen[print_]}"},
        "properties": properties,
    }


def sarif_log(report: Report) -> dict[str, Any]:
    rules = report.rules
    descriptors = [_rule_descriptor(r) for r in rules]
    index = {r.code: i for i, r in enumerate(rules)}
    results: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for target in report.targets:
        for finding in target.findings:
            if finding.rule not in index:
                index[finding.rule] = len(descriptors)
                descriptors.append(_unregistered(finding))
            results.append(_result(finding, target.path, index[finding.rule], seen, report.root))
    notes = [{"level": "warning", "message": {"text": note}} for note in report.notes]
    invocation: dict[str, Any] = {"executionSuccessful": True}
    if notes:
        invocation["toolExecutionNotifications"] = notes
    driver = {"name": "uv-audit", "version": report.version, "rules": descriptors}
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{"tool": {"driver": driver}, "invocations": [invocation], "results": results}],
    }


def render(report: Report, color: bool = False) -> str:
    return json.dumps(sarif_log(report), indent=2, ensure_ascii=False) + "\n"
