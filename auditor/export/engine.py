"""The graph walk of `uv export`, ported from `crates/uv-resolver/src/lock/export/mod.rs`
(`ExportableRequirements::from_lock` and `conflict_marker_reachability`).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from packaging.utils import canonicalize_name

from auditor.export import algebra as A
from auditor.export import install_target
from auditor.export import markers as M
from auditor.export.chains import chains_for
from auditor.export.conflicts import Item, has_extra, resolve_activated_extras
from auditor.export.lockgraph import Edge, PreparedLock, prepare, source_sort_key
from auditor.export.model import ExportEntry, ExportResult
from auditor.export.selection import Extras, Groups, ProjectContext, Selection
from auditor.lockfile import Lock, LockedPackage

ROOT = -1


@dataclass(frozen=True)
class GraphEdge:
    src: int  # package index or ROOT
    dst: int
    kind: str  # "prod", "optional", "dev"
    label: str | None  # extra or group name
    marker: int
    extras: tuple[str, ...]
    owner: str | None = None  # for root edges: the member whose group/requirement this is


class Graph:
    def __init__(self) -> None:
        self.nodes: list[int] = []  # package indices in insertion order
        self.seen_nodes: set[int] = set()
        self.edges: list[GraphEdge] = []
        self.out: dict[int, list[GraphEdge]] = {ROOT: []}

    def node(self, pkg: int) -> None:
        if pkg not in self.seen_nodes:
            self.seen_nodes.add(pkg)
            self.nodes.append(pkg)
            self.out[pkg] = []

    def add(self, edge: GraphEdge) -> None:
        self.edges.append(edge)
        self.out[edge.src].append(edge)


def export(lock: Lock, context: ProjectContext, selection: Selection, *, check_conflicts: bool = True) -> ExportResult:
    """What `uv export --frozen` would list for this lock, project and selection."""
    plock = prepare(lock)
    groups = Groups.build(selection, context.default_groups)
    extras = Extras.build(selection)
    target = install_target.resolve_target(plock, context, selection)
    install_target.validate(plock, target, context, groups, extras)
    pruned = frozenset(canonicalize_name(p) for p in selection.prune)
    graph, activated = _build(plock, target, context, groups, extras, pruned)
    if check_conflicts:
        # `InstallTarget::packages`: every member for a workspace; else the roots and the members they reach
        if target.kind in ("workspace", "non-project"):
            installed = set(lock.manifest.members)
        else:
            members = set(lock.manifest.members) | set(target.roots)
            installed = ({lock.packages[n].name for n in graph.nodes} & members) | set(target.roots)
        install_target.detect_conflicts(plock, installed, groups, extras)
    reach = _reachability(plock, graph, activated)
    include = _Filter.of(selection, target.project_name(plock), set(lock.manifest.members))
    incoming: dict[int, set[str]] = {}  # one pass over the edges, not one per node (docling: 63 ms)
    for e in graph.edges:
        if e.src != ROOT:
            incoming.setdefault(e.dst, set()).add(lock.packages[e.src].name)
    entries = []
    for node in graph.nodes:
        pkg = lock.packages[node]
        if not include(pkg):
            continue
        marker = reach.get(node, A.TRUE)
        if marker == A.FALSE:
            continue
        dependents = sorted(incoming.get(node, ()))
        entries.append((node, marker, tuple(dependents)))
    entries.sort(key=lambda item: _order_key(plock, item[0]))
    chains = chains_for(plock, graph, [n for n, _, _ in entries], context)
    return ExportResult(
        tuple(
            ExportEntry(
                package=lock.packages[node],
                name=lock.packages[node].name,
                version=lock.packages[node].version,
                source=lock.packages[node].source,
                marker=M.to_string(marker),
                hashes=lock.packages[node].hashes,
                chains=chains.get(node, ()),
                local=lock.packages[node].source.kind in ("path", "directory", "editable"),
                dependents=dependents,
                marker_node=marker,
            )
            for node, marker, dependents in entries
        )
    )


def _order_key(plock: PreparedLock, node: int) -> tuple[object, ...]:
    pkg = plock.package(node)
    if pkg.source.kind == "editable":
        return (0, _path_key(pkg.source.value))
    if pkg.source.kind in ("path", "directory"):
        return (1, _path_key(pkg.source.value))
    return (2, source_sort_key(pkg))


def _path_key(path: str) -> tuple[str, ...]:
    return tuple(p for p in path.split("/") if p not in ("", "."))


@dataclass(frozen=True)
class _Filter:
    """uv's `InstallOptions::include_package` (the `--only-emit-*` filters win over `--no-emit-*`)."""

    sel: Selection
    project: str | None
    members: frozenset[str]
    only: frozenset[str]
    omit: frozenset[str]

    @classmethod
    def of(cls, sel: Selection, project: str | None, members: set[str]) -> _Filter:
        only = frozenset(canonicalize_name(n) for n in sel.only_emit_packages)
        omit = frozenset(canonicalize_name(n) for n in sel.no_emit_packages)
        return cls(sel, project, frozenset(members), only, omit)

    def __call__(self, pkg: LockedPackage) -> bool:
        sel, name, local, project = self.sel, pkg.name, pkg.source.is_local, self.project
        if self.only:
            return name in self.only
        if sel.only_emit_local:
            return local
        if sel.only_emit_workspace:
            return name == project or name in self.members
        if sel.only_emit_project:
            return project is not None and name == project
        if sel.no_emit_project and project is not None and name == project:
            return False
        if sel.no_emit_workspace and (name == project or name in self.members):
            return False
        if sel.no_emit_local and local:
            return False
        return name not in self.omit


