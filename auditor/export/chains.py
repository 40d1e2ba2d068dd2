"""Shortest paths that bring each exported package in, per (member, kind, origin)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from auditor.export.lockgraph import PreparedLock
from auditor.export.model import Chain, ChainKind
from auditor.export.selection import ProjectContext

if TYPE_CHECKING:
    from auditor.export.graph import Graph

Label = tuple[str, ChainKind, str | None]
"""(member, kind, origin): whose chain it is and through which group or extra."""


def chains_for(
    plock: PreparedLock, graph: Graph, wanted: list[int], context: ProjectContext
) -> dict[int, tuple[Chain, ...]]:
    """Breadth-first from the roots; the first visit of (node, member, kind, origin) is shortest.

    Each state keeps its path (its parent's plus one name), so no chain is walked back; the
    nodes visited are kept per (member, kind, origin)."""
    names = {n: plock.package(n).name for n in graph.nodes}
    members = set(plock.lock.manifest.members)
    if plock.root is not None:
        members.add(plock.package(plock.root).name)
    succ = {n: tuple(e.dst for e in out) for n, out in graph.out.items()}
    seen: dict[Label, set[int]] = {}
    visits: list[tuple[int, Label, tuple[str, ...]]] = []  # breadth-first order; the queue is its tail

    def visit(node: int, label: Label, path: tuple[str, ...]) -> None:
        nodes = seen.get(label)
        if nodes is None:
            nodes = seen[label] = set()
        if node not in nodes:
            nodes.add(node)
            visits.append((node, label, path))

    for edge in graph.out[-1]:
        owner = edge.owner or context.root_name or "(workspace)"
        label: Label = (owner, "group", edge.label) if edge.kind == "dev" else (owner, "dependency", None)
        visit(edge.dst, label, (names[edge.dst],))
    head = 0
    while head < len(visits):
        node, label, path = visits[head]
        head += 1
        member, kind, origin = label
        if kind == "dependency" and origin is None and names[node] == member and member in members:
            for edge in graph.out.get(node, ()):
                optional = edge.kind == "optional"
                nxt: Label = (member, "extra", edge.label) if optional else (member, "dependency", None)
                visit(edge.dst, nxt, (*path, names[edge.dst]))
        else:
            nodes = seen[label]
            for dst in succ.get(node, ()):
                if dst not in nodes:
                    nodes.add(dst)
                    visits.append((dst, label, (*path, names[dst])))
    wanted_set = set(wanted)
    found: dict[int, list[Chain]] = {}
    for node, (member, kind, origin), path in visits:
        if node in wanted_set:
            found.setdefault(node, []).append(Chain(member, kind, origin, path[1:] if path[0] == member else path))
    return {
        node: tuple(sorted(chains, key=lambda c: (len(c.packages), c.member, c.kind, c.origin or "", c.packages)))
        for node, chains in found.items()
    }
