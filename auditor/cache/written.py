"""What a run writes (stdout, `-o` files), recorded for the cache while the entry point records."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

STDOUT = "-"
_outputs: list[tuple[str, list[str]]] | None = None


def begin() -> None:
    global _outputs
    _outputs = []


def tee(destination: str, chunks: Iterable[str]) -> Iterator[str]:
    """`chunks` as they are written to `destination` (a path, or STDOUT), kept when recording."""
    if _outputs is None:
        yield from chunks
        return
    kept: list[str] = []
    _outputs.append((destination, kept))
    for chunk in chunks:
        kept.append(chunk)
        yield chunk


def end() -> list[tuple[str, str]] | None:
    global _outputs
    outputs, _outputs = _outputs, None
    return None if outputs is None else [(where, "".join(parts)) for where, parts in outputs]
