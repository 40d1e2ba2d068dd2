"""Rule documentation generated from the registry: `docs/rules.md` and the README's rule table
(each rule's page from its docstring: auditor.ruledoc). Regenerate the committed files with
`python -m auditor.docs --write` (or print them with `uv-audit rules --markdown`).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from auditor.rule import Rule
from auditor.ruledoc import Block, RuleDoc, anchor, parse, rule_markdown
from rules import ALL_RULES

__all__ = ["Block", "RuleDoc", "anchor", "parse", "readme_table", "rule_markdown", "rules_markdown"]

README_START = "<!-- rules-table:start -->"
README_END = "<!-- rules-table:end -->"
DOCS_PAGE = "docs/rules.md"


def _table_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def readme_table(rules: Sequence[Rule] | None = None, link: str = DOCS_PAGE) -> str:
    """The Markdown rule table that README.md holds between the rules-table markers."""
    rules = ALL_RULES if rules is None else rules
    rows = ["| Code | Name | Severity | Fires when |", "|---|---|---|---|"]
    for r in rules:
        rows.append(f"| [{r.code}]({link}#{anchor(r)}) | `{r.name}` | {r.severity.value} | {_table_cell(r.summary)} |")
    return "\n".join(rows) + "\n"


def rules_markdown(rules: Sequence[Rule] | None = None) -> str:
    """The whole of docs/rules.md."""
    rules = ALL_RULES if rules is None else rules
    head = [
        "# uv-audit rules",
        "",
        "<!-- Generated from the rule docstrings by `python -m auditor.docs --write`; do not edit. -->",
        "",
        f"{len(rules)} rules. Select or ignore them by code, name or prefix (`--select UVA3`), change a",
        "severity with `[tool.uv-audit.severity]`, and read one in the terminal with `uv-audit explain CODE`.",
        "",
        readme_table(rules, link=""),
    ]
    return "\n".join(head) + "\n" + "\n".join(rule_markdown(r) for r in rules).rstrip("\n") + "\n"


def replace_readme_table(readme: str, table: str) -> str | None:
    """README text with the table between the markers replaced, or None without markers."""
    start, end = readme.find(README_START), readme.find(README_END)
    if start < 0 or end < start:
        return None
    return readme[: start + len(README_START)] + "\n" + table + readme[end:]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m auditor.docs", description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write docs/rules.md and README.md's table in ROOT")
    parser.add_argument("--root", default=".", help="the checkout to write into (default: .)")
    parser.add_argument("--check", action="store_true", help="exit 1 when the committed files are out of date")
    args = parser.parse_args(argv)
    root = Path(args.root)
    if not (args.write or args.check):
        sys.stdout.write(rules_markdown())
        return 0
    stale: list[str] = []
    page = root / DOCS_PAGE
    wanted = rules_markdown()
    if not page.is_file() or page.read_text(encoding="utf-8") != wanted:
        stale.append(DOCS_PAGE)
        if args.write:
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(wanted, encoding="utf-8")
    readme = root / "README.md"
    if readme.is_file():
        current = readme.read_text(encoding="utf-8")
        updated = replace_readme_table(current, readme_table())
        if updated is not None and updated != current:
            stale.append("README.md")
            if args.write:
                readme.write_text(updated, encoding="utf-8")
    for name in stale:
        print(f"{'wrote' if args.write else 'out of date:'} {name}", file=sys.stderr)
    return 1 if stale and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
