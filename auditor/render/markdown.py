"""GitHub-flavoured Markdown for `$GITHUB_STEP_SUMMARY` and pull-request comments.

Every value from the audited files goes through `cell()`: Markdown punctuation is backslash-escaped,
`<`, `>` and `&` become entities (GitHub renders raw HTML in Markdown), `@` cannot mention anyone,
and newlines become `<br>` so a value never leaves its table cell.
"""

from __future__ import annotations

import re

from auditor.findings import Finding, Severity
from auditor.render.parts import suppressed
from auditor.report import Report, TargetReport

MAX_FINDINGS = 500
"""A job summary is capped at 1 MiB; past this many rows the table says how many were left out."""

_MD_PUNCT = re.compile(r"([\\`*_{}\[\]()#+!|~])")
_ICONS = {Severity.ERROR: "🔴 error", Severity.WARNING: "🟡 warning", Severity.INFO: "🔵 info"}


def cell(value: object) -> str:
    if value is None or value == "":
        return ""
    text = _MD_PUNCT.sub(r"\\\1", str(value))
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("@", "&#64;")
    return "<br>".join(part.strip() for part in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))


def _code(value: str) -> str:
    """A value shown in monospace; `<code>` rather than backticks so that any value is safe."""
    return f"<code>{cell(value)}</code>" if value else ""


def _where(finding: Finding) -> str:
    if not finding.file:
        return ""
    return _code(f"{finding.file}:{finding.line}" if finding.line else finding.file)


def _selection(target: TargetReport) -> str:
    parts = [f"group {g}" for g in target.selection.groups] + [f"extra {e}" for e in target.selection.extras]
    return f"{cell(', '.join(parts) or 'core dependencies only')} ({cell(target.selection.source)})"


def _details(finding: Finding) -> str:
    parts = [cell(finding.message)]
    compared = []
    if finding.expected is not None:
        compared.append(f"expected {_code(finding.expected)}")
    if finding.actual is not None:
        compared.append(f"found {_code(finding.actual)}")
    if compared:
        parts.append(", ".join(compared))
    if finding.fix:
        parts.append(f"**fix:** {cell(finding.fix)}")
    return "<br>".join(parts)


def render(report: Report, color: bool = False) -> str:
    s = report.summary()
    status = "✅ no findings" if not s["findings"] else f"{s['findings']} findings"
    out = [
        f"## uv-audit: {status}",
        "",
        "| Targets | Findings | Errors | Warnings | Info |",
        "|---:|---:|---:|---:|---:|",
        f"| {s['targets']} | {s['findings']} | {s['error']} | {s['warning']} | {s['info']} |",
        "",
    ]
    if report.targets:
        out += ["| Target | Findings | Missing artifacts | Selection |", "|---|---:|---|---|"]
        for t in report.targets:
            missing = ", ".join(t.missing)
            out.append(f"| {_code(t.path)} | {len(t.findings)} | {cell(missing) or '—'} | {_selection(t)} |")
        out.append("")
    rows = [(t, f) for t in report.targets for f in t.findings]
    if rows:
        out += ["### Findings", "", "| Severity | Rule | Package | Location | Details |", "|---|---|---|---|---|"]
        for _, f in rows[:MAX_FINDINGS]:
            rule = f"{cell(f.rule)} {cell(f.name)}"
            out.append(f"| {_ICONS[f.severity]} | {rule} | {_code(f.package or '')} | {_where(f)} | {_details(f)} |")
        if len(rows) > MAX_FINDINGS:
            out += ["", f"… and {len(rows) - MAX_FINDINGS} more findings: see the full report (`--format html`)."]
        out.append("")
    hidden = [(t, suppressed(t)) for t in report.targets if t.suppressed]
    if hidden:
        out += [f"**Suppressed** ({s['suppressed']}, not counted in the verdict):", ""]
        out += [f"- {_code(t.path)}: {cell(text)}" for t, text in hidden]
        out.append("")
    for note in report.notes:
        out.append(f"> note: {cell(note)}")
    return "\n".join(out).rstrip("\n") + "\n"
