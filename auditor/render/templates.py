"""The Jinja environment over `templates/`: installed (`auditor/templates`) or in a checkout."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import jinja2

_HERE = Path(__file__).resolve().parent.parent


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    import jinja2  # imported lazily: the text report never pays for it

    search = [str(p) for p in (_HERE / "templates", _HERE.parent / "templates") if p.is_dir()]
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(search),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "htm", "xml", "j2"), default=True),
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
