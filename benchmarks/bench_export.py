"""Time the export engine on the largest corpus lock against `uv export --frozen` on the same
project, and print the ratio. Usage: `.venv/bin/python benchmarks/bench_export.py [ENTRY]`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from auditor.export import (  # noqa: E402
    Selection,
    algebra,
    export,
    export_all,
    lockgraph,
    project_context,
    render_uv,
)
from auditor.load import load_directory  # noqa: E402
from auditor.lockfile import parse_lock  # noqa: E402

CORPUS = ROOT / ".." / "shared" / "corpus"


def _best(fn, repeat: int = 5) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    manifest = json.loads((CORPUS / "manifest.json").read_text())
    entry = next((e for e in manifest if e["name"] == sys.argv[1]), None) if len(sys.argv) > 1 else None
    entry = entry or max(manifest, key=lambda e: e["packages_in_lock"])
    directory = CORPUS / entry["name"] / entry["project_dir"]
    text = (directory / "uv.lock").read_text()
    selection = Selection(no_dev=True, no_emit_project=True)

    lock = parse_lock(text)
    target = load_directory(directory)
    context = project_context(target.pyproject, target.lock, target.members)

    def reset() -> None:  # fresh marker interner and caches: what one CLI run pays
        algebra.INTERNER.__init__()  # type: ignore[misc]
        lockgraph._CACHE.clear()
        from auditor.export import conflicts, markers, platform, printer

        conflicts._EXTRAS.clear()
        conflicts._RESOLVED.clear()
        markers.parse.cache_clear()
        printer.to_string.cache_clear()
        platform._CANONICAL.clear()

    def cold() -> None:
        reset()
        render_uv(export(lock, context, selection), header_command=None, hashes=False)

    # what an audit asks of the engine for one lock (auditor/context.py): the intended selection
    # (no default groups), MLflow's `uv export --no-dev`, and every group and extra
    audit_selections = (Selection(no_default_groups=True, no_emit_project=True), selection)

    def audit_exports() -> None:
        reset()
        for chosen in audit_selections:
            export(lock, context, chosen)
        export_all(lock, context, Selection(all_packages=True, no_emit_project=True))

    parse_s = _best(lambda: parse_lock(text))
    engine_s = _best(cold)
    audit_s = _best(audit_exports)
    total_s = parse_s + engine_s
    print(f"{entry['name']}: {entry['packages_in_lock']} packages, {len(text) // 1024} KiB lock")
    print(f"  parse_lock           {parse_s * 1000:8.1f} ms")
    print(f"  engine+render (cold) {engine_s * 1000:8.1f} ms")
    print(f"  total in-process     {total_s * 1000:8.1f} ms")
    print(f"  an audit's 3 exports {audit_s * 1000:8.1f} ms (cold; intended, --no-dev, every group and extra)")
    uv = shutil.which("uv", path=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]))
    if uv is None:
        print("  uv not installed: no comparison")
        return
    argv = [uv, "export", "--frozen", "--no-dev", "--no-hashes", "--no-emit-project", "--no-header", "--no-annotate"]
    env = {**os.environ, "UV_OFFLINE": "1", "UV_NO_SYNC": "1", "UV_PYTHON_DOWNLOADS": "never"}
    uv_s = _best(lambda: subprocess.run(argv, cwd=directory, capture_output=True, env=env, check=True))
    code = (
        "import sys; from auditor.cli.export import command as export_command; "
        "export_command.main([sys.argv[1], '--no-dev', '--no-emit-project', '--no-header', "
        "'--no-annotate', '--no-hashes'], standalone_mode=True)"
    )
    cli = [sys.executable, "-c", code, str(directory)]
    cli_s = _best(lambda: subprocess.run(cli, cwd=ROOT, capture_output=True, check=True))
    print(f"  uv export --frozen   {uv_s * 1000:8.1f} ms (process)")
    print(f"  uv-audit export      {cli_s * 1000:8.1f} ms (process, incl. Python start-up)")
    print(f"  ratio engine/uv {engine_s / uv_s:.2f}   ratio process/uv {cli_s / uv_s:.2f}")


if __name__ == "__main__":
    main()
