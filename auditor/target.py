"""A loaded artifact set: every file parsed once, a missing file is None, a broken one a UVA004."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from auditor.findings import Finding
from auditor.lockfile import Lock
from auditor.mlmodel import CondaEnv, MLModel, PythonEnv
from auditor.pyproject import Pyproject
from auditor.pythonversion import PythonVersionFile
from auditor.requirements import RequirementsFile

LOCK = "uv.lock"
PYPROJECT = "pyproject.toml"
REQUIREMENTS = "requirements.txt"
PYTHON_VERSION = ".python-version"
MLMODEL = "MLmodel"
PYTHON_ENV = "python_env.yaml"
CONDA = "conda.yaml"
ARTIFACTS = (LOCK, PYPROJECT, REQUIREMENTS, PYTHON_VERSION, MLMODEL, PYTHON_ENV, CONDA)


@dataclass(frozen=True)
class Target:
    path: str
    """The target directory as given on the command line, joined."""
    files: Mapping[str, str] = field(default_factory=dict)
    """Display path of each artifact that exists (key: one of ARTIFACTS)."""
    invalid: frozenset[str] = frozenset()
    """Artifacts that exist but could not be read or parsed (each has a UVA004 in `errors`)."""
    errors: tuple[Finding, ...] = ()
    lock: Lock | None = None
    lock_digest: str | None = None
    pyproject: Pyproject | None = None
    requirements: RequirementsFile | None = None
    python_version: PythonVersionFile | None = None
    mlmodel: MLModel | None = None
    python_env: PythonEnv | None = None
    conda: CondaEnv | None = None
    members: Mapping[str, Pyproject] = field(default_factory=dict)
    """pyproject.toml of workspace members / local path dependencies found inside the target."""
    entries: frozenset[str] = frozenset()
    """Relative POSIX paths of files and directories inside the target (bounded depth)."""

    def present(self, artifact: str) -> bool:
        return artifact in self.files

    def usable(self, artifact: str) -> bool:
        return artifact in self.files and artifact not in self.invalid

    def file(self, artifact: str) -> str | None:
        return self.files.get(artifact)
