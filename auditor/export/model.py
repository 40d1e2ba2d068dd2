"""The export engine's result types."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Literal

from auditor.frozen import field, frozen
from auditor.lockfile import LockedPackage, Source

ChainKind = Literal["dependency", "group", "extra"]


@frozen
class Chain:
    """One path that brings a package into the export, starting at a root or workspace member."""

    member: str
    kind: ChainKind
    origin: str | None
    packages: tuple[str, ...]

    def __str__(self) -> str:
        head = self.origin if self.origin is not None else self.member
        return " -> ".join((head, *self.packages))


@frozen
class ExportEntry:
    package: LockedPackage
    name: str
    version: str | None
    source: Source
    marker: str | None
    """The export marker exactly as uv prints it (None: unconditional)."""
    hashes: tuple[str, ...]
    chains: tuple[Chain, ...]
    """The shortest paths that bring it in, per member, kind and origin (only from `export_all`
    or `export(..., chains=True)`: empty otherwise)."""
    local: bool
    dependents: tuple[str, ...] = ()
    """Names of the packages that depend on it in the export graph (uv's `# via`)."""
    marker_node: int = 0
    """The marker as a node of the marker algebra (internal; 0 is always-true)."""


@frozen
class ExportResult:
    entries: tuple[ExportEntry, ...]
    """In uv's printed order (virtual packages included: the renderer skips them like uv)."""
    walk: Callable[[frozenset[str]], Mapping[str, tuple[Chain, ...]]] | None = field(
        default=None, compare=False, repr=False
    )
    """For an export made with `lazy_chains`: the walk that finds them, run when asked."""

    def chains_by_name(self, names: Iterable[str]) -> Mapping[str, tuple[Chain, ...]]:
        """The chains of the entries named `names`, by name (an entry without chains has none),
        from the entries or, for an export made with `lazy_chains`, from the walk."""
        wanted = frozenset(names)
        if self.walk is not None:
            return self.walk(wanted)
        out: dict[str, tuple[Chain, ...]] = {}
        for entry in self.entries:
            if entry.name in wanted:
                out[entry.name] = out.get(entry.name, ()) + entry.chains
        return out
