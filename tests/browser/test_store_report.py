"""The HTML report of the benchmark's 1,000-model store (tests/browser/store.py), checked against
the JSON report of the same store, in real headless Chromium (the size check needs no browser)."""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser import store as store_module
from tests.browser.store import StoreReports

MAX_BYTES = 1_500_000
VIEWPORT = {"width": 1280, "height": 900}


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> StoreReports:
    return store_module.build(tmp_path_factory.mktemp("store"))


@pytest.fixture
def page(chromium: Any, reports: StoreReports) -> Iterator[Any]:
    page = chromium.new_page()
    page.set_viewport_size(VIEWPORT)
    errors: list[str] = []
    requests: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("request", lambda r: requests.append(r.url))
    page.goto(reports.html.as_uri(), wait_until="load")
    yield page
    assert errors == [], "a CSP violation or script error shows up here"
    assert requests == [reports.html.as_uri()]
    page.close()


def _number(text: str) -> int:
    return int(text.replace(",", "").strip())


def _failing(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [t for t in data["targets"] if t["findings"]]


def _expected_groups(data: dict[str, Any]) -> dict[str, list[str]]:
    """Failing targets by their findings, artifacts and selection with the target's own path blanked."""
    out: dict[str, list[str]] = defaultdict(list)
    for target in _failing(data):
        own = re.compile(r"(?<![\w.-])" + re.escape(target["path"]) + r"(?![\w.-])")
        findings = [
            {k: own.sub("<T>", v) if isinstance(v, str) else v for k, v in f.items()} for f in target["findings"]
        ]
        key = json.dumps([findings, target["artifacts"], target["selection"]], sort_keys=True)
        out[key].append(target["path"])
    return out


def test_store_report_is_under_the_size_budget(reports: StoreReports) -> None:
    data = reports.data
    assert data["summary"]["targets"] == store_module.MODELS and data["summary"]["findings"] > 1000
    size = reports.html.stat().st_size
    assert size < MAX_BYTES, f"{size:,} bytes"


def test_summary_and_chart_counts_equal_the_json_report(page: Any, reports: StoreReports) -> None:
    data = reports.data
    summary = data["summary"]
    counts = {
        re.sub(r"^[\d,]+\s*", "", text.strip()): _number(text.split()[0])
        for text in page.locator(".summary .count").all_inner_texts()
    }
    failing = len(_failing(data))
    assert counts == {
        "targets": summary["targets"],
        "failing": failing,
        "clean": summary["targets"] - failing,
        "findings": summary["findings"],
        "error": summary["error"],
        "warning": summary["warning"],
        "info": summary["info"],
        **({"suppressed": summary["suppressed"]} if summary["suppressed"] else {}),
    }
    targets: Counter[str] = Counter()
    findings: Counter[str] = Counter()
    for target in data["targets"]:
        targets.update({f["rule"] for f in target["findings"]})
        findings.update(f["rule"] for f in target["findings"])
    chart = {
        bar.get_attribute("data-rule"): (
            _number(bar.locator(".n-targets").text_content()),
            _number(bar.locator(".n-findings").text_content()),
        )
        for bar in page.locator("#chart .bar").all()
    }
    assert chart == {rule: (targets[rule], findings[rule]) for rule in findings}
    assert sum(f for _, f in chart.values()) == summary["findings"]
    shown = [rule for rule in page.locator("#chart .bar").evaluate_all("bs => bs.map(b => b.dataset.rule)")]
    assert [targets[r] for r in shown] == sorted((targets[r] for r in shown), reverse=True), "most widespread first"
    # the first screen holds the chart and the first failing groups
    assert page.locator("#chart").bounding_box()["y"] + page.locator("#chart").bounding_box()["height"] < 900
    assert page.locator("details.group > summary").nth(0).bounding_box()["y"] < 900


def test_targets_with_identical_findings_are_one_expandable_group(page: Any, reports: StoreReports) -> None:
    expected = _expected_groups(reports.data)
    groups = page.locator("details.group")
    assert groups.count() == len(expected)
    assert sorted(groups.evaluate_all("gs => gs.map(g => Number(g.dataset.members))")) == sorted(
        len(m) for m in expected.values()
    )
    by_first = {sorted(members)[0]: members for members in expected.values()}
    errors_each = []
    for i in range(groups.count()):
        group = groups.nth(i)
        members = by_first[group.locator(".paths li").first.text_content()]
        errors_each.append(
            sum(
                1
                for f in next(t for t in reports.data["targets"] if t["path"] == members[0])["findings"]
                if f["severity"] == "error"
            )
        )
    assert errors_each == sorted(errors_each, reverse=True), "worst first"

    first = groups.nth(0)
    assert not first.locator("table.findings").is_visible(), "many groups: collapsed"
    title = " ".join(first.locator("summary").first.inner_text().split())
    members = by_first[first.locator(".paths li").first.text_content()]
    assert title.startswith(f"ERROR {len(members)} models: ")
    first.locator("summary").first.click()
    assert first.locator("table.findings").is_visible()
    target = next(t for t in reports.data["targets"] if t["path"] == members[0])
    assert first.locator("tr.finding:visible").count() == len(target["findings"])
    assert sorted(first.locator("tr.finding").evaluate_all("rs => rs.map(r => r.dataset.rule)")) == sorted(
        f["rule"] for f in target["findings"]
    )
    for rule in {f["rule"] for f in target["findings"]}:
        assert rule in title
    assert not first.locator(".paths li").first.is_visible(), "the member list is collapsed too"
    first.locator("details.members > summary").click()
    listed = first.locator(".paths li").all_text_contents()
    assert listed == sorted(members), "every member, hex model ids in order"


def test_a_rule_filter_leaves_only_the_targets_with_that_rule(page: Any, reports: StoreReports) -> None:
    data = reports.data
    having: Counter[str] = Counter()
    for target in data["targets"]:
        having.update({f["rule"] for f in target["findings"]})
    failing = len(_failing(data))
    rule = min((r for r in having if having[r] < failing), key=lambda r: (having[r], r))
    page.select_option("#rule-filter", rule)
    visible = page.locator("details.group:visible")
    assert visible.count() > 0
    assert set(page.locator("tr.finding:visible").evaluate_all("rs => rs.map(r => r.dataset.rule)")) <= {rule}
    for i in range(visible.count()):
        assert rule in visible.nth(i).locator("summary").first.inner_text()
    assert sum(visible.evaluate_all("gs => gs.map(g => Number(g.dataset.members))")) == having[rule]
    hidden = page.locator("details.group:not(:visible)")
    for i in range(hidden.count()):
        assert rule not in hidden.nth(i).locator("summary").first.inner_text().split()
    assert not page.locator("#clean").is_visible(), "clean targets have no finding of any rule"
    findings = sum(1 for t in data["targets"] for f in t["findings"] if f["rule"] == rule)
    total = data["summary"]["findings"]
    assert page.locator("#shown").inner_text() == (
        f"Showing {findings:,} of {total:,} findings in {having[rule]:,} of {failing:,} failing targets."
    )
    # a bar of the chart selects its rule; a second click shows every rule again
    other = page.locator("#chart .bar").first
    other.click()
    code = other.get_attribute("data-rule")
    assert page.locator("#rule-filter").input_value() == code
    assert (
        sum(page.locator("details.group:visible").evaluate_all("gs => gs.map(g => Number(g.dataset.members))"))
        == having[code]
    )
    other.click()
    assert page.locator("#rule-filter").input_value() == ""
    assert page.locator("details.group:visible").count() == page.locator("details.group").count()


def test_clean_targets_are_one_count_shown_on_demand(page: Any, reports: StoreReports) -> None:
    clean = sorted(t["path"] for t in reports.data["targets"] if not t["findings"])
    assert clean, "the store has clean models"
    summary = page.locator("#clean > summary")
    assert summary.inner_text() == f"✓ {len(clean):,} clean targets (no findings)"
    assert not page.locator("#clean li").first.is_visible()
    summary.click()
    assert page.locator("#clean li:visible").all_text_contents() == clean
    page.fill("#text-filter", Path(clean[0]).parent.name)  # a model id: that clean model only
    assert page.locator("#clean li:visible").all_text_contents() == [clean[0]]
    assert page.locator("details.group:visible").count() == 0
    assert summary.inner_text() == f"✓ 1 of {len(clean):,} clean targets (no findings)"


def test_printing_expands_every_group(page: Any) -> None:
    assert page.locator("details.group[open]").count() == 0
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert page.locator("details.group[open]").count() == page.locator("details.group").count()
