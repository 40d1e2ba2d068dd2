"""Under which markers each package of the export graph is reached, ported from uv's
`conflict_marker_reachability` (`crates/uv-resolver/src/lock/export/mod.rs`).
"""

from __future__ import annotations

from auditor.export import algebra as A
from auditor.export import markers as M
from auditor.export.conflicts import Item, decode, extra_names, has_extra, resolve_activated_extras
from auditor.export.graph import ROOT, Graph
from auditor.export.lockgraph import PreparedLock


def _needed_keys(graph: Graph, names: dict[int, str]) -> dict[int, tuple[Item, ...]]:
    """For each node, the conflict items whose value the walk at or below it can read.

    `reachability` reads an item's value in two places only: an optional edge reads its own
    `(package, "extra", name)`, and an edge marker testing `extra == NAME` reads the item encoded
    as NAME and the package's own extra NAME. A node's map needs the items read at the node or at
    a node below it; the others never change a marker, so they are not carried (docling's
    every-extra export: 73,000 item updates down to a few thousand)."""
    index: dict[Item, int] = {}
    mask: dict[int, int] = {}
    for node in graph.nodes:
        scope = names[node]
        reads: list[Item] = []
        for edge in graph.out[node]:
            if edge.kind == "optional":
                reads.append((scope, "extra", edge.label))
            for name in extra_names(edge.marker):
                item = decode(name)
                if item is not None:
                    reads.append(item)
                reads.append((scope, "extra", name))
        bits = 0
        for key in reads:
            bits |= 1 << index.setdefault(key, len(index))
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
    keys: list[Item] = list(index)  # bit i is keys[i]
    decoded: dict[int, tuple[Item, ...]] = {}
    out: dict[int, tuple[Item, ...]] = {}
    for node, bits in mask.items():
        found = decoded.get(bits)
        if found is None:
            chosen, rest = [], bits
            while rest:
                low = rest & -rest
                chosen.append(keys[low.bit_length() - 1])
                rest ^= low
            found = decoded[bits] = tuple(chosen)
        out[node] = found
    return out


def reachability(plock: PreparedLock, graph: Graph, known: dict[Item, int]) -> dict[int, int]:
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
            local: dict[Item, int] = {}
            for extra in edge.extras:
                local[(names[child], "extra", extra)] = parent_marker
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
            items: list[tuple[Item, int]] = []
            for key in needed[child]:
                value = local[key] if key in local else pmap.get(key)
                if value is not None:
                    items.append((key, value))
            if marker != A.TRUE:
                if items:
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
