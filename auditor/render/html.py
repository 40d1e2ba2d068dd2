"""The HTML report: one self-contained file through templates/report.html.j2.

Safety: Jinja autoescaping escapes every value (attributes included); the page embeds no JSON
and its script never writes HTML (only `textContent`, `hidden` and attribute toggles). A
Content-Security-Policy allows nothing but the report's own inline style and script, pinned by
their SHA-256: even a value that escaped escaping could neither run script nor load anything.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from auditor.findings import Finding, Severity
from auditor.render.templates import environment
from auditor.report import Report, TargetReport
from auditor.rule import Rule
from auditor.ruledoc import Block, parse

# A chain starts at a word boundary only (the lookbehind): without it, a long word with no arrow
# was scanned again from each of its characters, quadratic time (59 KB .python-version: 6 s).
_CHAIN = re.compile(r"(?<![^\s,;()\[\]'\"`])[^\s,;()\[\]'\"`]+(?:\s*(?:->|→)\s*[^\s,;()\[\]'\"`]+)+")
_ARROW = re.compile(r"\s*(?:->|→)\s*")


@dataclass(frozen=True)
class Row:
    finding: Finding
    target: str
    chain: tuple[str, ...]

    @property
    def location(self) -> str:
        f = self.finding
        return f"{f.file}:{f.line}" if f.file and f.line else f.file or self.target


@dataclass(frozen=True)
class RuleSection:
    code: str
    name: str
    severity: str
    summary: str
    blocks: tuple[Block, ...]
    anchor: str


def chain(message: str) -> tuple[str, ...]:
    """The dependency chain a leak message names (`train -> tqdm -> colorama`), if any."""
    match = _CHAIN.search(message)
    return tuple(_ARROW.split(match.group(0).strip())) if match else ()


def code_spans(text: str) -> Markup:
    """`text` escaped, with its `backtick` spans shown as <code> (each part escaped on its own)."""
    parts = text.split("`")
    if len(parts) % 2 == 0:  # an unmatched backtick: show the text as it is
        return escape(text)
    return Markup("").join(escape(p) if i % 2 == 0 else Markup("<code>%s</code>") % p for i, p in enumerate(parts))


def breakable_path(path: str) -> Markup:
    """`path` escaped, with line-break opportunities after each `/` (not inside names)."""
    return Markup("/<wbr>").join(escape(part) for part in path.split("/"))


def anchor(code: str) -> str:
    return "rule-" + re.sub(r"[^A-Za-z0-9_-]", "_", code)


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def _sections(report: Report, rules: Sequence[Rule]) -> list[RuleSection]:
    by_code = {r.code: r for r in rules}
    out: list[RuleSection] = []
    for code in sorted({f.rule for f in report.findings}):
        rule = by_code.get(code)
        if rule is None:
            name = next(f.name for f in report.findings if f.rule == code)
            out.append(RuleSection(code, name, "", "No documentation is registered for this rule.", (), anchor(code)))
            continue
        doc = parse(rule.doc)
        summary = doc.summary or rule.name
        out.append(RuleSection(rule.code, rule.name, rule.severity.value, summary, doc.blocks, anchor(code)))
    return out


def _rows(target: TargetReport) -> list[Row]:
    return [Row(f, target.path, chain(f.message)) for f in target.findings]


def render(report: Report, color: bool = False) -> str:
    env = environment()
    assert env.loader is not None
    css = env.loader.get_source(env, "report.css")[0]
    js = env.loader.get_source(env, "report.js")[0]
    if "</" in css or "</" in js:  # pragma: no cover - guards the static assets themselves
        raise ValueError("report.css and report.js must not contain '</'")
    csp = (
        f"default-src 'none'; style-src {_sha256(css)}; script-src {_sha256(js)}; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    counts = Counter(f.rule for f in report.findings)
    names = {f.rule: f.name for f in report.findings}
    return env.get_template("report.html.j2").render(
        report=report,
        summary=report.summary(),
        targets=[(t, _rows(t)) for t in report.targets],
        sections=_sections(report, report.rules),
        rule_filter=[(code, names[code], counts[code]) for code in sorted(counts)],
        severities=[s.value for s in Severity],
        anchor=anchor,
        code=code_spans,
        path=breakable_path,
        csp=csp,
        css=css,
        js=js,
    )
