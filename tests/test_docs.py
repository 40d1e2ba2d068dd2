"""Docs come from the code (STYLE.md pattern 11): docs/rules.md, the README's rule table and
`uv-audit rules` all agree with the registry."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor import docs
from auditor.cli.group import main
from rules import ALL_RULES

REPO = Path(__file__).resolve().parents[1]
REGEN = "run `python -m auditor.docs --write` and commit the result"


def test_docs_rules_md_is_generated_from_the_registry() -> None:
    page = REPO / docs.DOCS_PAGE
    assert page.is_file(), f"{docs.DOCS_PAGE} is missing: {REGEN}"
    assert page.read_text(encoding="utf-8") == docs.rules_markdown(), f"{docs.DOCS_PAGE} is out of date: {REGEN}"


def test_readme_table_matches_the_registry() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    if docs.README_START not in readme:
        pytest.skip("README.md has no rules-table markers yet")
    current = readme[readme.index(docs.README_START) + len(docs.README_START) : readme.index(docs.README_END)]
    assert current.strip() == docs.readme_table().strip(), f"README.md's rule table is out of date: {REGEN}"


def test_every_rule_has_a_section_and_a_table_row() -> None:
    page = docs.rules_markdown()
    table = docs.readme_table()
    for rule in ALL_RULES:
        assert f"\n## {rule.code} {rule.name}\n" in page
        assert f"[{rule.code}](docs/rules.md#{docs.anchor(rule)})" in table
    assert len(re.findall(r"^\| \[UVA", table, re.M)) == len(ALL_RULES)


def test_parse_splits_labels_and_examples() -> None:
    doc = docs.parse(
        """Summary line.

        Why: because
        it matters.

        Fix: do this.

        Failing example:

            --- pyproject.toml
            [project]

            name = "x"

        A plain paragraph.
        """
    )
    assert doc.summary == "Summary line."
    assert doc.section("why") == "because it matters."
    assert doc.section("Fix") == "do this."
    code = [b for b in doc.blocks if b.kind == "code"]
    assert code == [docs.Block("code", '--- pyproject.toml\n[project]\n\nname = "x"')]
    assert doc.blocks[-1] == docs.Block("para", "A plain paragraph.")


def test_replace_readme_table() -> None:
    text = f"intro\n{docs.README_START}\nold\n{docs.README_END}\nrest\n"
    assert docs.replace_readme_table(text, "NEW\n") == f"intro\n{docs.README_START}\nNEW\n{docs.README_END}\nrest\n"
    assert docs.replace_readme_table("no markers", "x") is None


def test_write_and_check(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text(f"# x\n{docs.README_START}\n{docs.README_END}\n", encoding="utf-8")
    assert docs.main(["--check", "--root", str(tmp_path)]) == 1
    assert docs.main(["--write", "--root", str(tmp_path)]) == 0
    assert docs.main(["--check", "--root", str(tmp_path)]) == 0
    assert docs.readme_table() in (tmp_path / "README.md").read_text(encoding="utf-8")


def test_rules_command_table_markdown_and_explain() -> None:
    runner = CliRunner()
    out = runner.invoke(main, ["rules"]).output
    for rule in ALL_RULES:
        assert re.search(rf"^{rule.code}\s+{re.escape(rule.name)}\s+{rule.severity.value}\s+", out, re.M)
    assert runner.invoke(main, ["rules", "--markdown"]).output == docs.rules_markdown()
    assert runner.invoke(main, ["rules", "--readme-table"]).output == docs.readme_table()
    first = ALL_RULES[0]
    for key in (first.code, first.code.lower(), first.name):
        result = runner.invoke(main, ["explain", key])
        assert result.exit_code == 0 and result.output.startswith(f"{first.code} {first.name}\n")
        assert first.doc.strip() in result.output
    bad = runner.invoke(main, ["explain", first.name[:-1] + "x"])
    assert bad.exit_code == 2 and "did you mean" in bad.output and first.name in bad.output
