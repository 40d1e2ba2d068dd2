"""How uv writes things that are not the export itself: toml_edit's printing of TOML values (as
uv's pylock.toml shows them), the header command (`cmd()` in `commands/project/export.rs`) and
which output names mean pylock.toml (`is_pylock_toml`)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime

Value = str | int | bool | datetime | dict[str, "Value"] | list["Value"]


def toml_value(value: Value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, dict):
        if not value:
            return "{}"
        return "{ " + ", ".join(f"{_key(k)} = {toml_value(v)}" for k, v in value.items()) + " }"
    if len(value) == 1:
        return f"[{toml_value(value[0])}]"
    return "[" + "".join(f"\n    {toml_value(v)}," for v in value) + "\n]"


def _key(key: str) -> str:
    return key if key and re.fullmatch(r"[A-Za-z0-9_-]+", key) else toml_string(key)


_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
_ESCAPES = {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r", '"': '\\"', "\\": "\\\\"}


def toml_string(text: str) -> str:
    """A one-line string as toml_writer's `as_default` picks it: basic when nothing needs escaping,
    else literal when it can be, else basic with escapes."""
    control = bool(_CONTROL.search(text))
    if not control and "\\" not in text and '"' not in text:
        return f'"{text}"'
    if not control and "'" not in text:
        return f"'{text}'"
    escaped = "".join(_ESCAPES.get(c, f"\\u{ord(c):04X}" if _CONTROL.match(c) else c) for c in text)
    return f'"{escaped}"'


def header_command(argv: Iterable[str]) -> str:
    """The header's command as uv's `cmd()` writes it (every format): `uv` and the arguments after
    it, less `--upgrade`/`-U`, `--upgrade-package`/`-P` and `--upgrade-group` with their values,
    `--quiet`/`-q` and `--verbose`/`-v`."""
    out: list[str] = []
    skip_next = False
    for arg in argv:
        if skip_next:
            skip_next = False
        elif arg in ("--upgrade-package", "-P", "--upgrade-group"):
            skip_next = True
        elif arg in ("--upgrade", "-U", "--quiet", "-q", "--verbose", "-v"):
            pass
        elif not arg.startswith(("--upgrade-package=", "-P", "--upgrade-group=")):
            out.append(arg)
    return " ".join(["uv", *out])


def is_pylock_filename(name: str) -> bool:
    """uv's `is_pylock_toml`: `pylock.toml`, or `pylock.<name>.toml` with a non-empty, dot-free name."""
    if name == "pylock.toml":
        return True
    if not (name.startswith("pylock.") and name.endswith(".toml")) or len(name) < len("pylock..toml"):
        return False
    middle = name[len("pylock.") : -len(".toml")]
    return bool(middle) and "." not in middle
