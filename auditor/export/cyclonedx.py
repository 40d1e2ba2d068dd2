"""`uv export --format cyclonedx1.5`, as uv 0.13.9 writes it (`cyclonedx_json::from_lock` in
`crates/uv-lock/src/lock/export/cyclonedx_json.rs`, printed by `serde_json::to_writer_pretty`).

A CycloneDX 1.5 SBOM of the exported packages, made from uv.lock alone: no uv, no network.
Pure: the serial number, timestamp and tool are parameters.
"""

from __future__ import annotations

import json
from typing import Any

from auditor.export.install_target import resolve_target
from auditor.export.lockgraph import PreparedLock, prepare, source_sort_key
from auditor.export.model import ExportEntry, ExportResult
from auditor.export.selection import ProjectContext, Selection
from auditor.frozen import frozen
from auditor.lockfile import Lock, LockedPackage

# packageurl.rs's set, as uv copies it: controls, non-ASCII and these
_PURL_ESCAPED = frozenset(' "#%<>`?{};=+@\\[]^|')
_ALGORITHMS = {"md5": "MD5", "sha256": "SHA-256", "sha384": "SHA-384", "sha512": "SHA-512", "blake2b": "BLAKE2b-256"}
JsonObject = dict[str, Any]


@frozen
class Tool:
    """`metadata.tools[0]`: who made the SBOM (uv writes `Astral Software Inc.`, `uv`, its version)."""

    vendor: str
    name: str
    version: str


def render_cyclonedx(
    result: ExportResult,
    lock: Lock,
    context: ProjectContext,
    selection: Selection,
    *,
    serial: str,
    timestamp: str,
    tool: Tool,
    hashes: bool = True,
) -> str:
    """Byte-identical to `uv export --format cyclonedx1.5` stdout but for `serialNumber`,
    `timestamp` and `metadata.tools` (given: e.g. `urn:uuid:...`, `2026-01-02T03:04:05.123456789Z`).

    `result` is the export with conflicts not checked (uv skips conflict detection for SBOMs) and
    virtual packages kept; `hashes=False` is `--no-hashes`.
    """
    plock = prepare(lock)
    nodes = sorted(result.entries, key=lambda e: source_sort_key(e.package))
    roots = resolve_target(plock, context, selection).roots
    root: LockedPackage | None = None
    if len(roots) == 1:
        root = next((e.package for e in nodes if e.name == roots[0]), None)
    if root is None:
        root = _lock_root(lock)
    builder = _Builder(hashes)
    metadata: JsonObject = {"timestamp": timestamp, "tools": [_tool(tool)]}
    root_component = builder.component(root, "root", None) if root is not None else None
    members = set(lock.manifest.members)
    components = [
        builder.component(e.package, "workspace" if e.name in members else "dependency", e)
        for e in nodes
        if root is None or e.package is not root
    ]
    dependencies = [_dependencies(plock, e.package, builder) for e in nodes]
    if selection.all_packages or root_component is None:
        name = root.name if root is not None else "uv-workspace"
        synthetic: JsonObject = {
            "type": "library",
            "bom-ref": builder.bom_ref(name, None),
            "name": name,
            "properties": [{"name": "uv:package:is_synthetic_root", "value": "true"}],
        }
        refs = {builder.refs[id(e.package)] for e in nodes if e.name in members}
        if root_component is not None:
            refs.add(root_component["bom-ref"])
            components.append(root_component)
        dependencies.append(_dependency(synthetic["bom-ref"], refs))
        root_component = synthetic
    if root_component is not None:
        metadata["component"] = root_component
    bom = {
        "bomFormat": "CycloneDX",
        "specVersion": "1.5",
        "version": 1,
        "serialNumber": serial,
        "metadata": metadata,
        "components": components,
        "dependencies": dependencies,
    }
    return json.dumps(bom, indent=2, ensure_ascii=False)


def _tool(tool: Tool) -> JsonObject:
    return {"vendor": tool.vendor, "name": tool.name, "version": tool.version}


