"""`uv-audit rules` and `uv-audit explain`: the rule documentation, from the registry."""

from __future__ import annotations

import difflib

import click

from auditor.errors import UsageError
from rules import ALL_RULES, lookup


@click.command("rules")
@click.option("--markdown", is_flag=True, help="Print docs/rules.md (every rule's documentation) instead of the table.")
@click.option("--readme-table", is_flag=True, help="Print the README's Markdown rule table.")
def rules_command(markdown: bool, readme_table: bool) -> None:
    """List every rule: code, name, default severity and summary."""
    from auditor import docs

    if markdown or readme_table:
        click.echo(docs.rules_markdown() if markdown else docs.readme_table(), nl=False)
        return
    width = max((len(r.name) for r in ALL_RULES), default=4)
    click.echo(f"{'CODE':<7} {'NAME':<{width}}  {'SEVERITY':<8}  SUMMARY")
    for r in ALL_RULES:
        click.echo(f"{r.code:<7} {r.name:<{width}}  {r.severity.value:<8}  {r.summary}")
    click.echo(f"\n{len(ALL_RULES)} rules; `uv-audit explain CODE` shows one rule's documentation.")


@click.command("explain")
@click.argument("rule")
def explain_command(rule: str) -> None:
    """Show a rule's documentation (by code or name, e.g. UVA301 or group-leak)."""
    found = lookup(rule.strip())
    if found is None:
        names = [r.code for r in ALL_RULES] + [r.name for r in ALL_RULES]
        close = difflib.get_close_matches(rule.strip(), names, n=3, cutoff=0.6)
        hint = f"did you mean {', '.join(close)}? " if close else ""
        raise UsageError(f"unknown rule {rule!r}; {hint}`uv-audit rules` lists them")
    needs = f"\nruns when present and valid: {', '.join(found.needs)}" if found.needs else ""
    click.echo(f"{found.code} {found.name}\ndefault severity: {found.severity.value}{needs}\n\n{found.doc.strip()}")
