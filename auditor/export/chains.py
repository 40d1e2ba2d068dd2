"""Shortest paths that bring each exported package in, per (member, kind, origin)."""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING

from auditor.export.lockgraph import PreparedLock
from auditor.export.model import Chain, ChainKind
from auditor.export.selection import ProjectContext

if TYPE_CHECKING:
    from auditor.export.engine import Graph

State = tuple[int, str, ChainKind, str | None]


def chains_for(
    plock: PreparedLock, graph: Graph, wanted: list[int], context: ProjectContext
) -> dict[int, tuple[Chain, ...]]:
    """Breadth-first from the roots; the first visit of (node, member, kind, origin) is shortest.

    Each state keeps its path (its parent's plus one name), so no chain is walked back."""
    names = {n: plock.package(n).name for n in graph.nodes}
    members = set(plock.lock.manifest.members)
    if plock.root is not None:
        members.add(plock.package(plock.root).name)
    succ = {n: tuple(e.dst for e in out) for n, out in graph.out.items()}
    path_of: dict[State, tuple[str, ...]] = {}
    queue: deque[State] = deque()
    for edge in graph.out[-1]:
        owner = edge.owner or context.root_name or "(workspace)"
        if edge.kind == "prod" and edge.owner == names[edge.dst] and edge.owner is not None:
            state: State = (edge.dst, owner, "dependency", None)
        elif edge.kind == "dev":
            state = (edge.dst, owner, "group", edge.label)
        else:
            state = (edge.dst, owner, "dependency", None)
        if state not in path_of:
            path_of[state] = (names[edge.dst],)
            queue.append(state)
    while queue:
        state = queue.popleft()
        node, member, kind, origin = state
        path = path_of[state]
        if kind == "dependency" and origin is None and names[node] == member and member in members:
            for edge in graph.out.get(node, ()):
                new_kind: ChainKind = "extra" if edge.kind == "optional" else "dependency"
                nxt: State = (edge.dst, member, new_kind, edge.label if edge.kind == "optional" else None)
                if nxt not in path_of:
                    path_of[nxt] = (*path, names[edge.dst])
                    queue.append(nxt)
        else:
            for dst in succ.get(node, ()):
                nxt = (dst, member, kind, origin)
                if nxt not in path_of:
                    path_of[nxt] = (*path, names[dst])
                    queue.append(nxt)
    wanted_set = set(wanted)
    found: dict[int, list[Chain]] = {}
    for state, path in path_of.items():
        node = state[0]
        if node not in wanted_set:
            continue
        member = state[1]
        if path[0] == member:
            path = path[1:]
        found.setdefault(node, []).append(Chain(member, state[2], state[3], path))
    return {
        node: tuple(sorted(chains, key=lambda c: (len(c.packages), c.member, c.kind, c.origin or "", c.packages)))
        for node, chains in found.items()
    }
