#!/usr/bin/env python3
"""Regenerate tests/fixtures/export-conformance/ with real uv 0.13.9 (issue 15, parts 2 and 3).

    python scripts/gen_export_conformance.py [--uv PATH] [--check]

Builds a few small uv projects under BASE (a fixed path, so the absolute paths uv writes for
find-links directories come out the same every time), serves a local package index, a dumb-HTTP
git repository and direct-URL files from 127.0.0.1:PORT (no credentials, nothing off this
machine but PyPI), locks every project with `uv lock` (pinned `==` versions and `exclude-newer`,
so the locks are deterministic; local wheels and sdists are written byte for byte by this script)
and records what `uv export --frozen ...` really prints for every variant in VARIANTS: stdout,
exit code, stderr, and the files an `-o` variant writes. Also records `uv export --help`.

Written per project: the project's pyproject.toml files and uv.lock, and `.expected/`:
`commands.json` ({variant: {argv, cwd, returncode, stderr, stdout, files}}, `stdout` and `files`
naming files in `.expected/`) and the outputs themselves. CycloneDX outputs keep the serialNumber
and timestamp uv wrote; the tests substitute their own.

`--check` regenerates into a scratch copy and exits 1 when anything committed differs (CycloneDX
serial numbers and timestamps aside).
"""

from __future__ import annotations

import argparse
import base64
import functools
import gzip
import hashlib
import http.server
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import threading
import zipfile
from pathlib import Path

import tomllib

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "tests" / "fixtures" / "export-conformance"
SPEC = tomllib.loads((OUT / "projects.toml").read_text(encoding="utf-8"))
PROJECTS = {name: spec for name, spec in SPEC.items() if name != "sets"}
PYPI_ONLY = [name for name, spec in PROJECTS.items() if spec.get("pypi_only")]


def variants(name: str) -> dict[str, tuple[str, list[str]]]:
    """{variant: (cwd, args)} for a project: its sets with its params filled in."""
    spec = PROJECTS[name]
    out = {}
    for set_name in spec["sets"]:
        for variant, cwd, *args in SPEC["sets"][set_name]:
            out[variant] = (cwd, [a.format(**spec["params"]) for a in args])
    return out


BASE = Path("/tmp/uv-audit-conformance")
PORT = 47651
SERVER = f"http://127.0.0.1:{PORT}"
EPOCH = (2024, 1, 1, 0, 0, 0)
GIT_ENV = {
    "GIT_AUTHOR_NAME": "uv-audit", "GIT_AUTHOR_EMAIL": "uv-audit@example.invalid",
    "GIT_COMMITTER_NAME": "uv-audit", "GIT_COMMITTER_EMAIL": "uv-audit@example.invalid",
    "GIT_AUTHOR_DATE": "2024-01-01T00:00:00Z", "GIT_COMMITTER_DATE": "2024-01-01T00:00:00Z",
    "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1",
}  # fmt: skip


def _metadata(name: str, version: str, requires: tuple[str, ...] = ()) -> str:
    lines = ["Metadata-Version: 2.2", f"Name: {name}", f"Version: {version}", "Requires-Python: >=3.8"]
    lines += [f"Requires-Dist: {r}" for r in requires]
    return "\n".join(lines) + "\n\n"


