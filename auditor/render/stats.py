"""`--statistics`: how many findings each rule produced, like ruff's (and flake8's) option.

    3	UVA301	group-leak
    1	UVA401	missing-python-version

Most findings first, then by code; suppressed findings are not counted (the report lists them).
As text (for `--format text|concise`: the table, then the summary line unless quiet) or as JSON
(`--format json`: `[{"code": ..., "name": ..., "count": ...}]`). Other formats have no statistics.
"""

from __future__ import annotations

import json
from collections import Counter

from auditor.frozen import frozen
from auditor.render.parts import summary_line
from auditor.report import Report


@frozen
class RuleCount:
    code: str
    name: str
    count: int


def counts(report: Report) -> tuple[RuleCount, ...]:
    tally = Counter((f.rule, f.name) for f in report.findings)
    ordered = sorted(tally.items(), key=lambda item: (-item[1], item[0][0]))
    return tuple(RuleCount(code, name, count) for (code, name), count in ordered)


def text(report: Report, color: bool = False, quiet: bool = False) -> str:
    rows = counts(report)
    count_width = max((len(str(r.count)) for r in rows), default=1)
    code_width = max((len(r.code) for r in rows), default=0)
    bold = ("\033[1m", "\033[0m") if color else ("", "")
    lines = [f"{bold[0]}{r.count:>{count_width}}{bold[1]}\t{r.code:<{code_width}}\t{r.name}" for r in rows]
    if not quiet:
        lines.append(summary_line(report))
    return "".join(line + "\n" for line in lines)


def as_json(report: Report) -> str:
    rows = [{"code": r.code, "name": r.name, "count": r.count} for r in counts(report)]
    return json.dumps(rows, indent=2) + "\n"
