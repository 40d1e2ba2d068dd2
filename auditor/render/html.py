"""The HTML report: one self-contained file through templates/report.html.j2.

For a registry, the first screen answers "what is wrong across it": per rule, how many targets and
findings (an inline SVG bar chart), then the failing targets, worst first, with targets whose
findings are identical up to their own path (many models logged from one project) grouped into one
card. Clean targets are one collapsed list. A report of one target is that target's card alone.

Safety: Jinja autoescaping escapes every value (attributes included); the page embeds no JSON
and its script never writes HTML (only `textContent`, `hidden`, classes and attribute toggles). A
Content-Security-Policy allows nothing but the report's own inline style and script, pinned by
their SHA-256: even a value that escaped escaping could neither run script nor load anything.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Sequence

from markupsafe import Markup, escape

from auditor.findings import Finding, Severity
from auditor.frozen import frozen
from auditor.render.parts import suppressed
from auditor.render.templates import environment
from auditor.report import Report, TargetReport
from auditor.ruledoc import Block, parse

# A chain starts at a word boundary only (the lookbehind): without it, a long word with no arrow
# was scanned again from each of its characters, quadratic time (59 KB .python-version: 6 s).
_CHAIN = re.compile(r"(?<![^\s,;()\[\]'\"`])[^\s,;()\[\]'\"`]+(?:\s*(?:->|→)\s*[^\s,;()\[\]'\"`]+)+")
_ARROW = re.compile(r"\s*(?:->|→)\s*")
_NUMBER = re.compile(r"(?<![0-9A-Za-z])[0-9a-fA-F]{16,}(?![0-9A-Za-z])|(\d+)")
PACKAGES_IN_TITLE = 3  # a group's title names this many packages per rule, then "+N"
OPEN_GROUPS = 3  # a report with at most this many failing groups shows them expanded
CHART_BAR = {"targets": 250.0, "findings": 220.0}  # each column's longest bar (the chart is 960 wide)


@frozen
class Row:
    finding: Finding
    location: str
    chain: tuple[str, ...]


@frozen
class Group:
    """Targets with identical findings (up to their own path): `target` is the first member, whose
    findings the card shows; locations are relative to the target when it has several members."""

    members: tuple[str, ...]
    target: TargetReport
    rows: tuple[Row, ...]
    title: tuple[tuple[str, str, tuple[str, ...], int], ...]
    """Per rule, most severe first: (code, severity, first packages, number of packages not named)."""

    @property
    def counts(self) -> dict[str, int]:
        """Findings per severity, in each member."""
        return {s.value: sum(1 for f in self.target.findings if f.severity is s) for s in Severity}

    @property
    def worst(self) -> str:
        return max(self.target.findings, key=lambda f: f.severity.rank).severity.value

    @property
    def noun(self) -> str:
        return "models" if self.target.kind == "model" else "projects"


@frozen
class Bar:
    """One rule in the summary chart: widths are in the chart's own units."""

    code: str
    name: str
    severity: str
    targets: int
    findings: int
    targets_width: float
    findings_width: float


@frozen
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


def natural_key(text: str) -> tuple[tuple[tuple[str, int], ...], str]:
    """Sort key putting `m-2` before `m-10`: digit runs compare as numbers (ties: as written),
    except inside a long hex id (a model or run id), which compares as text."""
    pairs: list[tuple[str, int]] = []
    start = 0
    for match in _NUMBER.finditer(text):
        if match.group(1) is not None:
            pairs.append((text[start : match.start()].casefold(), int(match.group(1))))
            start = match.end()
    pairs.append((text[start:].casefold(), -1))
    return tuple(pairs), text


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def _path_pattern(path: str) -> re.Pattern[str]:
    """The target's own path as a whole path (not inside another name)."""
    return re.compile(r"(?<![\w.-])" + re.escape(path) + r"(?![\w.-])")


def _without_path(text: str | None, path: str, pattern: re.Pattern[str]) -> str | None:
    return pattern.sub("\0", text) if text and path and path in text else text


def group_key(target: TargetReport) -> Hashable:
    """What two targets must share to be one group: artifacts, selection, and every finding (and
    suppressed finding) with the target's own path blanked out of its file, message, expected,
    actual and fix."""
    p, pattern = target.path, _path_pattern(target.path)

    def blank(text: str | None) -> str | None:
        return _without_path(text, p, pattern)

    texts = ("file", "message", "expected", "actual", "fix")
    pairs = [(f, None) for f in target.findings] + [(s.finding, s.by) for s in target.suppressed]
    findings = tuple(
        (f.rule, f.severity, f.package, f.line, by, *(blank(getattr(f, k)) for k in texts)) for f, by in pairs
    )
    return (tuple(sorted(target.artifacts.items())), target.selection, findings)


