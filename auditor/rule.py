"""What a rule is: code, name, default severity, documentation, and a pure `check`.

A rule is a function decorated with `@rule(...)`; its docstring is its documentation (why it
matters, what fires it, how to fix it, and a failing and a passing example that a test executes).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import cached_property
from typing import TYPE_CHECKING

from auditor.findings import Finding, Severity
from auditor.frozen import frozen

if TYPE_CHECKING:
    from auditor.context import AuditContext
    from auditor.target import Target

Check = Callable[["Target", "AuditContext"], Iterable[Finding]]


@frozen
class Rule:
    code: str
    name: str
    severity: Severity
    needs: tuple[str, ...]
    """Artifacts that must be present and valid for the rule to run."""
    check: Check
    doc_vars: tuple[tuple[str, str], ...] = ()
    """`{NAME}` placeholders of the docstring and the example files they stand for."""

    @cached_property
    def doc(self) -> str:
        """The documentation: the check's docstring with `doc_vars` filled in, dedented (made on
        first use: an audit that prints no rule documentation never pays for it, nor imports
        `inspect` and `textwrap` for it)."""
        import inspect
        import textwrap

        doc = self.check.__doc__ or ""
        for key, value in self.doc_vars:
            doc = _fill(doc, key, textwrap.dedent(value).strip("\n"))
        return inspect.cleandoc(doc)

    def example(self, kind: str) -> dict[str, str]:
        """The files of the docstring's "Failing example:" or "Passing example:" (kind =
        "failing" or "passing"): an indented block of `--- <file name>` sections."""
        return parse_example(self.doc, kind)

    @property
    def summary(self) -> str:
        return self.doc.strip().splitlines()[0].strip() if self.doc.strip() else self.name

    def finding(
        self,
        target: Target,
        artifact: str | None,
        message: str,
        *,
        package: str | None = None,
        line: int | None = None,
        expected: str | None = None,
        actual: str | None = None,
        fix: str | None = None,
        file: str | None = None,
    ) -> Finding:
        """A finding of this rule, located in `artifact` (one of target.ARTIFACTS) of `target`,
        or in `file` (a display path) when given."""
        return Finding(
            rule=self.code,
            name=self.name,
            severity=self.severity,
            package=package,
            file=file or (target.file(artifact) if artifact else target.path),
            line=line,
            message=message,
            expected=expected,
            actual=actual,
            fix=fix,
        )

    def run(self, target: Target, ctx: AuditContext) -> Iterator[Finding]:
        if all(target.usable(a) for a in self.needs):
            yield from self.check(target, ctx)


def rule(
    code: str, name: str, severity: Severity, needs: tuple[str, ...] = (), doc_vars: Mapping[str, str] | None = None
) -> Callable[[Check], Rule]:
    """Declare a rule. `doc_vars` fills `{NAME}` placeholders in the docstring (shared example
    files), before the docstring is dedented."""

    def wrap(func: Check) -> Rule:
        return Rule(code, name, severity, needs, func, tuple((doc_vars or {}).items()))

    return wrap


def _fill(doc: str, key: str, block: str) -> str:
    """Put `block` where a line holds only `{key}`, indented like that line."""

    import textwrap

    def indented(match: re.Match[str]) -> str:
        return textwrap.indent(block, match.group(1))

    return re.sub(r"^([ \t]*)\{" + key + r"\}[ \t]*$", indented, doc, flags=re.M)


def parse_example(doc: str, kind: str) -> dict[str, str]:
    lines = doc.splitlines()
    title = f"{kind.capitalize()} example:"
    try:
        start = next(i for i, line in enumerate(lines) if line.strip() == title)
    except StopIteration:
        return {}
    block: list[str] = []
    for line in lines[start + 1 :]:
        if line.strip() and not line.startswith("    "):
            break
        block.append(line[4:] if line.startswith("    ") else "")
    files: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in block:
        if line.startswith("--- "):
            current = files.setdefault(line[4:].strip(), [])
        elif current is not None:
            current.append(line)
    return {name: "\n".join(content).strip("\n") + "\n" for name, content in files.items()}
