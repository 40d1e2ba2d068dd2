"""The console script: answer from the result cache when nothing changed, else run the CLI.

Imports neither click nor the audit before it knows the cache cannot answer: a re-run on unchanged
files costs the interpreter's start, one entry read and a `stat` of each input (auditor.cache).
`console` (the `uv-audit` script) then leaves without the interpreter's teardown, which frees every
object of the audit one by one (~40 ms of a cold run).
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # collections.abc costs a cache hit a few ms to import
if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

NEVER = ("--no-cache", "--help", "-h", "--version", "--experiment", "--registered-models", "--tracking-uri")
SUBCOMMANDS = ("export", "rules", "explain", "serve", "fix")
"""Commands and options whose run is never cached (another command, or a tracking server)."""


def cacheable(args: Sequence[str], environ: Mapping[str, str]) -> bool:
    """Whether this invocation may be answered from, and stored in, the cache."""
    if environ.get("UV_AUDIT_NO_CACHE", "").strip().lower() not in ("", "0", "false", "no"):
        return False
    if args and args[0] in SUBCOMMANDS:
        return False
    return not any(arg.split("=", 1)[0] in NEVER or ":/" in arg or arg in ("-", "--") for arg in args)


def _inside_audited(cache: str, args: Sequence[str]) -> bool:
    """Whether the cache directory lies in (or is) an audited PATH: then it is not used."""
    real = os.path.realpath(cache)
    paths = [a for a in args if not a.startswith("-") and os.path.exists(a)] or ["."]
    for path in paths:
        if os.path.exists(path):
            top = os.path.realpath(path)
            if real == top or real.startswith(top.rstrip(os.sep) + os.sep):
                return True
    return False


def _serve(entry: dict[str, object]) -> int | None:
    outputs = entry["outputs"]
    assert isinstance(outputs, list)
    try:
        for where, text in outputs:
            if where != "-":
                with open(where, "w", encoding="utf-8", newline="\n") as handle:
                    handle.write(text)
        for where, text in outputs:
            if where == "-":
                sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        return 1
    except OSError:
        return None
    code = entry["exit"]
    return code if isinstance(code, int) else None


def main(argv: Sequence[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    environ = os.environ
    if not cacheable(args, environ):
        from auditor.cli import entry

        entry(args)
        return
    from auditor.cache import inputs, store, written

    root = store.directory(environ)
    if _inside_audited(root, args):
        from auditor.cli import entry

        entry(args)
        return
    key = store.key(args, environ)
    cached = store.load(root, key)
    if cached is not None:
        code = _serve(cached)
        if code is not None:
            sys.exit(code)
    inputs.start()
    written.begin()
    code = 2
    try:
        from auditor.cli import entry

        entry(args)
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
        raise
    finally:
        manifest, outputs = inputs.stop(), written.end()
        if manifest is not None and outputs is not None and code in (0, 1):
            store.save(root, key, manifest, outputs, code)


def _leave(code: object) -> None:
    """Exit with `code` as `sys.exit` would, skipping the interpreter's teardown when nothing
    else could still need it: every report is written and closed by now, the worker pool is shut
    down, and only stdout and stderr remain to flush. With MLflow loaded (its clients register
    exit handlers) or another thread alive, the normal exit."""
    if code is None:
        code = 0
    elif not isinstance(code, int):
        sys.stderr.write(f"{code}\n")  # as the interpreter prints a non-integer exit code
        code = 1
    threading = sys.modules.get("threading")
    if "mlflow" in sys.modules or (threading is not None and threading.active_count() > 1):
        sys.exit(code)
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):  # a closed pipe, a closed stream
            code = code or 1
    os._exit(code)


def console() -> None:
    """The `uv-audit` console script (and `python -m auditor`): `main`, then `_leave`. A closed
    stdout or stderr (`>&-`) discards what would go there; the exit code is still the audit's."""
    if sys.stdout is None:
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - lives until the exit
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    from auditor import prefetch

    prefetch.ENABLED = True  # a command-line run may read its big uv.lock in a second process
    try:
        main()
    except SystemExit as exc:
        _leave(exc.code)
    _leave(0)
