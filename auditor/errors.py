"""The one exception loaders raise: a file that cannot be read or parsed (rule UVA004)."""

from __future__ import annotations


class ArtifactError(Exception):
    """A broken artifact file, with the 1-based line where the problem is (None if unknown)."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


class TooLarge(ArtifactError):
    """A file over --max-file-size: never read (a model's weights, or a hostile file)."""


class UsageError(Exception):
    """A bad option, configuration key or value: exit 2 with one line."""
