"""The HTML report in real headless Chromium, opened from file:// as a user would."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest

from auditor.render import Format, render
from auditor.report import Report, TargetReport
from tests.render.reports import HOSTILE, hostile_report, sample_report


@dataclass
class Opened:
    page: Any
    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@pytest.fixture
def open_report(chromium: Any, tmp_path: Path) -> Iterator[Any]:
    pages: list[Any] = []

    def _open(report: Report, width: int = 1280) -> Opened:
        path = tmp_path / f"report-{len(pages)}.html"
        path.write_text(render(report, Format.HTML), encoding="utf-8")
        page = chromium.new_page()
        pages.append(page)
        opened = Opened(page)
        page.set_viewport_size({"width": width, "height": 900})
        page.on("request", lambda r: opened.requests.append(r.url))
        page.on("dialog", lambda d: (opened.dialogs.append(d.message), d.dismiss()))
        page.on("pageerror", lambda e: opened.errors.append(str(e)))
        page.on("console", lambda m: opened.errors.append(m.text) if m.type == "error" else None)

        def _route(route: Any) -> None:
            if route.request.url == path.as_uri():
                route.continue_()
            else:
                opened.blocked.append(route.request.url)
                route.abort()

        page.route("**/*", _route)
        page.goto(path.as_uri(), wait_until="load")
        page.wait_for_timeout(200)
        return opened

    yield _open
    for page in pages:
        page.close()


def _visible_rows(page: Any) -> int:
    return int(page.locator("tr.finding:visible").count())


def test_loads_from_file_with_no_network_request(open_report: Any) -> None:
    opened = open_report(sample_report())
    assert opened.requests == [opened.page.url], opened.requests
    assert opened.blocked == []
    assert opened.errors == [], "a CSP violation or script error shows up here"
    # the script ran (its hash is in the CSP): the filters are shown and counted
    assert opened.page.locator("#filters").is_visible()
    assert opened.page.locator("#shown").inner_text() == "Showing all 4 findings."


def test_filters_by_severity_rule_and_text(open_report: Any) -> None:
    page = open_report(sample_report()).page
    assert _visible_rows(page) == 4
    page.get_by_label("error (2)").uncheck()
    assert _visible_rows(page) == 2
    assert page.locator("#shown").inner_text() == "Showing 2 of 4 findings."
    assert set(page.locator("tr.finding:visible").evaluate_all("rs => rs.map(r => r.dataset.severity)")) == {
        "warning",
        "info",
    }
    page.get_by_label("error (2)").check()
    page.select_option("#rule-filter", "UVA301")
    assert _visible_rows(page) == 1
    assert page.locator("tr.finding:visible .rule-link").inner_text() == "UVA301"
    page.select_option("#rule-filter", "")
    page.fill("#text-filter", "internal-lib")
    assert _visible_rows(page) == 1
    page.fill("#text-filter", "no such thing")
    assert _visible_rows(page) == 0
    assert page.locator(".group:visible").count() == 0, "no empty card"
    assert page.locator("#no-match").is_visible()
    page.fill("#text-filter", "project")  # a clean target's path: the clean list shows it
    assert _visible_rows(page) == 0 and page.locator("#clean").is_visible()
    assert not page.locator("#no-match").is_visible()
    page.click("#reset-filters")
    page.wait_for_timeout(100)  # the form's reset event fires before the inputs are reset
    assert _visible_rows(page) == 4
    assert page.locator("#shown").inner_text() == "Showing all 4 findings."


def test_sorting_by_column(open_report: Any) -> None:
    page = open_report(sample_report()).page

    def packages() -> list[str]:
        cells = page.locator("tr.finding td.pkg")
        return [str(c).strip() for c in cells.all_inner_texts()]

    assert packages() == ["requests", "colorama", "—", "internal-lib"]
    page.get_by_role("button", name="Package").click()
    assert packages() == ["—", "colorama", "internal-lib", "requests"]
    assert page.locator("th[data-key=package]").get_attribute("aria-sort") == "ascending"
    page.get_by_role("button", name="Package").click()
    assert packages() == ["requests", "internal-lib", "colorama", "—"]
    page.get_by_role("button", name="Severity").click()  # most severe first
    severities = page.locator("tr.finding").evaluate_all("rs => rs.map(r => r.dataset.severity)")
    assert severities == ["error", "error", "warning", "info"]


def test_rule_link_jumps_to_its_section_in_the_page(open_report: Any) -> None:
    opened = open_report(sample_report())
    page = opened.page
    page.locator("a.rule-link", has_text="UVA301").click()
    assert page.url.endswith("#rule-UVA301")
    assert page.locator("#rule-UVA301").is_visible()
    assert opened.requests == [page.url.split("#")[0]]


def test_hostile_names_run_no_script_and_show_literally(open_report: Any) -> None:
    opened = open_report(hostile_report())
    page = opened.page
    page.fill("#text-filter", "pwned")  # drive the script over the hostile text as well
    page.get_by_role("button", name="Package").click()
    assert opened.dialogs == []
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("img").count() == 0
    assert page.locator("script").count() == 1
    assert page.locator("td.details .message").inner_text().startswith(HOSTILE)
    assert page.locator("td.pkg code").inner_text() == HOSTILE
    assert HOSTILE in page.locator("h2 code").inner_text()
    assert page.locator(".selection").inner_text().count(HOSTILE) == 2
    assert page.locator(".notes li").inner_text() == HOSTILE
    assert _visible_rows(page) == 1 and opened.errors == []
    assert opened.requests == [page.url]


def _hostile_registry() -> Report:
    """Three hostile models (two identical up to their path: one group) and a clean one."""
    one = hostile_report().targets[0]
    targets = tuple(
        TargetReport(
            one.path.replace("runs/", f"runs/{i}/"),
            one.artifacts,
            one.selection,
            tuple(replace(f, file=f.file.replace("runs/", f"runs/{i}/")) for f in one.findings if f.file),
        )
        for i in (1, 2)
    )
    other = TargetReport(f"runs/3/{HOSTILE}", one.artifacts, one.selection, (replace(one.findings[0], line=9),))
    clean = TargetReport(f"clean/{HOSTILE}", one.artifacts, one.selection, ())
    return Report(targets=(*targets, other, clean), notes=(HOSTILE,))


def test_hostile_names_in_the_grouped_view_run_no_script(open_report: Any) -> None:
    opened = open_report(_hostile_registry())
    page = opened.page
    assert page.locator("details.group").count() == 2 and page.locator("#chart .bar").count() == 1
    for summary in page.locator("details > summary").all():
        if not summary.locator("xpath=..").evaluate("d => d.open"):
            summary.click()
    page.fill("#text-filter", "pwned")
    page.locator("#chart .bar").click()
    page.get_by_role("button", name="Package").first.click()
    assert opened.dialogs == [] and opened.errors == []
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("img").count() == 0 and page.locator("script").count() == 1
    title = " ".join(page.locator("details.group > summary").first.inner_text().split())
    assert title == f"ERROR 2 models: UVA301 {HOSTILE} (1 error each)"
    assert page.locator(".members li").all_inner_texts() == [f"runs/{i}/{HOSTILE}/model" for i in (1, 2)]
    assert page.locator("#clean li").inner_text() == f"clean/{HOSTILE}"
    assert _visible_rows(page) == 2
    assert opened.requests == [page.url]


def test_phone_layout_has_no_horizontal_scroll(open_report: Any) -> None:
    page = open_report(sample_report(), width=390).page
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    assert page.locator("tr.finding").first.evaluate("r => getComputedStyle(r).display") == "block"


def test_print_media_hides_controls(open_report: Any) -> None:
    page = open_report(sample_report()).page
    page.emulate_media(media="print")
    assert not page.locator("#filters").is_visible()
    assert _visible_rows(page) == 4
