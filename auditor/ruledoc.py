"""A rule's documentation, read from its docstring: a one-line summary, then paragraphs, some
starting with a label (`Why:`, `Fires when:`, `Fix:`, `Failing example:`, `Passing example:`),
and examples as indented blocks. The reports (HTML, SARIF) and the generated docs share it.
"""

from __future__ import annotations

import inspect
import re
import textwrap
from collections.abc import Iterable, Sequence

from auditor.frozen import frozen
from auditor.rule import Rule

_LABEL = re.compile(r"^([A-Z][A-Za-z -]{1,30}):(?:\s+|$)")


@frozen
class Block:
    """One paragraph (`kind` "para") or indented example (`kind` "code") of a rule's docstring."""

    kind: str
    text: str
    label: str | None = None


@frozen
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
