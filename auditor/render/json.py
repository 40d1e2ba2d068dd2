"""The JSON report (SPEC §5, schema_version 1), written without Jinja.

The layout is the one `templates/report.json.j2` gave (one finding a line, two-space indents) and
every value is encoded as Jinja's `tojson` encodes it (`json.dumps(sort_keys=True)`, then `<`, `>`,
`&` and `'` as `\\u003c`, `\\u003e`, `\\u0026`, `\\u0027`), so the bytes are the same as before; a
test renders both on the fixtures and compares. Importing jinja2 cost a JSON run ~40 ms.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from json.encoder import encode_basestring_ascii

from auditor.report import Report, TargetReport

_dumps = json.JSONEncoder(sort_keys=True).encode
_HTML_SAFE = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("'", "\\u0027"))


def _html_safe(encoded: str) -> str:
    """`<`, `>`, `&` and `'` escaped as Jinja's `tojson` escapes them (`str.replace` for each one
    present: `str.translate` with a table took 3 ms over docling's report; no replacement brings
    one of the others back)."""
    for char, escaped in _HTML_SAFE:
        if char in encoded:
            encoded = encoded.replace(char, escaped)
    return encoded


_CONSTANTS: dict[object, str] = {None: "null", True: "true", False: "false"}
_strings: dict[str, str] = {}
"""Encoded strings: a store's targets repeat the same messages, rules and names (bounded)."""


def _js(value: object) -> str:
    if value is None or value is True or value is False:
        return _CONSTANTS[value]
    if type(value) is str:
        done = _strings.get(value)
        if done is None:
            done = _html_safe(encode_basestring_ascii(value))
            if len(_strings) < 65536:
                _strings[value] = done
        return done
    if type(value) is int:
        return str(value)
    return _html_safe(_dumps(value))


def render(report: Report, color: bool = False) -> str:
    return "".join(stream(report, color))


def _target(target: TargetReport) -> str:
    artifacts = ",".join(f"\n        {_js(name)}: {_js(present)}" for name, present in target.artifacts.items())
    selection = target.selection
    findings = ",".join(
        f"\n        {{"
        f'"rule": {_js(f.rule)}, "name": {_js(f.name)}, "severity": {_js(f.severity.value)}, '
        f'"package": {_js(f.package)}, "file": {_js(f.file)}, "line": {_js(f.line)}, '
        f'"message": {_js(f.message)}, "expected": {_js(f.expected)}, "actual": {_js(f.actual)}, '
        f'"fix": {_js(f.fix)}}}'
        for f in target.findings
    )
    suppressed = ",".join(
        f'\n        {{"rule": {_js(s.finding.rule)}, "package": {_js(s.finding.package)}, "by": {_js(s.by.value)}}}'
        for s in target.suppressed
    )
    return (
        f"\n    {{\n"
        f'      "path": {_js(target.path)},\n'
        f'      "artifacts": {{{artifacts}\n'
        f"      }},\n"
        f'      "selection": {{"groups": {_js(list(selection.groups))}, "extras": {_js(list(selection.extras))}, '
        f'"source": {_js(selection.source)}}},\n'
        f'      "findings": [{findings}\n'
        f"      ],\n"
        f'      "suppressed": [{suppressed}\n'
        f"      ]\n"
        f"    }}"
    )


def stream(report: Report, color: bool = False) -> Iterator[str]:
    """The same text in pieces (one per target), so a many-thousand-model report is never held whole."""
    yield (
        "{\n"
        '  "schema_version": 1,\n'
        f'  "tool": {{"name": "uv-audit", "version": {_js(report.version)}}},\n'
        '  "targets": ['
    )
    last = len(report.targets) - 1
    for index, target in enumerate(report.targets):
        yield _target(target) + ("," if index < last else "")
    s = report.summary()
    yield (
        "\n  ],\n"
        f'  "summary": {{"targets": {s["targets"]}, "findings": {s["findings"]}, "error": {s["error"]}, '
        f'"warning": {s["warning"]}, "info": {s["info"]}, "suppressed": {s["suppressed"]}}}\n'
        "}\n"
    )