def _build(
    plock: PreparedLock,
    target: install_target.Target,
    context: ProjectContext,
    groups: Groups,
    extras: Extras,
    pruned: frozenset[str] = frozenset(),
) -> tuple[Graph, dict[Item, int]]:
    """The export graph; `pruned` names are never entered (uv's `--prune`)."""
    graph = Graph()
    queue: deque[tuple[int, str | None]] = deque()
    seen: set[tuple[int, str | None]] = set()
    activated: dict[Item, int] = {}

    def push(pkg: int, dep_extras: tuple[str, ...]) -> None:
        for key in ((pkg, None), *((pkg, e) for e in dep_extras)):
            if key not in seen:
                seen.add(key)
                queue.append(key)

    roots: list[tuple[str, bool]] = [(r, True) for r in target.roots]
    extra_root = install_target.group_root(plock, target, context, groups)
    if extra_root is not None:
        roots.append((extra_root, False))
    for root_name, production in roots:
        name: str = root_name
        if name in pruned:
            continue
        candidates = plock.by_name.get(name, [])
        if len(candidates) != 1:
            raise KeyError(f"uv.lock has no single package `{name}`")
        dist = candidates[0]
        if production:
            activated[(name, None, None)] = A.TRUE
            if groups.prod:
                graph.node(dist)
                graph.add(GraphEdge(ROOT, dist, "prod", None, A.TRUE, (), name))
                queue.append((dist, None))
                for extra_name in plock.optional[dist]:
                    if extras.contains(extra_name):
                        queue.append((dist, extra_name))
                        activated[(name, "extra", extra_name)] = A.TRUE
        for group, group_deps in plock.groups[dist].items():
            if not install_target.includes_group(target, context, groups, name, group):
                continue
            activated[(name, "group", group)] = A.TRUE
            for dep in group_deps:
                if pruned and plock.package(dep.target).name in pruned:
                    continue
                graph.node(dep.target)
                graph.add(GraphEdge(ROOT, dep.target, "dev", group, dep.marker, dep.extras, name))
                push(dep.target, dep.extras)
    _root_requirements(plock, target, context, groups, graph, push, pruned)
    while queue:
        pkg, extra = queue.popleft()
        deps: tuple[Edge, ...] = plock.deps[pkg] if extra is None else plock.optional[pkg].get(extra, ())
        for dep in deps:
            if pruned and plock.package(dep.target).name in pruned:
                continue
            graph.node(dep.target)
            kind = "optional" if extra is not None else "prod"
            graph.add(GraphEdge(pkg, dep.target, kind, extra, dep.marker, dep.extras))
            push(dep.target, dep.extras)
    return graph, activated


def _root_requirements(plock, target, context, groups, graph, push, pruned) -> None:  # type: ignore[no-untyped-def]
    manifest = plock.lock.manifest
    requirements = [(r, None) for r in manifest.requirements]
    for group, reqs in sorted(manifest.dependency_groups.items()):
        if install_target.includes_group(target, context, groups, None, group):
            requirements.extend((r, group) for r in reqs)
    for req, group in requirements:
        if req.name in pruned:
            continue
        for dist in plock.by_name.get(req.name, []):
            marker = M.parse(req.marker)
            fork = plock.fork_pep508(dist)
            if fork is not None:
                marker = M.and_(fork, marker)
            if marker == A.FALSE:
                continue
            marker = plock.simplify(marker)
            graph.node(dist)
            extras = tuple(sorted(set(req.extras)))
            graph.add(
                GraphEdge(ROOT, dist, "prod" if group is None else "dev", group, marker, extras, context.root_name)
            )
            push(dist, extras)