def write_wheel(directory: Path, name: str, version: str, requires: tuple[str, ...] = ()) -> Path:
    """A minimal pure-Python wheel, byte-identical on every run (fixed timestamps, sorted entries)."""
    module = name.replace("-", "_")
    dist_info = f"{module}-{version}.dist-info"
    files = {
        f"{module}/__init__.py": f"VERSION = {version!r}\n",
        f"{dist_info}/METADATA": _metadata(name, version, requires),
        f"{dist_info}/WHEEL": "Wheel-Version: 1.0\nGenerator: uv-audit\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    record = []
    for path, text in files.items():
        digest = hashlib.sha256(text.encode()).digest()
        encoded = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
        record.append(f"{path},sha256={encoded},{len(text.encode())}")
    files[f"{dist_info}/RECORD"] = "\n".join([*record, f"{dist_info}/RECORD,,"]) + "\n"
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / f"{module}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, text in files.items():
            archive.writestr(zipfile.ZipInfo(path, EPOCH), text)
    return target


def write_sdist(directory: Path, name: str, version: str, requires: tuple[str, ...] = ()) -> Path:
    """A minimal sdist with static PKG-INFO (uv reads it without building), byte-identical every run."""
    module = name.replace("-", "_")
    root = f"{module}-{version}"
    deps = ", ".join(json.dumps(r) for r in requires)
    files = {
        f"{root}/PKG-INFO": _metadata(name, version, requires),
        f"{root}/pyproject.toml": (
            '[build-system]\nrequires = ["hatchling==1.25.0"]\nbuild-backend = "hatchling.build"\n\n'
            f'[project]\nname = "{name}"\nversion = "{version}"\nrequires-python = ">=3.8"\ndependencies = [{deps}]\n'
        ),
        f"{root}/src/{module}/__init__.py": f"VERSION = {version!r}\n",
    }
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / f"{root}.tar.gz"
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as archive:
        for path, text in files.items():
            info = tarfile.TarInfo(path)
            data = text.encode()
            info.size, info.mtime, info.mode = len(data), 1704067200, 0o644
            archive.addfile(info, io.BytesIO(data))
    target.write_bytes(gzip.compress(buffer.getvalue(), mtime=0))
    return target


def write_tree(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text.replace("{SERVER}", SERVER), encoding="utf-8")


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, env={**os.environ, **GIT_ENV}, check=True, capture_output=True)


def build_served(base: Path) -> None:
    """The files 127.0.0.1:PORT serves: /files (direct URLs), /simple (an index), /git (a repository)."""
    serve = base / "serve"
    files = serve / "files"
    write_wheel(files, "urlwheel", "1.0.0", ("six==1.16.0",))
    write_sdist(files, "urlsdist", "1.0.0")
    # idxpkg: PEP 691 JSON with upload times and sizes; idxother: PEP 503 HTML with hashes only
    for name in ("idxpkg", "idxother"):
        sdist, wheel = write_sdist(files, name, "1.0.0"), write_wheel(files, name, "1.0.0")
        page = serve / "simple" / name / ("index.json" if name == "idxpkg" else "index.html")
        page.parent.mkdir(parents=True, exist_ok=True)
        digests = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in (sdist, wheel)}
        if name == "idxpkg":
            entries = [
                {"filename": p.name, "url": f"{SERVER}/files/{p.name}", "hashes": {"sha256": digest},
                 "size": p.stat().st_size, "upload-time": f"2024-0{n + 3}-0{n + 1}T10:20:3{n}.{n + 4}56789Z"}
                for n, (p, digest) in enumerate(digests.items())
            ]  # fmt: skip
            meta = {"meta": {"api-version": "1.1"}, "name": name, "versions": ["1.0.0"], "files": entries}
            page.write_text(json.dumps(meta, indent=1), encoding="utf-8")
        else:
            links = "".join(f'<a href="{SERVER}/files/{p.name}#sha256={d}">{p.name}</a>\n' for p, d in digests.items())
            page.write_text(f"<!DOCTYPE html>\n<html><body>\n{links}</body></html>\n", encoding="utf-8")
    source = base / "gitsrc"
    write_tree(source, {
        "pyproject.toml": _hatch("gitpkg", "0.1.0", ("six==1.16.0",)),
        "src/gitpkg/__init__.py": "",
        "sub/pyproject.toml": _hatch("gitsub", "0.2.0"),
        "sub/src/gitsub/__init__.py": "",
    })  # fmt: skip
    git(source, "init", "-q", "-b", "main")
    git(source, "add", ".")
    git(source, "commit", "-q", "-m", "gitpkg 0.1.0")
    git(source, "tag", "v0.1.0")
    bare = serve / "git" / "gitpkg.git"
    git(base, "clone", "-q", "--bare", str(source), str(bare))
    git(bare, "update-server-info")


