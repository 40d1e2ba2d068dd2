"""Screenshots of the HTML report in headless Chromium, and its size and opening time.

    python -m tests.browser.screenshot            # docs/report-example.png: examples/demo-model
    python -m tests.browser.screenshot --store    # docs/report-store.png: the benchmark's 1,000-model store
    python -m tests.browser.screenshot --store --locks 50 --out /tmp/s.png
    python -m tests.browser.screenshot --html report.html --out /tmp/s.png   # an existing report

Each run prints the report's size and the time Chromium takes to open it from file:// (the
navigation's loadEventEnd, and the wall time of page.goto until the load event, best and worst of
--repeat fresh pages).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from auditor.cli.group import main as cli
from tests.browser import store
from tests.browser.conftest import CHROMIUM, FLAGS

REPO = Path(__file__).resolve().parents[2]


def _report(args: argparse.Namespace, tmp: Path) -> Path:
    if args.html:
        return Path(args.html).resolve()
    if args.store:
        return store.build(tmp, args.models, args.locks).html
    report = tmp / "report.html"
    result = CliRunner().invoke(cli, ["--format", "html", "-o", str(report), "examples/demo-model"])
    if result.exit_code not in (0, 1):
        raise SystemExit(result.output)
    return report


def _open(context: Any, report: Path) -> tuple[float, float]:
    page = context.new_page()
    started = time.perf_counter()
    page.goto(report.as_uri(), wait_until="load")
    wall = time.perf_counter() - started
    load = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd") / 1000
    page.close()
    return load, wall


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, help="height of the top of the page to capture [1500; --store: 900]")
    parser.add_argument("--store", action="store_true", help="the benchmark's store instead of examples/demo-model")
    parser.add_argument("--models", type=int, default=store.MODELS)
    parser.add_argument("--locks", type=int, default=store.LOCKS)
    parser.add_argument("--html", help="an existing report to capture and time")
    parser.add_argument("--repeat", type=int, default=5, help="fresh pages to time the opening on [5]")
    parser.add_argument("--out", help="[docs/report-example.png; --store: docs/report-store.png]")
    args = parser.parse_args(argv)
    height = args.height or (900 if args.store else 1500)
    out = args.out or str(REPO / "docs" / ("report-store.png" if args.store else "report-example.png"))
    from playwright.sync_api import sync_playwright

    os.chdir(REPO)
    with tempfile.TemporaryDirectory() as tmp:
        report = _report(args, Path(tmp))
        with sync_playwright() as p:
            context = p.chromium.launch_persistent_context(
                str(Path(tmp) / "profile"),
                executable_path=str(CHROMIUM),
                headless=True,
                args=FLAGS,
                viewport={"width": args.width, "height": height},
                color_scheme="light",
                device_scale_factor=1,
            )
            timings = [_open(context, report) for _ in range(args.repeat)]
            page = context.new_page()
            page.goto(report.as_uri(), wait_until="load")
            page.screenshot(path=out, full_page=False)
            context.close()
        loads, walls = sorted(t[0] for t in timings), sorted(t[1] for t in timings)
        print(
            f"{report.stat().st_size:,} bytes; opened {len(timings)} times: "
            f"loadEventEnd {loads[0]:.2f}-{loads[-1]:.2f} s, goto {walls[0]:.2f}-{walls[-1]:.2f} s"
        )
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
