"""Run the CLI under a `sys.addaudithook` recorder (a hook cannot be removed, so this runs in a
subprocess started by test_confinement.py).

    python confined_child.py PATH EVENTS_JSON -- CLI ARGS...

Runs `auditor.cli.group.main` once per `--format` given after `--` (each a separate `main()` call),
records every `open`, process, network, `exec` and `compile` event, and writes them with the
outputs, exit codes, wall time and peak RSS to EVENTS_JSON.
"""

from __future__ import annotations

import contextlib
import io
import json
import resource
import sys
import time
from typing import Any

WATCHED_PREFIXES = ("subprocess.", "os.system", "os.exec", "os.posix_spawn", "os.fork", "os.spawn", "pty.", "ctypes.")
WATCHED = frozenset(
    {"socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "socket.bind", "urllib.Request", "webbrowser.open"}
)

events: list[dict[str, Any]] = []
recording = False


def _text(value: Any) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, str):
        return value
    return repr(value)


def hook(event: str, args: tuple[Any, ...]) -> None:
    if not recording:
        return
    if event == "open":
        path = args[0]
        events.append({"event": "open", "path": _text(path) if not isinstance(path, int) else f"fd:{path}"})
    elif event == "compile":
        source = args[0]
        events.append({"event": "compile", "source": _text(source)[:100_000], "filename": _text(args[1])})
    elif event == "exec":
        code = args[0]
        events.append(
            {
                "event": "exec",
                "filename": getattr(code, "co_filename", "?"),
                "consts": _text([c for c in getattr(code, "co_consts", ()) if isinstance(c, (str, bytes))])[:100_000],
            }
        )
    elif event in WATCHED or event.startswith(WATCHED_PREFIXES):
        events.append({"event": event, "args": _text(args)[:500]})


def main() -> None:
    global recording
    path, out = sys.argv[1], sys.argv[2]
    extra = sys.argv[sys.argv.index("--") + 1 :] if "--" in sys.argv else []
    sys.addaudithook(hook)
    from auditor.cli.group import main as cli

    runs = []
    started = time.monotonic()
    for fmt in ("json", "text"):
        stdout, stderr = io.StringIO(), io.StringIO()
        recording = True
        code: Any = None
        try:
            with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
                cli.main(args=[path, "--format", fmt, "--no-color", "--no-progress", *extra], prog_name="uv-audit")
        except SystemExit as exc:
            code = exc.code
        finally:
            recording = False
        runs.append({"format": fmt, "exit": code, "stdout": stdout.getvalue(), "stderr": stderr.getvalue()})
    seconds = time.monotonic() - started
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with open(out, "w", encoding="utf-8") as handle:
        json.dump({"runs": runs, "events": events, "seconds": seconds, "peak_rss_kib": peak_kib}, handle)


if __name__ == "__main__":
    main()