def _needed_keys(graph: Graph, names: dict[int, str]) -> dict[int, tuple[Item, ...] | None]:
    """For each node, the conflict items whose value the walk below it can read (None: any item).

    `_reachability` reads an item's value in two places only: an optional edge reads its own
    `(package, "extra", name)`, and an edge marker with `extra == ...` reads what it names (taken
    here as any item). A node's map needs the items read at the node or at a node below it; the
    others never change a marker, so they are not carried (docling's every-extra export: 73,000
    item updates down to a few thousand)."""
    index: dict[Item, int] = {}
    mask: dict[int, int] = {}
    everything = 1  # bit 0: an edge below reads any item
    for node in graph.nodes:
        bits = 0
        for edge in graph.out[node]:
            if has_extra(edge.marker):
                bits |= everything
            elif edge.kind == "optional":
                key: Item = (names[node], "extra", edge.label)
                bits |= 1 << index.setdefault(key, len(index) + 1)
        mask[node] = bits
    preds: dict[int, set[int]] = {}
    for edge in graph.edges:
        if edge.src != ROOT:
            preds.setdefault(edge.dst, set()).add(edge.src)
    work = [n for n, bits in mask.items() if bits]
    while work:
        node = work.pop()
        bits = mask[node]
        for pred in preds.get(node, ()):
            merged = mask[pred] | bits
            if merged != mask[pred]:
                mask[pred] = merged
                work.append(pred)
    keys: list[Item] = list(index)  # bit i + 1 is keys[i]
    decoded: dict[int, tuple[Item, ...] | None] = {}
    out: dict[int, tuple[Item, ...] | None] = {}
    for node, bits in mask.items():
        if bits not in decoded:
            decoded[bits] = None if bits & everything else tuple(k for i, k in enumerate(keys, 1) if bits >> i & 1)
        out[node] = decoded[bits]
    return out


def _reachability(plock: PreparedLock, graph: Graph, known: dict[Item, int]) -> dict[int, int]:
    names = {n: plock.package(n).name for n in graph.nodes}
    needed = _needed_keys(graph, names)
    conflict_maps: dict[int, dict[Item, int]] = {}
    reach: dict[int, int] = {ROOT: A.TRUE}
    stack = [ROOT]
    and_, or_, resolve = M.and_, M.or_, resolve_activated_extras
    while stack:
        parent = stack.pop()
        scope = names.get(parent)
        pmap = conflict_maps.get(parent, known)
        reach[parent] = resolve(reach[parent], scope, pmap)
        for edge in reversed(graph.out[parent]):
            parent_marker = reach[parent]
            child = edge.dst
            # the items this edge sets, over the parent's map (uv copies the map; only these differ)
            local: dict[Item, int] = {(names[child], "extra", extra): parent_marker for extra in edge.extras}
            if edge.kind == "optional":
                active = parent_marker
                if scope is not None:
                    key: Item = (scope, "extra", edge.label)
                    found = local[key] if key in local else pmap.get(key)
                    if found is None:
                        local[key] = parent_marker
                    else:
                        active = found
                marker = and_(resolve(edge.marker, scope, _view(pmap, local, edge.marker)), active)
            else:
                if edge.kind == "dev" and scope is not None:
                    local[(scope, "group", edge.label)] = parent_marker
                marker = resolve(edge.marker, scope, _view(pmap, local, edge.marker))
            wanted = needed[child]
            items: list[tuple[Item, int]] = []
            if wanted is None:
                items = list({**pmap, **local}.items())
            else:
                for key in wanted:
                    value = local[key] if key in local else pmap.get(key)
                    if value is not None:
                        items.append((key, value))
            if marker != A.TRUE:
                items = [(key, and_(value, marker)) for key, value in items]
                parent_marker = and_(parent_marker, marker)
            existing_map = conflict_maps.get(child)
            if existing_map is None:
                conflict_maps[child] = dict(items)
            else:
                for key, value in items:
                    existing_map[key] = or_(existing_map.get(key, A.FALSE), value)
            existing = reach.get(child)
            if existing is None:
                reach[child] = parent_marker
                stack.append(child)
            else:
                merged = or_(parent_marker, existing)
                if merged != existing:
                    reach[child] = merged
                    stack.append(child)
    return reach


def _view(pmap: dict[Item, int], local: dict[Item, int], marker: int) -> dict[Item, int]:
    """The parent's map with this edge's items, built only for a marker that reads it."""
    return {**pmap, **local} if local and has_extra(marker) else pmap
