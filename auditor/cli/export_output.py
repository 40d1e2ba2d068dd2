"""What `uv-audit export` does around the export: the format uv infers from `-o`, the output
names uv refuses, the header command, rendering in the chosen format, writing the file."""

from __future__ import annotations

import hashlib
import time
import uuid
from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import unquote

import click

from auditor import __version__
from auditor.export import ExportResult, ProjectContext, RenderOptions, Selection, render_uv
from auditor.export.cyclonedx import Tool, render_cyclonedx
from auditor.export.flags import BY_NAME, FORMATS
from auditor.export.indexes import preamble
from auditor.export.pylock import render_pylock
from auditor.export.uvformat import header_command, is_pylock_filename
from auditor.lockfile import Lock
from auditor.target import Target
from auditor.urls import split as split_url

TOOL = Tool(vendor="uv-audit", name="uv-audit", version=__version__)
MAX_HASHED_FILE = 512 * 1024 * 1024


def infer_format(output: Path | None) -> str:
    """uv's choice without `--format`: `.txt` is requirements.txt, a pylock name pylock.toml."""
    if output is not None and output.suffix.lower() == ".txt":
        return "requirements.txt"
    if output is not None and is_pylock_filename(output.name):
        return "pylock.toml"
    return "requirements.txt"


def output_problem(output: Path | None, fmt: str) -> str | None:
    """uv's refusals of an `-o` name, in its words (without `error: `)."""
    if output is None:
        return None
    if output.name.lower() == "pyproject.toml":
        return (
            "`pyproject.toml` is not a supported output format for `uv export` "
            f"(supported formats: {', '.join(FORMATS)})"
        )
    if fmt == "pylock.toml" and not is_pylock_filename(output.name):
        return (
            "Expected the output filename to be `pylock.toml` or `pylock.<name>.toml`, where `<name>` is "
            f"non-empty and contains no dots; found `{output.name}`"
        )
    return None


def header(raw: list[str], own: Mapping[str, bool]) -> str:
    """The header's `uv export ...`: the uv flags as given, less PATH and uv-audit's own options."""
    kept: list[str] = []
    args = list(raw)
    while args:
        arg = args.pop(0)
        name = arg.split("=", 1)[0]
        if name in own:
            if own[name] and "=" not in arg and args:
                args.pop(0)
            continue
        if not arg.startswith("-"):
            continue  # PATH
        kept.append(arg)
        flag = BY_NAME.get(arg)
        if flag is not None and flag.kind in ("list", "value") and args:
            kept.append(args.pop(0))  # its value, given as the next word
    return header_command(["export", *kept])


def render(
    fmt: str,
    result: ExportResult,
    lock: Lock,
    context: ProjectContext,
    selection: Selection,
    options: RenderOptions,
    target: Target,
    header_line: str | None,
    where: Path,
    output: Path | None,
) -> tuple[str, str]:
    """The export in `fmt` and what to warn on stderr. Raises ValueError (PylockError) where uv errors."""
    if fmt == "pylock.toml":
        root = _project_root(target, where)
        out_dir = output.resolve().parent if output is not None else where.resolve()
        text = render_pylock(
            result,
            lock,
            header_command=header_line,
            editable=options.editable,
            no_editable_packages=options.no_editable_packages,
            root=str(root),
            output_dir=str(out_dir),
            hash_file=_hasher(root),
        )
        return text, ""
    if fmt == "cyclonedx1.5":
        serial = uuid.uuid4().urn
        text = render_cyclonedx(
            result, lock, context, selection, serial=serial, timestamp=_now(), tool=TOOL, hashes=options.hashes
        )
        return text, ""
    lines, warning = ("", "")
    if options.emit_index_url or options.emit_find_links:
        lines, warning = preamble(options, target.pyproject)
    text = render_uv(
        result,
        header_command=header_line,
        hashes=options.hashes,
        annotate=options.annotate,
        editable=options.editable,
        no_editable_packages=options.no_editable_packages,
        preamble=lines,
    )
    return text, warning


def _project_root(target: Target, where: Path) -> Path:
    location = target.file("uv.lock")
    return Path(location).resolve().parent if location else where.resolve()


def _now() -> str:
    """`Timestamp::now()` as uv prints it (`{:.9}`: nanoseconds, UTC)."""
    nanos = time.time_ns()
    moment = datetime.fromtimestamp(nanos // 1_000_000_000, tz=timezone.utc)
    return f"{moment:%Y-%m-%dT%H:%M:%S}.{nanos % 1_000_000_000:09d}Z"


def _hasher(root: Path) -> Callable[[str], str | None]:
    """sha256 of a `file://` URL's file when it is inside the project (uv hashes local files
    uv.lock records without a hash); nothing outside it, no symlink out of it."""

    def hash_file(url: str) -> str | None:
        path = Path(unquote(split_url(url).path))
        try:
            resolved = path.resolve(strict=True)
            if root not in resolved.parents or not resolved.is_file() or resolved.stat().st_size > MAX_HASHED_FILE:
                return None
            return "sha256:" + hashlib.sha256(resolved.read_bytes()).hexdigest()
        except OSError:
            return None

    return hash_file


def write(text: str, output: Path | None, *, quiet: bool) -> str | None:
    """uv's `OutputWriter`: the file (parents made) and, unless quiet, stdout too; an error message."""
    if output is not None:
        try:
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            return f"cannot write {output}: {exc}"
    if output is None or not quiet:
        click.echo(text, nl=False)
    return None
