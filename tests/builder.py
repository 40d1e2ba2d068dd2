"""A small builder for rule tests: a consistent pyproject.toml + uv.lock from a compact description,
and a one-call audit of a dict of files through the real loader and engine."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from auditor import config as cfg
from auditor.discover import Candidate, discover
from auditor.findings import Finding
from auditor.parallel import audit_candidate
from auditor.run import RunOptions

PYPI = "https://pypi.org/simple"


@dataclass(frozen=True)
class Pkg:
    """A locked package. `deps` are PEP 508 strings (`colorama; sys_platform == 'win32'`)."""

    name: str
    version: str
    deps: Sequence[str] = ()
    wheels: Sequence[str] | None = None
    """Wheel file names; default: one pure-Python wheel."""
    sdist: bool = True
    hashes: bool = True
    source: str = f'{{ registry = "{PYPI}" }}'
    extras: Mapping[str, Sequence[str]] = field(default_factory=dict)


def _fake_hash(text: str) -> str:
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()


def _q(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _edge(requirement: str) -> str:
    req = Requirement(requirement)
    parts = [f"name = {_q(canonicalize_name(req.name))}"]
    if req.extras:
        parts.append("extra = [" + ", ".join(_q(e) for e in sorted(req.extras)) + "]")
    if req.marker is not None:
        parts.append(f"marker = {_q(str(req.marker).replace(chr(34), chr(39)))}")
    return "{ " + ", ".join(parts) + " }"


def _meta(requirement: str) -> str:
    req = Requirement(requirement)
    parts = [f"name = {_q(canonicalize_name(req.name))}"]
    if req.extras:
        parts.append("extras = [" + ", ".join(_q(e) for e in sorted(req.extras)) + "]")
    if req.marker is not None:
        parts.append(f"marker = {_q(str(req.marker).replace(chr(34), chr(39)))}")
    if str(req.specifier):
        parts.append(f"specifier = {_q(str(req.specifier))}")
    return "{ " + ", ".join(parts) + " }"


def _array(items: Sequence[str]) -> str:
    if not items:
        return "[]"
    return "[\n" + "".join(f"    {item},\n" for item in items) + "]"


def _package(pkg: Pkg) -> str:
    name = canonicalize_name(pkg.name)
    out = [f'[[package]]\nname = "{name}"\nversion = "{pkg.version}"\nsource = {pkg.source}']
    if pkg.deps:
        out.append("dependencies = " + _array([_edge(d) for d in pkg.deps]))
    base = f"https://files.pythonhosted.org/packages/00/00/{name}"
    if pkg.sdist:
        digest = f', hash = "{_fake_hash(name + pkg.version)}"' if pkg.hashes else ""
        out.append(f'sdist = {{ url = "{base}-{pkg.version}.tar.gz"{digest}, size = 1 }}')
    wheels = pkg.wheels if pkg.wheels is not None else [f"{name.replace('-', '_')}-{pkg.version}-py3-none-any.whl"]
    if wheels:
        entries = []
        for wheel in wheels:
            digest = f', hash = "{_fake_hash(wheel)}"' if pkg.hashes else ""
            entries.append(f'{{ url = "{base}/{wheel}"{digest}, size = 1 }}')
        out.append("wheels = " + _array(entries))
    text = "\n".join(out) + "\n"
    if pkg.extras:
        text += "\n[package.optional-dependencies]\n"
        for extra, deps in pkg.extras.items():
            text += f"{extra} = " + _array([_edge(d) for d in deps]) + "\n"
    return text


def uv_project(
    *,
    name: str = "demo",
    version: str = "0.1.0",
    requires_python: str = ">=3.10",
    dependencies: Sequence[str] = (),
    groups: Mapping[str, Sequence[str]] | None = None,
    extras: Mapping[str, Sequence[str]] | None = None,
    packages: Sequence[Pkg] = (),
    default_groups: Sequence[str] | None = None,
    packaged: bool = False,
    pyproject_extra: str = "",
    lock_dependencies: Sequence[str] | None = None,
) -> dict[str, str]:
    """pyproject.toml and a uv.lock resolved from it. `lock_dependencies` lets a test make the
    lock disagree with pyproject (a stale lock): the lock records those instead."""
    groups = groups or {}
    extras = extras or {}
    locked_deps = list(lock_dependencies) if lock_dependencies is not None else list(dependencies)
    pyproject = [
        f'[project]\nname = "{name}"\nversion = "{version}"\nrequires-python = "{requires_python}"',
        "dependencies = " + _array([_q(d) for d in dependencies]),
    ]
    if extras:
        pyproject.append("\n[project.optional-dependencies]")
        pyproject += [f"{e} = " + _array([_q(d) for d in deps]) for e, deps in extras.items()]
    if groups:
        pyproject.append("\n[dependency-groups]")
        pyproject += [f"{g} = " + _array([_q(d) for d in deps]) for g, deps in groups.items()]
    if packaged:
        pyproject.append('\n[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"')
    if default_groups is not None:
        pyproject.append("\n[tool.uv]\ndefault-groups = [" + ", ".join(_q(g) for g in default_groups) + "]")
    if pyproject_extra:
        pyproject.append("\n" + pyproject_extra.strip())
    source = '{ editable = "." }' if packaged else '{ virtual = "." }'
    root = [f'[[package]]\nname = "{canonicalize_name(name)}"\nversion = "{version}"\nsource = {source}']
    if locked_deps:
        root.append("dependencies = " + _array([_edge(d) for d in locked_deps]))
    root_text = "\n".join(root) + "\n"
    if extras:
        root_text += "\n[package.optional-dependencies]\n"
        root_text += "".join(f"{e} = " + _array([_edge(d) for d in deps]) + "\n" for e, deps in extras.items())
    if groups:
        root_text += "\n[package.dev-dependencies]\n"
        root_text += "".join(f"{g} = " + _array([_edge(d) for d in deps]) + "\n" for g, deps in groups.items())
    requires_dist = [_meta(d) for d in locked_deps]
    for extra, deps in extras.items():
        for dep in deps:
            req = Requirement(dep)
            marker = f"({req.marker}) and extra == '{extra}'" if req.marker else f"extra == '{extra}'"
            requires_dist.append(_meta(f"{dep.split(';')[0]}; {marker}"))
    root_text += "\n[package.metadata]\nrequires-dist = " + _array(requires_dist) + "\n"
    if extras:
        root_text += "provides-extras = [" + ", ".join(_q(e) for e in extras) + "]\n"
    if groups:
        root_text += "\n[package.metadata.requires-dev]\n"
        root_text += "".join(f"{g} = " + _array([_meta(d) for d in deps]) + "\n" for g, deps in groups.items())
    lock = f'version = 1\nrevision = 3\nrequires-python = "{requires_python}"\n\n'
    all_packages = sorted([*packages], key=lambda p: canonicalize_name(p.name))
    chunks = [root_text, *(_package(p) for p in all_packages)]
    chunks.sort(key=lambda c: c.split('name = "', 1)[1].split('"', 1)[0])
    lock += "\n".join(chunks)
    return {"pyproject.toml": "\n".join(pyproject) + "\n", "uv.lock": lock}


def write_files(root: Path, files: Mapping[str, str | bytes]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def audit_dir(
    directory: Path,
    *,
    options: RunOptions | None = None,
    environ: Mapping[str, str] | None = None,
) -> tuple[Finding, ...]:
    """Audit every target below `directory` through the real discover/load/audit path."""
    run_options = options or RunOptions(paths=(str(directory),))
    env_layer = cfg.from_environment(environ or {})
    findings: list[Finding] = []
    for item in discover([str(directory)]):
        if isinstance(item, Candidate):
            findings.extend(audit_candidate(item, run_options, env_layer).findings)
    return tuple(findings)


def audit_files(tmp_path: Path, files: Mapping[str, str | bytes], **kwargs: object) -> tuple[Finding, ...]:
    root = tmp_path / "target"
    os.makedirs(root, exist_ok=True)
    write_files(root, files)
    return audit_dir(root, **kwargs)  # type: ignore[arg-type]


def rules_of(findings: Sequence[Finding], code: str) -> list[Finding]:
    return [f for f in findings if f.rule == code]
