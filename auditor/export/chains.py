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

    Each visit keeps the index of the visit it came from, so only the chains of the `wanted`
    nodes are spelled out (walking back); the nodes visited are kept per (member, kind, origin).
    Only nodes that lead to a wanted one are visited: a node's first visit comes from one that
    leads to it, so the visits that remain keep their order and their chains."""
    useful = _leading_to(graph, wanted)
    names = {n: plock.package(n).name for n in graph.nodes}
    members = set(plock.lock.manifest.members)
    if plock.root is not None:
        members.add(plock.package(plock.root).name)
    succ = {n: tuple(e.dst for e in out if e.dst in useful) for n, out in graph.out.items()}
    seen: dict[Label, set[int]] = {}
    nodes_of: list[int] = []  # the visits, in breadth-first order (the queue is their tail) ...
    labels: list[Label] = []
    parents: list[int] = []  # ... and the visit each came from (-1 for a root's)

    def visit(node: int, label: Label, parent: int) -> None:
        if node not in useful:
            return
        nodes = seen.get(label)
        if nodes is None:
            nodes = seen[label] = set()
        if node not in nodes:
            nodes.add(node)
            nodes_of.append(node)
            labels.append(label)
            parents.append(parent)

    for edge in graph.out[-1]:
        owner = edge.owner or context.root_name or "(workspace)"
        label: Label = (owner, "group", edge.label) if edge.kind == "dev" else (owner, "dependency", None)
        visit(edge.dst, label, -1)
    head = 0
    while head < len(nodes_of):
        node, label = nodes_of[head], labels[head]
        member, kind, origin = label
        if kind == "dependency" and origin is None and names[node] == member and member in members:
            for edge in graph.out.get(node, ()):
                optional = edge.kind == "optional"
                nxt: Label = (member, "extra", edge.label) if optional else (member, "dependency", None)
                visit(edge.dst, nxt, head)
        else:
            nodes = seen[label]
            for dst in succ.get(node, ()):
                if dst not in nodes:
                    nodes.add(dst)
                    nodes_of.append(dst)
                    labels.append(label)
                    parents.append(head)
        head += 1
    wanted_set = set(wanted)
    found: dict[int, list[Chain]] = {}
    for index, node in enumerate(nodes_of):
        if node in wanted_set:
            path = []
            at = index
            while at >= 0:
                path.append(names[nodes_of[at]])
                at = parents[at]
            path.reverse()
            member, kind, origin = labels[index]
            found.setdefault(node, []).append(
                Chain(member, kind, origin, tuple(path[1:] if path[0] == member else path))
            )
    return {
        node: tuple(sorted(chains, key=lambda c: (len(c.packages), c.member, c.kind, c.origin or "", c.packages)))
        for node, chains in found.items()
    }


def _leading_to(graph: Graph, wanted: list[int]) -> set[int]:
    """The nodes from which a wanted node can be reached (the wanted ones included)."""
    preds: dict[int, list[int]] = {}
    for src, out in graph.out.items():
        for edge in out:
            preds.setdefault(edge.dst, []).append(src)
    found = set(wanted)
    todo = list(found)
    while todo:
        for src in preds.get(todo.pop(), ()):
            if src not in found:
                found.add(src)
                todo.append(src)
    return found
