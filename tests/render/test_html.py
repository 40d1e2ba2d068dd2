"""The HTML report as text: self-contained, escaped, pinned by its CSP (the browser tests in
tests/browser check the same page in real Chromium)."""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import replace
from html.parser import HTMLParser

from auditor.findings import Severity
from auditor.render import Format, render
from auditor.render.html import bars, breakable_path, chain, code_spans, group_key, groups, natural_key
from auditor.report import Report, SelectionInfo, TargetReport
from rules import ALL_RULES
from tests.render.reports import ARTIFACTS_ALL, HOSTILE, finding, hostile_report, sample_report


class _Scan(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self._in: str | None = None
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in = tag if tag in ("script", "style") else None

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "script":
            self.scripts.append(data)
        elif self._in == "style":
            self.styles.append(data)
        else:
            self.text.append(data)


def scan(html: str) -> _Scan:
    parser = _Scan()
    parser.feed(html)
    parser.close()
    return parser


def _hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


def test_self_contained_no_external_reference() -> None:
    page = render(sample_report(), Format.HTML)
    found = scan(page)
    for tag, attrs in found.tags:
        for name in ("src", "href", "action", "data", "poster"):
            value = attrs.get(name)
            if value is not None:
                assert value.startswith("#") or value == "data:,", (tag, name, value)
    assert not re.search(r"url\(|@import", "".join(found.styles))
    code = "".join(found.scripts + found.styles)
    assert not re.search(r"https?:|fetch\(|XMLHttpRequest|innerHTML|outerHTML|insertAdjacentHTML|document\.write", code)


def test_csp_pins_the_one_inline_script_and_style() -> None:
    page = render(sample_report(), Format.HTML)
    found = scan(page)
    assert len(found.scripts) == 1 and len(found.styles) == 1
    csp = next(a["content"] for t, a in found.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert csp is not None and "default-src 'none'" in csp
    assert f"script-src '{_hash(found.scripts[0])}'" in csp
    assert f"style-src '{_hash(found.styles[0])}'" in csp
    assert "unsafe-inline" not in csp


def test_no_inline_event_handlers_or_style_attributes() -> None:
    for report in (sample_report(), hostile_report()):
        for _tag, attrs in scan(render(report, Format.HTML)).tags:
            assert not [a for a in attrs if a.startswith("on") or a == "style"], attrs


def test_hostile_values_are_escaped_everywhere() -> None:
    page = render(hostile_report(), Format.HTML)
    assert HOSTILE not in page
    assert "<img" not in page and "</td><img" not in page
    assert page.count("<script") == 1
    found = scan(page)
    assert [t for t, _ in found.tags if t in ("img", "iframe", "object", "embed")] == []
    text = "".join(found.text)
    # shown literally: package, group, path, message, expected/actual, fix, notes
    assert text.count(HOSTILE) >= 7
    rows = [a for t, a in found.tags if t == "tr" and a.get("class", "").startswith("finding")]
    assert rows and rows[0]["data-severity"] == "error" and rows[0]["data-rule"] == "UVA301"


def test_summary_targets_artifacts_and_selection() -> None:
    page = render(sample_report(), Format.HTML)
    text = " ".join("".join(scan(page).text).split())
    assert "2 targets 1 failing 1 clean 4 findings 2 error 1 warning 1 info" in text
    assert '<code class="g-path">run-dir/model</code>' in page  # a group of one is named by its path
    assert re.search(
        r'<details class="clean-list" id="clean">\s*<summary>✓ <span class="clean-n">1</span> clean target ', page
    )
    assert "<li>project</li>" in page
    assert re.search(
        r'class="missing"><span class="mark" aria-hidden="true">✗</span> <code>.python-version</code>', page
    )
    assert "group <code>serve</code>" in page and "(from environment)" in text
    assert "mlruns/.trash: permission denied" in text


def test_single_target_report_has_no_grouping_chart_or_clean_list() -> None:
    one = Report(targets=sample_report().targets[:1])
    page = render(one, Format.HTML)
    text = " ".join("".join(scan(page).text).split())
    assert "1 target 4 findings 2 error 1 warning 1 info" in text
    assert "Target run-dir/model" in text
    assert "<svg" not in page and "<details" not in page and "failing" not in text and "1 model" not in text
    clean = Report(targets=sample_report().targets[1:])
    text = " ".join("".join(scan(render(clean, Format.HTML)).text).split())
    assert "Target project" in text and "No findings." in text


def test_each_finding_links_to_its_rule_section() -> None:
    page = render(sample_report(), Format.HTML)
    found = scan(page)
    links = {a["href"] for t, a in found.tags if t == "a" and a.get("class") == "rule-link"}
    ids = {a["id"] for _, a in found.tags if a.get("id")}
    assert links == {"#rule-UVA201", "#rule-UVA301", "#rule-UVA401", "#rule-UVA505"}
    assert {link[1:] for link in links if link} <= ids


def test_registered_rule_docs_are_included() -> None:
    report = Report(
        targets=(
            TargetReport(
                "m",
                ARTIFACTS_ALL,
                SelectionInfo(),
                (finding("UVA001", "missing-lock", Severity.ERROR, None, "m/pyproject.toml", None, "no lock"),),
            ),
        ),
        rules=ALL_RULES,
    )
    page = render(report, Format.HTML)
    section = page[page.index('id="rule-UVA001"') :]
    assert "A target has pyproject.toml or requirements.txt but no uv.lock." in section
    assert "<strong>Fix:</strong>" in section and "<pre><code>--- pyproject.toml" in section


def test_finding_details_expected_actual_chain_fix() -> None:
    page = render(sample_report(), Format.HTML)
    assert (
        '<span class="k">expected</span> <code>2.32.3</code> <span class="k">found</span> <code>2.31.0</code>' in page
    )
    assert "<code>train</code>" in page and "<code>tqdm</code>" in page and "<code>colorama</code>" in page
    assert '<p class="fix"><span class="k">fix</span> uv export --no-dev --frozen &gt; requirements.txt</p>' in page
    assert "run-dir/<wbr>model/<wbr>requirements.txt:7" in page


def test_backtick_spans_become_code_and_stay_escaped() -> None:
    assert str(code_spans("run `uv lock` now")) == "run <code>uv lock</code> now"
    assert str(code_spans("`<b>` and <i>")) == "<code>&lt;b&gt;</code> and &lt;i&gt;"
    assert str(code_spans("odd ` <x>")) == "odd ` &lt;x&gt;"
    assert str(breakable_path("a/<b>/c")) == "a/<wbr>&lt;b&gt;/<wbr>c"


def test_chain_extraction() -> None:
    assert chain("x is reached only through group train: train -> tqdm -> colorama") == ("train", "tqdm", "colorama")
    assert chain("extra serve → fastapi → starlette, and more") == ("serve", "fastapi", "starlette")
    assert chain("no arrows here") == ()


def test_responsive_and_print_css() -> None:
    page = render(sample_report(), Format.HTML)
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert "@media (max-width: 720px)" in page and "@media print" in page


def test_empty_report() -> None:
    page = render(Report(targets=()), Format.HTML)
    assert "No artifact set found" in page and 'id="filters"' not in page


# --- a registry: groups, chart, clean targets, order -------------------------------------------


def _leaky(path: str, packages: tuple[str, ...] = ("tqdm", "colorama"), line: int = 12) -> TargetReport:
    """A model whose requirements.txt leaks `packages` through group train; its messages and fix
    name its own path, as real findings do."""
    findings = tuple(
        finding(
            "UVA301",
            "group-leak",
            package=p,
            file=f"{path}/requirements.txt",
            line=line + i,
            message=f"{p} reaches {path}/requirements.txt only through group train (train -> {p})",
            expected=None,
            actual=None,
            fix=f"uv export --no-dev --frozen > {path}/requirements.txt",
        )
        for i, p in enumerate(packages)
    )
    return TargetReport(path, ARTIFACTS_ALL, SelectionInfo(), findings)


def _clean(path: str) -> TargetReport:
    return TargetReport(path, dict.fromkeys(ARTIFACTS_ALL, True), SelectionInfo(), ())


def test_natural_order() -> None:
    names = ["m-10", "m-2", "M-3", "m-1", "m-02", "m", "m-1a", "n-0"]
    assert sorted(names, key=natural_key) == ["m", "m-1", "m-1a", "m-02", "m-2", "M-3", "m-10", "n-0"]
    ids = [f"mlruns/1/models/m-{i:032x}" for i in (10, 9, 255, 16)]  # MLflow model ids: hex, as text
    assert sorted(ids, key=natural_key) == sorted(ids)
    assert sorted(["models/a/10", "models/a/9", "models/b/1"], key=natural_key) == [
        "models/a/9",
        "models/a/10",
        "models/b/1",
    ]


def test_identical_findings_up_to_the_path_are_one_group() -> None:
    report = Report(
        targets=(
            _leaky("store/m-10"),
            _leaky("store/m-2"),
            _leaky("store/m-1"),
            _leaky("store/m-3", packages=("tqdm",)),  # another package set
            _leaky("store/m-4", line=13),  # another line
            _clean("store/m-9"),
        )
    )
    failing, clean = groups(report)
    assert [g.members for g in failing] == [("store/m-1", "store/m-2", "store/m-10"), ("store/m-4",), ("store/m-3",)]
    assert [t.path for t in clean] == ["store/m-9"]
    assert failing[0].title == (("UVA301", "error", ("tqdm", "colorama"), 0),)
    assert [r.location for r in failing[0].rows] == ["requirements.txt:12", "requirements.txt:13"]
    assert [r.location for r in failing[1].rows] == ["store/m-4/requirements.txt:13", "store/m-4/requirements.txt:14"]
    page = render(report, Format.HTML)
    text = " ".join("".join(scan(page).text).split())
    assert "3 models: UVA301 tqdm, colorama (2 errors each)" in text
    assert "store/m-4: UVA301 tqdm, colorama (2 errors)" in text
    assert "<li>store/m-1</li><li>store/m-2</li><li>store/m-10</li>" in page
    assert page.count('<details class="group"') == 3 and page.count('<tr class="finding"') == 5


def test_only_the_targets_own_path_is_ignored() -> None:
    assert group_key(_leaky("m-1")) == group_key(_leaky("m-2"))
    # each names another model's file: "m-1" inside "m-10" is not m-1's own path
    a = _leaky("m-1")
    b = _leaky("m-2")
    a = replace(a, findings=tuple(replace(f, message=f.message + " (as in m-10/requirements.txt)") for f in a.findings))
    b = replace(b, findings=tuple(replace(f, message=f.message + " (as in m-20/requirements.txt)") for f in b.findings))
    assert group_key(a) != group_key(b)
    assert len(groups(Report(targets=(a, b)))[0]) == 2
    other = replace(_leaky("m-2"), selection=SelectionInfo(groups=("serve",)))
    assert group_key(other) != group_key(_leaky("m-2")), "another selection is another group"
    assert group_key(replace(_leaky("m-2"), artifacts={**ARTIFACTS_ALL, "conda.yaml": False})) != group_key(
        _leaky("m-2")
    ), "other artifacts, another group"


def test_worst_first_then_larger_groups_then_natural_order() -> None:
    warning = finding("UVA401", "missing-python-version", Severity.WARNING, None, "x", None, "no .python-version")
    info = finding("UVA505", "private-index", Severity.INFO, "lib", "x/uv.lock", 3, "lib from an index")
    report = Report(
        targets=(
            TargetReport("w-1", ARTIFACTS_ALL, SelectionInfo(), (warning,)),
            TargetReport("i-1", ARTIFACTS_ALL, SelectionInfo(), (info, info)),
            _leaky("e-10", packages=("a",)),
            _leaky("e-9", packages=("a",), line=40),
            _leaky("e-2", packages=("a",), line=40),
            _leaky("e-1", packages=("a", "b")),
        )
    )
    failing, _ = groups(report)
    assert [g.members for g in failing] == [("e-1",), ("e-2", "e-9"), ("e-10",), ("w-1",), ("i-1",)]
    assert [g.worst for g in failing] == ["error", "error", "error", "warning", "info"]


def test_chart_counts_targets_and_findings_per_rule() -> None:
    warning = finding("UVA401", "missing-python-version", Severity.WARNING, None, "x", None, "no .python-version")
    many = _leaky("b", packages=("p1", "p2", "p3", "p4", "p5"))
    with_warning = TargetReport("c", ARTIFACTS_ALL, SelectionInfo(), (*_leaky("c").findings, warning))
    report = Report(targets=(_leaky("a"), many, with_warning, _clean("d")))
    chart = bars(report)
    assert [(b.code, b.severity, b.targets, b.findings) for b in chart] == [
        ("UVA301", "error", 3, 9),
        ("UVA401", "warning", 1, 1),
    ]
    assert chart[0].targets_width == 250 * 3 / 4 and chart[0].findings_width == 220
    page = render(report, Format.HTML)
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert '<a class="bar" href="#rule-UVA301" data-rule="UVA301" data-targets="3" data-findings="9">' in svg
    assert '<text class="value n-targets" x="493.5" y="40">3</text>' in svg
    assert "Targets with findings (of 4)" in svg and "Findings (10)" in svg
    text = " ".join("".join(scan(page).text).split())
    assert "b: UVA301 p1, p2, p3 +2 (5 errors)" in text
    assert "c: UVA301 tqdm, colorama · UVA401 (2 errors, 1 warning)" in text
    assert "4 targets 3 failing 1 clean 10 findings" in text


def test_counts_over_a_thousand_have_separators() -> None:
    report = Report(targets=tuple(_leaky(f"m-{i}") for i in range(1001)))
    text = " ".join("".join(scan(render(report, Format.HTML)).text).split())
    assert "1,001 targets 1,001 failing 0 clean 2,002 findings 2,002 error" in text
    assert "1,001 models: UVA301 tqdm, colorama (2 errors each)" in text


def test_few_groups_open_many_stay_closed() -> None:
    few = render(Report(targets=(_leaky("a"), _leaky("b", packages=("x",)))), Format.HTML)
    assert few.count('<details class="group" id="group-1" data-members="1" open>') == 1
    many = Report(targets=tuple(_leaky(f"m-{i}", packages=(f"p{i}",)) for i in range(4)))
    assert " open>" not in render(many, Format.HTML)


def test_rule_docs_come_from_the_report() -> None:
    from auditor.rule import rule

    @rule("UVA301", "group-leak", Severity.ERROR)
    def documented(target: object, ctx: object) -> tuple[()]:
        """Documentation carried by the report, not the registry.

        Fix: nothing to fix.
        """
        return ()

    report = Report(targets=(_leaky("a"),), rules=(documented,))
    page = render(report, Format.HTML)
    assert "Documentation carried by the report, not the registry." in page
    assert "<strong>Fix:</strong> nothing to fix." in page
    assert "only through a dependency group outside the selection" not in page
    bare = render(Report(targets=(_leaky("a"),)), Format.HTML)  # no rules: no registry import either
    assert "No documentation is registered for this rule." in bare


def test_hostile_values_in_group_titles_member_and_clean_lists() -> None:
    report = Report(
        targets=(
            _leaky(f"a/{HOSTILE}/1", packages=(HOSTILE,)),
            _leaky(f"a/{HOSTILE}/2", packages=(HOSTILE,)),
            _clean(f"b/{HOSTILE}"),
        )
    )
    page = render(report, Format.HTML)
    assert HOSTILE not in page and page.count("<script") == 1
    found = scan(page)
    assert [t for t, _ in found.tags if t in ("img", "iframe", "object", "embed", "script")] == ["script"]
    text = "".join(found.text)
    assert text.count(HOSTILE) >= 6  # title, two members, clean list, package cell, message, chain
    assert f"2 models: UVA301 {HOSTILE}" in " ".join(text.split())


def test_suppressed_findings_are_counted_and_listed_per_group_and_clean_target() -> None:
    from auditor.findings import Suppressed, Suppressor

    def hide(target: TargetReport, package: str, by: Suppressor) -> TargetReport:
        item = Suppressed(finding("UVA204", "unpinned-requirement", Severity.WARNING, package, None, None, "x"), by)
        return replace(target, suppressed=(*target.suppressed, item))

    report = Report(
        targets=(
            hide(_leaky("m-1"), "torch", Suppressor.INLINE),
            hide(_leaky("m-2"), "torch", Suppressor.INLINE),
            hide(_leaky("m-3"), "torch", Suppressor.OPTIONS),  # suppressed otherwise: another group
            hide(_clean("m-4"), "numpy", Suppressor.TARGET_CONFIG),
        )
    )
    failing, _ = groups(report)
    assert [g.members for g in failing] == [("m-1", "m-2"), ("m-3",)]
    text = " ".join("".join(scan(render(report, Format.HTML)).text).split())
    assert "4 targets 3 failing 1 clean 6 findings 6 error 0 warning 0 info 4 suppressed" in text
    assert "2 models: UVA301 tqdm, colorama (2 errors, 1 suppressed each)" in text
    assert "Suppressed (in each) 1 not counted in the verdict: UVA204 torch (inline)" in text
    assert "m-3: UVA301 tqdm, colorama (2 errors, 1 suppressed)" in text
    assert "m-4 (suppressed: UVA204 numpy (target-config))" in text
    single = " ".join("".join(scan(render(Report(targets=report.targets[3:]), Format.HTML)).text).split())
    assert "No findings. 1 suppressed, not counted in the verdict: UVA204 numpy (target-config)" in single
    assert "suppressed" not in " ".join("".join(scan(render(sample_report(), Format.HTML)).text).split())
