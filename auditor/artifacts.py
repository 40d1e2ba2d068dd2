"""The files of an artifact set (SPEC §2), named once."""

from __future__ import annotations

LOCK = "uv.lock"
PYPROJECT = "pyproject.toml"
REQUIREMENTS = "requirements.txt"
PYTHON_VERSION = ".python-version"
MLMODEL = "MLmodel"
PYTHON_ENV = "python_env.yaml"
CONDA = "conda.yaml"
ARTIFACTS = (LOCK, PYPROJECT, REQUIREMENTS, PYTHON_VERSION, MLMODEL, PYTHON_ENV, CONDA)
MARKERS = (LOCK, PYPROJECT, MLMODEL)
PYLOCK = "pylock.toml"
"""PEP 751's lock (uv exports it, pip 26.1 installs it): next to uv.lock it is audited like
requirements.txt. Not one of ARTIFACTS: the JSON report's `artifacts` keys are fixed."""
"""A directory holding one of these is a target."""

EXPECTED = {
    "model": ARTIFACTS,
    "project": (LOCK, PYPROJECT, PYTHON_VERSION),
}
"""What each kind of target should hold: a model directory everything MLflow logs; a uv project
checkout (no MLmodel) its uv files (a committed requirements.txt is optional)."""


def kind(names: frozenset[str] | set[str]) -> str:
    """`model` for a directory holding MLmodel, else `project`."""
    return "model" if MLMODEL in names else "project"


LISTING_DEPTH = 3
"""How deep the loader lists a target's own files and directories (`Target.entries`)."""
