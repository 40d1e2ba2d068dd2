"""`uv export --emit-index-url` / `--emit-find-links`: the index lines uv writes before a
requirements.txt (`render_export` in `commands/project/export.rs`, `IndexLocations` in
`uv-distribution-types`). uv takes the indexes from the command line, then from `[tool.uv]` of
the project's pyproject.toml (`index`, `extra-index-url`, `index-url`, `find-links`,
`no-index`); uv-audit reads no uv.toml and no `UV_*` variables.
"""

from __future__ import annotations

import re

from auditor.export.flags import RenderOptions
from auditor.frozen import frozen
from auditor.pyproject import Pyproject

PYPI = "https://pypi.org/simple"
EXPLICIT_WARNING = (
    "warning: `requirements.txt` does not support per-package index pinning; explicit indexes were "
    "emitted globally via `--extra-index-url`.\n"
)
_NAMED = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)=(.+)$")


@frozen
class _Index:
    name: str | None
    url: str
    default: bool = False
    explicit: bool = False


def _cli_index(text: str) -> _Index:
    found = _NAMED.match(text)
    if found and "://" not in found.group(1):
        return _Index(found.group(1), found.group(2))
    return _Index(None, text)


def _strings(value: object) -> tuple[str, ...]:
    """A list of strings from `[tool.uv]` (anything else: none; the audit reports bad settings)."""
    return tuple(v for v in value if isinstance(v, str)) if isinstance(value, list) else ()


def _first_per_name(indexes: list[_Index]) -> list[_Index]:
    """`configured_indexes`: definition order, the first index of each name."""
    names: set[str] = set()
    out = []
    for index in indexes:
        if index.name is not None:
            if index.name in names:
                continue
            names.add(index.name)
        out.append(index)
    return out


def preamble(options: RenderOptions, pyproject: Pyproject | None) -> tuple[str, str]:
    """The lines before the requirements (ending in a blank line when there are any) and what uv
    warns on stderr."""
    uv = pyproject.tool_uv if pyproject is not None else None
    indexes = [_cli_index(i) for i in options.index]
    if options.default_index is not None:
        indexes.append(_Index(None, options.default_index, default=True))
    indexes += [_Index(None, url) for url in options.extra_index_url]
    if options.index_url is not None:
        indexes.append(_Index(None, options.index_url, default=True))
    settings = uv.settings if uv is not None else {}
    if uv is not None:
        indexes += [_Index(i.name, i.url, i.default, i.explicit) for i in uv.index]
        indexes += [_Index(None, url) for url in _strings(settings.get("extra-index-url"))]
        if isinstance(settings.get("index-url"), str):
            indexes.append(_Index(None, settings["index-url"], default=True))
    no_index = options.no_index or settings.get("no-index") is True
    lines: list[str] = []
    explicit = False
    if options.emit_index_url and not no_index:
        configured = _first_per_name(indexes)
        default = next((i for i in configured if i.default), _Index(None, PYPI, default=True))
        seen = {default.url}
        lines.append(f"--index-url {default.url}\n")
        explicit = default.explicit
        rest = [i for i in configured if not i.default and not i.explicit] + [i for i in configured if i.explicit]
        for index in rest:
            if index.url not in seen:
                seen.add(index.url)
                lines.append(f"--extra-index-url {index.url}\n")
            explicit = explicit or index.explicit
    if options.emit_find_links:
        links = (*options.find_links, *_strings(settings.get("find-links")))
        lines += [f"--find-links {url}\n" for url in links]
    text = "".join(lines) + ("\n" if lines else "")
    return text, EXPLICIT_WARNING if explicit else ""
