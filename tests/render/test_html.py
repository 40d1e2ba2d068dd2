"""The HTML report as text: self-contained, escaped, pinned by its CSP (the browser tests in
tests/browser check the same page in real Chromium)."""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser

from auditor.render import Format, render
from auditor.render.html import breakable_path, chain, code_spans
from tests.render.reports import HOSTILE, hostile_report, sample_report


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
    assert "2 targets 4 findings 2 error 1 warning 1 info" in text
    assert "Target run-dir/model" in text and "Target project" in text
    assert re.search(
        r'class="missing"><span class="mark" aria-hidden="true">✗</span> <code>.python-version</code>', page
    )
    assert "group <code>serve</code>" in page and "(from environment)" in text
    assert "core dependencies only" in text and "No findings." in text
    assert "mlruns/.trash: permission denied" in text


def test_each_finding_links_to_its_rule_section() -> None:
    page = render(sample_report(), Format.HTML)
    found = scan(page)
    links = {a["href"] for t, a in found.tags if t == "a" and a.get("class") == "rule-link"}
    ids = {a["id"] for _, a in found.tags if a.get("id")}
    assert links == {"#rule-UVA201", "#rule-UVA301", "#rule-UVA401", "#rule-UVA505"}
    assert {link[1:] for link in links if link} <= ids


def test_registered_rule_docs_are_included() -> None:
    from auditor.findings import Severity
    from auditor.report import Report, SelectionInfo, TargetReport
    from rules import ALL_RULES
    from tests.render.reports import ARTIFACTS_ALL, finding

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
    from auditor.report import Report

    page = render(Report(targets=()), Format.HTML)
    assert "No artifact set found" in page and 'id="filters"' not in page
