#!/usr/bin/env python3
"""Fixtures for `uv-audit fix`: models logged by real MLflow 3.17.2 + uv 0.13.9 from ONE lock
with different `uv_groups` / `uv_extras`, so a test can fix one into another's selection and
compare with what MLflow itself logged.

    python scripts/gen_fix_fixtures.py [--venv DIR] [--workdir DIR] [--keep-workdir]

It reuses scripts/gen_fixtures.py (its tool venv, project recipe, `log_model.py` and the rules
that keep locks identical from run to run) and writes only `tests/fixtures/fix/` and its
`MANIFEST.json`:

* `pair/<selection>/`: one small project (tqdm -> colorama, no MLflow in the lock, so MLflow adds
  `mlflow==3.17.2` first and `cloudpickle==3.1.3`) with a `train` group, a `serve` extra and a
  `dev` group, logged four times: no selection, `uv_groups=["train"]`, `uv_extras=["serve"]`,
  and both. The four `uv.lock` and `pyproject.toml` are byte-identical.
* `private-index/`: a project whose `six` comes from an index on 127.0.0.1 (a local mirror of
  the PyPI wheel, served by this script on a fixed port so the lock is the same on every run):
  MLflow writes `--extra-index-url http://127.0.0.1:38765/simple` into requirements.txt and
  conda.yaml.
"""

from __future__ import annotations

import hashlib
import http.server
import importlib.util
import json
import shutil
import subprocess
import sys
import threading
from functools import partial
from pathlib import Path

HERE = Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location("gen_fixtures", HERE / "gen_fixtures.py")
assert _spec is not None and _spec.loader is not None
gf = importlib.util.module_from_spec(_spec)
sys.modules["gen_fixtures"] = gf
_spec.loader.exec_module(gf)

DEST = gf.FIXTURES / "fix"
SIX = "six==1.17.0"
PORT = 38765
INDEX_URL = f"http://127.0.0.1:{PORT}/simple"

PAIR_PROJECT = dict(
    deps=[gf.TQDM],
    optional={"serve": [gf.RICH]},
    groups={"dev": [gf.PYTEST], "train": [SIX]},
)
SELECTIONS = {  # directory -> (uv_groups, uv_extras)
    "none": (None, None),
    "train": (["train"], None),
    "serve": (None, ["serve"]),
    "train-serve": (["train"], ["serve"]),
}


UPLOAD_TIME = "2024-12-04T17:35:26Z"
"""Given for the mirrored wheel (PEP 700), before the projects' exclude-newer cutoff: uv drops a
file without an upload time when exclude-newer is set."""


def serve_index(root: Path) -> http.server.ThreadingHTTPServer:
    """A PEP 691 JSON simple index of the files in `root/files`, on 127.0.0.1:PORT."""
    files = []
    for wheel in sorted((root / "files").iterdir()):
        digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
        files.append(
            {
                "filename": wheel.name,
                "url": f"../../files/{wheel.name}",
                "hashes": {"sha256": digest},
                "upload-time": UPLOAD_TIME,
            }
        )
    page = json.dumps({"meta": {"api-version": "1.1"}, "name": "six", "versions": ["1.17.0"], "files": files}).encode()

    class Handler(http.server.SimpleHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path.rstrip("/") == "/simple/six":
                self.send_response(200)
                self.send_header("Content-Type", "application/vnd.pypi.simple.v1+json")
                self.send_header("Content-Length", str(len(page)))
                self.end_headers()
                self.wfile.write(page)
                return
            super().do_GET()

    server = http.server.ThreadingHTTPServer(("127.0.0.1", PORT), partial(Handler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


class FixGenerator(gf.Generator):  # type: ignore[misc]
    def project(self, name: str, text: str, *lock_args: str) -> Path:
        pdir = self.workdir / "projects" / name
        pdir.mkdir(parents=True)
        (pdir / "pyproject.toml").write_text(text)
        self.uv_run(["python", "pin", "3.11"], pdir)
        self.uv_run(["lock", *lock_args], pdir)
        return pdir

    def log_into(self, pdir: Path, dest: Path, groups: list[str] | None, extras: list[str] | None) -> dict:
        result = self.log_model(
            cwd=pdir,
            store=self.workdir / "stores" / "fix",
            action="pyfunc_log_model",
            name="model",
            uv_groups=groups,
            uv_extras=extras,
            run_name=dest.name,
            experiment="uv-audit-fix-fixtures",
        )
        gf.copy_artifacts(Path(result["artifact_dir"]), dest)
        gf.log(f"wrote {gf.rel(dest)}")
        return {
            "path": gf.rel(dest),
            "uv_groups": groups or [],
            "uv_extras": extras or [],
            "uv_export_command": result["export_commands"][0] if result["export_commands"] else None,
            "python_version": result["python_version"],
            "mlflow_version": result["mlflow_version"],
            "cloudpickle_version": result["cloudpickle_version"],
        }


def main(argv: list[str] | None = None) -> int:
    parser = gf.base_parser(__doc__.split("\n\n")[0], Path("/tmp/uv-audit-fix-fixture-work"))
    args = parser.parse_args(argv)

    gen = FixGenerator(args.venv, args.workdir, restore_checks=False)
    if DEST.exists():
        shutil.rmtree(DEST)
    entries: dict[str, dict] = {}

    pair = gen.project("fix-pair", gf.render_pyproject("fix-pair", **PAIR_PROJECT))
    for directory, (groups, extras) in SELECTIONS.items():
        entries[f"pair/{directory}"] = gen.log_into(pair, DEST / "pair" / directory, groups, extras)

    index_root = args.workdir / "index"
    (index_root / "files").mkdir(parents=True)
    subprocess.run(
        [gen.py, "-m", "pip", "download", "-q", "--no-deps", "--only-binary=:all:", SIX, "-d", index_root / "files"],
        check=True,
        env=gf.base_env(),
    )
    server = serve_index(index_root)
    try:
        text = gf.render_pyproject(
            "fix-private-index",
            deps=[gf.TQDM, "six==1.17.0"],
            groups={"dev": [gf.PYTEST]},
            sources={"six": '{ index = "internal" }'},
        )
        text += f'\n[[tool.uv.index]]\nname = "internal"\nurl = "{INDEX_URL}"\nexplicit = true\n'
        # the index is new on every run: never answer from uv's cache of an earlier one
        private = gen.project("fix-private-index", text, "--refresh-package", "six")
        entries["private-index"] = gen.log_into(private, DEST / "private-index", None, None)
    finally:
        server.shutdown()
    entries["private-index"]["index_url"] = INDEX_URL

    manifest = {
        "generator": "scripts/gen_fix_fixtures.py",
        "regenerate": "python scripts/gen_fix_fixtures.py",
        "mlflow_version": gen.versions["mlflow"],
        "uv_version": gen.versions["uv"],
        "python_version": gen.versions["python"],
        "cloudpickle_version": gen.versions["cloudpickle"],
        "exclude_newer": gf.EXCLUDE_NEWER,
        "pair_project": {"groups": ["dev", "train"], "extras": ["serve"]},
        "fixtures": entries,
    }
    (DEST / "MANIFEST.json").write_text(json.dumps(manifest, indent=2) + "\n")
    gf.log(f"{gf.dir_size(DEST):>9,d}  {gf.rel(DEST)}")
    if not args.keep_workdir:
        shutil.rmtree(args.workdir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
