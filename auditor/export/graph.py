"""The export graph: the packages a selection reaches and the edges that reach them."""

from __future__ import annotations

from auditor.frozen import frozen

ROOT = -1


@frozen
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