def _hatch(name: str, version: str, deps: tuple[str, ...] = (), extra: str = "") -> str:
    listed = ", ".join(json.dumps(d) for d in deps)
    return (
        '[build-system]\nrequires = ["hatchling==1.25.0"]\nbuild-backend = "hatchling.build"\n\n'
        f'[project]\nname = "{name}"\nversion = "{version}"\nrequires-python = ">=3.10"\n'
        f"dependencies = [{listed}]\n{extra}"
    )


def serve(directory: Path) -> http.server.ThreadingHTTPServer:
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", PORT), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Static files; /simple/<name>/ answers with index.json (PEP 691) where there is one."""

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if (path / "index.json").is_file():
            data = (path / "index.json").read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "application/vnd.pypi.simple.v1+json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            return io.BytesIO(data)
        return super().send_head()

    def log_message(self, format: str, *args: object) -> None:
        pass


def uv_env(base: Path, offline: bool) -> dict[str, str]:
    # no terminal and no COLUMNS: uv wraps neither help (clap's default 100 columns) nor errors
    drop = ("VIRTUAL_ENV", "NO_COLOR", "COLUMNS", "LINES")
    env = {k: v for k, v in os.environ.items() if not k.startswith("UV_") and k not in drop}
    env.update(UV_PYTHON_DOWNLOADS="never", GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_NOSYSTEM="1")
    if offline:
        # as a user runs it: no UV_CACHE_DIR (clap would name --cache-dir in its usage lines)
        env["UV_OFFLINE"] = "1"
    else:
        env["UV_CACHE_DIR"] = str(base / ".cache")
    return env


def lock_project(uv: str, base: Path, name: str) -> Path:
    project = base / name
    write_tree(project, PROJECTS[name]["files"])
    for rel, (kind, pkg, version) in PROJECTS[name].get("artifacts", {}).items():
        (write_wheel if kind == "wheel" else write_sdist)(project / rel, pkg, version)
    run = subprocess.run(
        [uv, "lock", "--python", sys.executable], cwd=project, env=uv_env(base, False), capture_output=True, text=True
    )
    if run.returncode != 0:
        raise SystemExit(f"uv lock failed in {name}:\n{run.stderr}")
    return project