def _lock_root(lock: Lock) -> LockedPackage | None:
    """uv's `Lock::root`: the member at the workspace root, or the implicit root (editable/virtual `.`)."""
    members = set(lock.manifest.members)
    for pkg in lock.packages:
        at_root = pkg.source.value in ("", ".", "./")
        if pkg.source.kind == "directory" and at_root and pkg.name in members:
            return pkg
        if pkg.source.kind in ("editable", "virtual") and at_root:
            return pkg
    return None


class _Builder:
    """uv's `ComponentBuilder`: numbered bom-refs, a component per package (found again by package)."""

    def __init__(self, hashes: bool) -> None:
        self.counter = 0
        self.hashes = hashes
        self.refs: dict[int, str] = {}

    def bom_ref(self, name: str, version: str | None) -> str:
        self.counter += 1
        return f"{name}-{self.counter}@{version}" if version is not None else f"{name}-{self.counter}"

    def component(self, pkg: LockedPackage, kind: str, entry: ExportEntry | None) -> JsonObject:
        component: JsonObject = {"type": "library", "bom-ref": self.bom_ref(pkg.name, pkg.version), "name": pkg.name}
        self.refs[id(pkg)] = component["bom-ref"]
        if pkg.version is not None:
            component["version"] = pkg.version
        purl = _purl(pkg)
        if purl is not None:
            component["purl"] = purl
        properties = []
        if kind == "workspace":
            properties.append({"name": "uv:workspace:path", "value": pkg.source.value or "."})
        elif kind == "root":
            properties.append({"name": "uv:package:is_project_root", "value": "true"})
        if entry is not None and entry.marker is not None:
            properties.append({"name": "uv:package:marker", "value": entry.marker})
        references = _references(pkg) if self.hashes else []
        if references:
            component["externalReferences"] = references
        if properties:
            component["properties"] = properties
        return component


def _references(pkg: LockedPackage) -> list[JsonObject]:
    files = [pkg.sdist] if pkg.sdist is not None else []
    files += pkg.wheels
    out = []
    for artifact in files:
        if artifact is None or artifact.url is None or not artifact.hash or ":" not in artifact.hash:
            continue
        algorithm, _, digest = artifact.hash.partition(":")
        out.append(
            {
                "type": "distribution",
                "url": artifact.url,
                "hashes": [{"alg": _ALGORITHMS.get(algorithm, algorithm.upper()), "content": digest}],
            }
        )
    return out


def _purl(pkg: LockedPackage) -> str | None:
    source = pkg.source
    if source.kind in ("path", "directory", "editable", "virtual"):
        return None
    qualifiers: list[tuple[str, str]] = []
    if source.kind == "registry":
        if "://" in source.value and not source.value.startswith("https://pypi.org/"):
            qualifiers.append(("repository_url", source.value))
    elif source.kind == "git":
        qualifiers.append(("vcs_url", source.value))
    elif source.kind == "url":
        qualifiers.append(("download_url", source.value))
    version = f"@{_encode(pkg.version)}" if pkg.version is not None else ""
    query = "?" + "&".join(f"{k}={_encode(v)}" for k, v in qualifiers) if qualifiers else ""
    return f"pkg:pypi/{_encode(pkg.name)}{version}{query}"


def _encode(text: str) -> str:
    return "".join(
        "".join(f"%{b:02X}" for b in c.encode()) if ord(c) < 0x20 or ord(c) >= 0x7F or c in _PURL_ESCAPED else c
        for c in text
    )


def _dependencies(plock: PreparedLock, pkg: LockedPackage, builder: _Builder) -> JsonObject:
    deps = list(pkg.dependencies)
    for group in (pkg.optional_dependencies, pkg.dev_dependencies):
        for name in sorted(group):
            deps.extend(group[name])
    refs = set()
    for dep in deps:
        try:
            target = plock.package(plock.find(dep))
        except KeyError:
            continue
        ref = builder.refs.get(id(target))
        if ref is not None:
            refs.add(ref)
    return _dependency(builder.refs[id(pkg)], refs)


def _dependency(ref: str, depends_on: set[str]) -> JsonObject:
    out: JsonObject = {"ref": ref}
    if depends_on:
        out["dependsOn"] = sorted(depends_on)
    return out
