"""Regenerate docs/report-example.png: the HTML report of examples/demo-model in headless Chromium.

python -m tests.browser.screenshot [--width 1280] [--height 1500]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from click.testing import CliRunner

from auditor.cli import main as cli
from tests.browser.conftest import CHROMIUM, FLAGS

REPO = Path(__file__).resolve().parents[2]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=1500, help="height of the top of the page to capture")
    parser.add_argument("--out", default=str(REPO / "docs" / "report-example.png"))
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    os.chdir(REPO)
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.html"
        result = CliRunner().invoke(cli, ["--format", "html", "-o", str(report), "examples/demo-model"])
        if result.exit_code not in (0, 1):
            print(result.output, file=sys.stderr)
            return 2
        with sync_playwright() as p:
            context = p.chromium.launch_persistent_context(
                str(Path(tmp) / "profile"),
                executable_path=str(CHROMIUM),
                headless=True,
                args=FLAGS,
                viewport={"width": args.width, "height": args.height},
                color_scheme="light",
                device_scale_factor=1,
            )
            page = context.new_page()
            page.goto(report.as_uri(), wait_until="load")
            page.screenshot(path=args.out, full_page=False)
            context.close()
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
