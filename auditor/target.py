"""A loaded artifact set: every file parsed once, a missing file is None, a broken one a UVA004."""

from __future__ import annotations

import os
import posixpath
from collections.abc import Mapping
from typing import TYPE_CHECKING

from auditor.artifacts import (
    ARTIFACTS,
    CONDA,
    LISTING_DEPTH,
    LOCK,
    MLMODEL,
    PYLOCK,
    PYPROJECT,
    PYTHON_ENV,
    PYTHON_VERSION,
    REQUIREMENTS,
    kind,
)
from auditor.frozen import field, frozen, replace
from auditor.lockfile import Lock
from auditor.mlmodel import CondaEnv, MLModel, PythonEnv
from auditor.pickles import PyfuncCode
from auditor.pyproject import Pyproject
from auditor.pythonversion import PythonVersionFile
from auditor.reqfile import RequirementsFile
from auditor.secrets import Hit

if TYPE_CHECKING:
    from auditor.pickles.scan import PickleRefs

__all__ = [
    "ARTIFACTS",
    "CONDA",
    "LOCK",
    "MLMODEL",
    "PYPROJECT",
    "PYTHON_ENV",
    "PYTHON_VERSION",
    "REQUIREMENTS",
    "Problem",
    "Secret",
    "Target",
]


@frozen
class Problem:
    """A file that exists but cannot be read or parsed (rule UVA004 reports it)."""

    file: str
    """Display path."""
    line: int | None
    message: str


@frozen
class Secret(Hit):
    """A credential in an artifact (rule UVA701 reports it; every output redacts `value`)."""

    file: str = ""
    """Display path."""


@frozen
class Target:
    path: str
    """The target directory as given on the command line, joined."""
    files: Mapping[str, str] = field(default_factory=dict)
    """Display path of each artifact that exists (key: one of ARTIFACTS)."""
    invalid: frozenset[str] = frozenset()
    """Artifacts that exist but could not be read or parsed (each has a `Problem`)."""
    problems: tuple[Problem, ...] = ()
    lock: Lock | None = None
    lock_digest: str | None = None
    pyproject: Pyproject | None = None
    requirements: RequirementsFile | None = None
    python_version: PythonVersionFile | None = None
    mlmodel: MLModel | None = None
    python_env: PythonEnv | None = None
    conda: CondaEnv | None = None
    pylock: RequirementsFile | None = None
    """pylock.toml (or one `pylock.<name>.toml`) next to uv.lock, as requirement lines."""
    members: Mapping[str, Pyproject] = field(default_factory=dict)
    """pyproject.toml of workspace members / local path dependencies found inside the target."""
    entries: frozenset[str] = frozenset()
    """Relative POSIX paths of files and directories inside the target (bounded depth)."""
    pyfunc: PyfuncCode | None = None
    """What MLmodel's python_function flavor loads (pickles, loader module, code directory)."""
    pickles: tuple[tuple[str, PickleRefs], ...] = ()
    """The module references of each pickle the flavor loads (path relative to the target), read
    statically; a pickle over --max-file-size is not read (and not listed)."""
    secrets: tuple[Secret, ...] = ()
    """Credentials found in the files read (parsed or not), in reading order."""
    digests: Mapping[str, str] = field(default_factory=dict)
    """Content digest of each file read (path relative to the target; a pickle's decompressed)."""

    @property
    def kind(self) -> str:
        """`model` (MLmodel is here) or `project` (a uv project checkout)."""
        return kind(frozenset(self.files))

    @property
    def requirements_name(self) -> str:
        """The name of the file the requirement rules audit: requirements.txt, the checkout's one
        `requirements*.txt`, or pylock.toml (in `as_pylock`'s view)."""
        shown = self.files.get(REQUIREMENTS)
        return os.path.basename(shown) if shown else REQUIREMENTS

    def as_pylock(self) -> Target | None:
        """The same target with pylock.toml in requirements.txt's place, for the rules that audit
        requirement lines (SPEC §2), or None without a readable pylock.toml."""
        if self.pylock is None or PYLOCK not in self.files:
            return None
        files = {**self.files, REQUIREMENTS: self.files[PYLOCK]}
        return replace(self, files=files, requirements=self.pylock, invalid=self.invalid - {REQUIREMENTS})

    def present(self, artifact: str) -> bool:
        return artifact in self.files

    def usable(self, artifact: str) -> bool:
        return artifact in self.files and artifact not in self.invalid

    def file(self, artifact: str) -> str | None:
        return self.files.get(artifact)

    def contains(self, relative: str) -> bool:
        """Whether the artifacts hold `relative` (a file or directory path relative to the target)."""
        norm = posixpath.normpath(relative.replace("\\", "/"))
        if norm.startswith("/") or norm == ".." or norm.startswith("../") or ":" in norm.split("/", 1)[0]:
            return False
        parts = norm.split("/")
        if len(parts) > LISTING_DEPTH:  # the listing stops there: a listed directory at that depth vouches
            return "/".join(parts[:LISTING_DEPTH]) + "/" in self.entries
        return norm in self.entries or f"{norm}/" in self.entries