def record(uv: str, base: Path, name: str, project: Path, out: Path) -> None:
    expected = out / ".expected"
    expected.mkdir(parents=True)
    for rel in PROJECTS[name]["files"]:
        if rel.endswith("pyproject.toml"):
            (out / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(project / rel, out / rel)
    shutil.copyfile(project / "uv.lock", out / "uv.lock")
    for rel in PROJECTS[name].get("artifacts", {}):
        # local wheels and sdists (~1 KB each): uv hashes a find-links wheel uv.lock has no hash for
        shutil.copytree(project / rel, out / rel)
    commands = {}
    for variant, (cwd, args) in variants(name).items():
        where = (project / cwd).resolve()
        before = _listing(project)
        argv = ["uv", "export", *args]
        run = subprocess.run(
            [uv, *argv[1:]], cwd=where, env=uv_env(base, True), capture_output=True, text=True, stdin=subprocess.DEVNULL
        )
        entry: dict[str, object] = {"argv": argv, "cwd": cwd, "returncode": run.returncode, "stderr": run.stderr}
        if run.stdout:
            entry["stdout"] = f"{variant}.out"
            (expected / f"{variant}.out").write_text(run.stdout, encoding="utf-8")
        written = {}
        for n, path in enumerate(sorted(_listing(project) - before)):
            saved = f"{variant}.file{n}"
            shutil.copyfile(project / path, expected / saved)
            written[path] = saved
        for path in sorted(_listing(project) - before, key=len, reverse=True):
            (project / path).unlink()
        _prune_dirs(project)
        if written:
            entry["files"] = written
        commands[variant] = entry
    (expected / "commands.json").write_text(json.dumps(commands, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def _listing(root: Path) -> set[str]:
    skip = (".venv", ".cache", "localwheels", "sdists", "wheels", "libs", "src")
    return {
        str(p.relative_to(root))
        for p in root.rglob("*")
        if p.is_file() and not any(part in skip for part in p.relative_to(root).parts[:-1])
    }


def _prune_dirs(root: Path) -> None:
    for path in sorted(root.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        if path.is_dir() and not any(path.iterdir()):
            path.rmdir()


SERIAL = re.compile(r'"(serialNumber|timestamp)": "[^"]*"')


def compare(a: Path, b: Path) -> list[str]:
    names = {str(p.relative_to(a)) for p in a.rglob("*") if p.is_file()}
    names |= {str(p.relative_to(b)) for p in b.rglob("*") if p.is_file()}
    names.discard("projects.toml")
    diffs = []
    for rel in sorted(names):
        x, y = a / rel, b / rel
        if not x.is_file() or not y.is_file():
            diffs.append(f"{rel}: only in one tree")
            continue
        if x.suffix in (".whl", ".gz"):
            if x.read_bytes() != y.read_bytes():
                diffs.append(f"{rel}: differs")
            continue
        tx, ty = (SERIAL.sub(r'"\1": ""', p.read_text(encoding="utf-8")) for p in (x, y))
        if rel.endswith("commands.json"):
            tx, ty = (re.sub(r"ERROR_ID_[0-9a-f]+", "", t) for t in (tx, ty))
        if tx != ty:
            diffs.append(f"{rel}: differs")
    return diffs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uv", default=shutil.which("uv") or "uv")
    parser.add_argument("--check", action="store_true", help="regenerate into a scratch dir and compare")
    parser.add_argument("--only", action="append", help="only these projects")
    args = parser.parse_args()
    version = subprocess.run([args.uv, "--version"], capture_output=True, text=True, check=True).stdout
    if not version.startswith("uv 0.13.9"):
        raise SystemExit(f"needs uv 0.13.9, found {version.strip()}")
    names = args.only or list(PROJECTS)
    target = BASE / "check-output" if args.check else OUT
    if BASE.exists():
        shutil.rmtree(BASE)
    BASE.mkdir(parents=True)
    build_served(BASE)
    server = serve(BASE / "serve")
    try:
        target.mkdir(parents=True, exist_ok=True)
        for name in names:
            if (target / name).exists():
                shutil.rmtree(target / name)
            print(f"locking {name}", file=sys.stderr)
            project = lock_project(args.uv, BASE, name)
            record(args.uv, BASE, name, project, target / name)
        help_text = subprocess.run(
            [args.uv, "export", "--help"],
            env=uv_env(BASE, True),
            capture_output=True,
            text=True,
            check=True,
            stdin=subprocess.DEVNULL,
        ).stdout
        (target / "uv-export-help.txt").write_text(help_text, encoding="utf-8")
        (target / "README.md").write_text(README.format(projects=", ".join(PROJECTS), pypi=", ".join(PYPI_ONLY)))
    finally:
        server.shutdown()
    if args.check:
        diffs = compare(OUT, target) if not args.only else [d for n in names for d in compare(OUT / n, target / n)]
        for line in diffs:
            print(line)
        return 1 if diffs else 0
    return 0


README = """# export-conformance

Made by `python scripts/gen_export_conformance.py` with real uv 0.13.9; do not edit by hand.
Projects: {projects}. Those that need only PyPI (no local server) to re-lock: {pypi}.
Each project directory holds what `uv export --frozen` reads (pyproject.toml files and uv.lock);
`.expected/commands.json` lists every variant: argv, cwd (relative to the project), returncode,
stderr, and the files holding stdout and the files an `-o` variant wrote.
The projects were locked under {base}/<project>; the local index, git repository and direct-URL
files were served from {server}.
""".replace("{base}", str(BASE)).replace("{server}", SERVER)

if __name__ == "__main__":
    raise SystemExit(main())
