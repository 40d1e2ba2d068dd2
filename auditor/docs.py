"""Rule documentation generated from the registry: `docs/rules.md`, the README's rule table, and
the structured pieces (summary, sections, examples) the HTML and SARIF reports reuse.

A rule's docstring is its documentation: a one-line summary, then paragraphs, some starting with a
label (`Why:`, `Fires when:`, `Fix:`, `Failing example:`, `Passing example:`), and examples as
indented blocks. Regenerate the committed files with `python -m auditor.docs --write`
(or print them with `uv-audit rules --markdown`).
"""

from __future__ import annotations

import argparse
import inspect
import re
import sys
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from auditor.rule import Rule

README_START = "<!-- rules-table:start -->"
README_END = "<!-- rules-table:end -->"
DOCS_PAGE = "docs/rules.md"
_LABEL = re.compile(r"^([A-Z][A-Za-z -]{1,30}):(?:\s+|$)")


@dataclass(frozen=True)
class Block:
    """One paragraph (`kind` "para") or indented example (`kind` "code") of a rule's docstring."""

    kind: str
    text: str
    label: str | None = None


@dataclass(frozen=True)
class RuleDoc:
    summary: str
    blocks: tuple[Block, ...]

    def section(self, label: str) -> str | None:
        """The text of the paragraph labelled `label` (e.g. "Fix"), or None."""
        for block in self.blocks:
            if block.label is not None and block.label.lower() == label.lower():
                return block.text
        return None


def _paragraphs(lines: Sequence[str]) -> Iterable[list[str]]:
    chunk: list[str] = []
    for line in lines:
        if line.strip():
            chunk.append(line)
        elif chunk:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def parse(doc: str) -> RuleDoc:
    """Split a rule docstring into its summary and labelled paragraphs and code blocks."""
    lines = inspect.cleandoc(doc).splitlines()
    if not lines:
        return RuleDoc("", ())
    summary = lines[0].strip()
    blocks: list[Block] = []
    for chunk in _paragraphs(lines[1:]):
        if all(line.startswith("    ") or not line.strip() for line in chunk):
            code = textwrap.dedent("\n".join(chunk))
            if blocks and blocks[-1].kind == "code":  # an example interrupted by a blank line
                code = blocks.pop().text + "\n\n" + code
            blocks.append(Block("code", code))
            continue
        text = " ".join(line.strip() for line in chunk)
        match = _LABEL.match(text)
        if match:
            blocks.append(Block("para", text[match.end() :].strip(), match.group(1)))
        else:
            blocks.append(Block("para", text))
    return RuleDoc(summary, tuple(blocks))


def anchor(rule: Rule) -> str:
    """The heading anchor GitHub gives `## UVA301 group-leak` in docs/rules.md."""
    return f"{rule.code}-{rule.name}".lower()


def _table_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def readme_table(rules: Sequence[Rule] | None = None, link: str = DOCS_PAGE) -> str:
    """The Markdown rule table that README.md holds between the rules-table markers."""
    rules = _registry() if rules is None else rules
    rows = ["| Code | Name | Severity | Fires when |", "|---|---|---|---|"]
    for r in rules:
        rows.append(f"| [{r.code}]({link}#{anchor(r)}) | `{r.name}` | {r.severity.value} | {_table_cell(r.summary)} |")
    return "\n".join(rows) + "\n"


def rule_markdown(rule: Rule) -> str:
    doc = parse(rule.doc)
    out = [f"## {rule.code} {rule.name}", ""]
    meta = f"Default severity: **{rule.severity.value}**."
    if rule.needs:
        meta += " Runs when these are present and valid: " + ", ".join(f"`{n}`" for n in rule.needs) + "."
    out += [meta, "", doc.summary or rule.name, ""]
    for block in doc.blocks:
        if block.kind == "code":
            fence = "~~~~" if "```" in block.text else "```"
            out += [fence + "text", block.text, fence, ""]
        elif block.label:
            out += [f"**{block.label}:** {block.text}".rstrip(), ""]
        else:
            out += [block.text, ""]
    return "\n".join(out)


def rules_markdown(rules: Sequence[Rule] | None = None) -> str:
    """The whole of docs/rules.md."""
    rules = _registry() if rules is None else rules
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


def _registry() -> tuple[Rule, ...]:
    from rules import ALL_RULES

    return ALL_RULES


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
