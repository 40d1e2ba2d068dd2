"""The graph walk of `uv export`, ported from `crates/uv-resolver/src/lock/export/mod.rs`
(`ExportableRequirements::from_lock`; `conflict_marker_reachability` is in `reachability`).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping

from auditor.export import algebra as A
from auditor.export import install_target
from auditor.export import markers as M
from auditor.export.chains import chains_for
from auditor.export.conflicts import Item
from auditor.export.graph import ROOT, Graph, GraphEdge
from auditor.export.lockgraph import Edge, PreparedLock, prepare
from auditor.export.model import Chain, ExportEntry, ExportResult
from auditor.export.reachability import reachability
from auditor.export.selection import Extras, Groups, ProjectContext, Selection
from auditor.frozen import frozen
from auditor.lockfile import Lock, LockedPackage
from auditor.names import canonicalize_name


def export(
    lock: Lock,
    context: ProjectContext,
    selection: Selection,
    *,
    check_conflicts: bool = True,
    chains: bool = False,
    lazy_chains: bool = False,
) -> ExportResult:
    """What `uv export --frozen` would list for this lock, project and selection; with `chains`,
    each entry also carries the shortest paths that bring it in (`ExportEntry.chains`); with
    `lazy_chains`, the result finds them when asked (`ExportResult.chains_by_name`)."""
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
    reach = reachability(plock, graph, activated)
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
    entries.sort(key=lambda item: plock.order_key(item[0]))
    paths = chains_for(plock, graph, [n for n, _, _ in entries], context) if chains else {}
    walk = _Walk(plock, graph, [n for n, _, _ in entries], context) if lazy_chains and not chains else None
    return ExportResult(
        tuple(
            ExportEntry(
                package=lock.packages[node],
                name=lock.packages[node].name,
                version=lock.packages[node].version,
                source=lock.packages[node].source,
                marker=M.to_string(marker),
                hashes=plock.hashes(node),
                chains=paths.get(node, ()),
                local=lock.packages[node].source.kind in ("path", "directory", "editable"),
                dependents=dependents,
                marker_node=marker,
            )
            for node, marker, dependents in entries
        ),
        walk,
    )


class _Walk:
    """`chains_for` on an export's graph, for the packages asked (once per set of names)."""

    def __init__(self, plock: PreparedLock, graph: Graph, nodes: list[int], context: ProjectContext) -> None:
        self._inputs = (plock, graph, nodes, context)
        self._found: dict[frozenset[str], Mapping[str, tuple[Chain, ...]]] = {}

    def __call__(self, names: frozenset[str]) -> Mapping[str, tuple[Chain, ...]]:
        found = self._found.get(names)
        if found is None:
            plock, graph, nodes, context = self._inputs
            wanted = [n for n in nodes if plock.lock.packages[n].name in names]
            paths = chains_for(plock, graph, wanted, context)
            out: dict[str, tuple[Chain, ...]] = {}
            for node in wanted:  # in the entries' order, as `chains_by_name` reads the entries
                name = plock.lock.packages[node].name
                out[name] = out.get(name, ()) + paths.get(node, ())
            found = self._found[names] = out
        return found


@frozen
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