def _location(finding: Finding, target: str, relative: bool) -> str:
    file = finding.file or target
    if relative and file.startswith(target + "/"):
        file = file[len(target) + 1 :]
    elif relative and file == target:
        file = "."
    return f"{file}:{finding.line}" if finding.file and finding.line else file


def _worst(findings: Iterable[Finding]) -> dict[str, Severity]:
    """Each rule's most severe finding's severity (configuration can change a rule's)."""
    out: dict[str, Severity] = {}
    for f in findings:
        if f.rule not in out or f.severity.rank > out[f.rule].rank:
            out[f.rule] = f.severity
    return out


def _title(findings: Sequence[Finding]) -> tuple[tuple[str, str, tuple[str, ...], int], ...]:
    packages: dict[str, list[str]] = defaultdict(list)
    for f in findings:
        if f.package and f.package not in packages[f.rule]:
            packages[f.rule].append(f.package)
    severity = _worst(findings)
    codes = sorted(severity, key=lambda c: (-severity[c].rank, c))
    shown = PACKAGES_IN_TITLE
    return tuple((c, severity[c].value, tuple(packages[c][:shown]), max(0, len(packages[c]) - shown)) for c in codes)


def groups(report: Report) -> tuple[list[Group], list[TargetReport]]:
    """The failing targets grouped, worst first (errors, then warnings, then infos per target, then
    the larger group, then natural order), and the clean targets in natural order."""
    by_key: dict[Hashable, list[TargetReport]] = defaultdict(list)
    clean: list[TargetReport] = []
    for target in report.targets:
        if target.findings:
            by_key[group_key(target)].append(target)
        else:
            clean.append(target)
    out: list[Group] = []
    for members in by_key.values():
        members.sort(key=lambda t: natural_key(t.path))
        first = members[0]
        relative = len(members) > 1
        rows = tuple(Row(f, _location(f, first.path, relative), chain(f.message)) for f in first.findings)
        out.append(Group(tuple(t.path for t in members), first, rows, _title(first.findings)))
    out.sort(key=lambda g: (*(-g.counts[s.value] for s in Severity), -len(g.members), natural_key(g.members[0])))
    return out, sorted(clean, key=lambda t: natural_key(t.path))


def bars(report: Report) -> list[Bar]:
    """Per rule that fired: targets with at least one of its findings, and its findings; most
    widespread first. Target bars are out of all targets, finding bars out of the largest count."""
    everything = report.findings
    findings = Counter(f.rule for f in everything)
    targets = Counter(code for t in report.targets for code in {f.rule for f in t.findings})
    severity, names = _worst(everything), {f.rule: f.name for f in everything}
    total, most = max(1, len(report.targets)), max(findings.values(), default=1)
    widths = {
        c: (CHART_BAR["targets"] * targets[c] / total, CHART_BAR["findings"] * findings[c] / most) for c in findings
    }
    return [
        Bar(c, names[c], severity[c].value, targets[c], findings[c], round(widths[c][0], 1), round(widths[c][1], 1))
        for c in sorted(findings, key=lambda c: (-targets[c], -findings[c], c))
    ]


def _sections(report: Report) -> list[RuleSection]:
    codes = sorted({f.rule for t in report.targets for f in t.findings})
    if not codes:
        return []
    by_code = {r.code: r for r in report.rules}  # the run's rules: the page imports no registry
    out: list[RuleSection] = []
    for code in codes:
        rule = by_code.get(code)
        if rule is None:
            name = next(f.name for f in report.findings if f.rule == code)
            out.append(RuleSection(code, name, "", "No documentation is registered for this rule.", (), anchor(code)))
            continue
        doc = parse(rule.doc)
        summary = doc.summary or rule.name
        out.append(RuleSection(rule.code, rule.name, rule.severity.value, summary, doc.blocks, anchor(code)))
    return out


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
    failing, clean = groups(report)
    chart = bars(report)
    summary = report.summary()
    return env.get_template("report.html.j2").render(
        report=report,
        summary=summary,
        failing_targets=sum(len(g.members) for g in failing),
        groups=failing,
        clean=clean,
        single=len(report.targets) == 1,
        open_groups=len(failing) <= OPEN_GROUPS,
        bars=chart if len(report.targets) > 1 else [],
        bar_max=CHART_BAR,
        sections=_sections(report),
        rule_filter=[(b.code, b.name, b.findings) for b in sorted(chart, key=lambda b: b.code)],
        severities=[s.value for s in Severity],
        anchor=anchor,
        code=code_spans,
        path=breakable_path,
        hidden=suppressed,
        n="{:,}".format,
        csp=csp,
        css=css,
        js=js,
    )
