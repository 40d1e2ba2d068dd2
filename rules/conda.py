"""UVA603: does conda.yaml describe the same environment as requirements.txt and python_env.yaml?"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from packaging.version import InvalidVersion, Version

from auditor import target as t
from auditor.context import AuditContext
from auditor.findings import Finding, Severity
from auditor.names import canonicalize_name
from auditor.pep508 import requirement_or_none
from auditor.rule import rule


@lru_cache(maxsize=8192)
def requirement_key(text: str) -> tuple[str, str]:
    """(name, canonical form) of a requirement string: quoting, spacing and specifier order don't
    count; a line that is not PEP 508 is kept as written."""
    req = requirement_or_none(text)
    if req is None:
        return text.strip(), " ".join(text.split())
    name = canonicalize_name(req.name)
    return name, req.render(name)


def _parsed_keys(target: t.Target) -> dict[str, tuple[str, str]]:
    """`requirement_key` of each requirements.txt line, from the requirement its loader parsed
    from that very text (printed renamed; the target's own stays as written)."""
    if target.requirements is None:
        return {}
    keys: dict[str, tuple[str, str]] = {}
    for line in target.requirements.lines:
        if line.requirement is not None and line.text not in keys:
            name = canonicalize_name(line.requirement.name)
            keys[line.text] = (name, line.requirement.render(name))
    return keys


def _reference(target: t.Target) -> tuple[str, list[tuple[str, int | None]]] | None:
    """The pip list conda.yaml should hold: requirements.txt, else python_env.yaml's dependencies."""
    if target.usable(t.REQUIREMENTS) and target.requirements is not None:
        reqs = target.requirements
        # MLflow writes its `--extra-index-url` lines into both files, as lines
        lines: list[tuple[str, int | None]] = [(line.text, line.line) for line in reqs.lines]
        lines += [(f"{o.name} {o.value}" if o.value else o.name, o.line) for o in reqs.options]
        return t.REQUIREMENTS, lines
    env = target.python_env
    if target.usable(t.PYTHON_ENV) and env is not None and not any(d.startswith("-") for d in env.dependencies):
        return t.PYTHON_ENV, [(d, None) for d in env.dependencies]
    return None


def _same_python(a: str, b: str) -> bool:
    try:
        return Version(a) == Version(b)
    except InvalidVersion:
        return a.strip() == b.strip()


@rule("UVA603", "conda-drift", Severity.WARNING, needs=(t.CONDA,))
def conda_drift(target: t.Target, ctx: AuditContext) -> Iterator[Finding]:
    """conda.yaml's pip list or Python differs from requirements.txt or python_env.yaml.

    Why: MLflow writes the same requirements to requirements.txt and to conda.yaml's pip list, and
    the same Python to python_env.yaml and conda.yaml; when they differ, one of them was edited by
    hand and a `conda` restore builds a different environment than a `virtualenv` or `uv` one.

    Fires when: a package's requirement in conda.yaml's `pip:` list differs from requirements.txt
    (or python_env.yaml's dependencies when there is no requirements.txt), compared as normalised
    requirements, or conda.yaml's `python=` differs from python_env.yaml's `python`.

    Fix: log the model again instead of editing its files, or make conda.yaml's pip list and
    Python match requirements.txt and python_env.yaml.

    Failing example:

        --- MLmodel
        flavors:
          python_function:
            python_version: 3.11.7
        --- requirements.txt
        six==1.16.0
        --- conda.yaml
        dependencies:
        - python=3.11.7
        - pip:
          - six==1.15.0

    Passing example:

        --- MLmodel
        flavors:
          python_function:
            python_version: 3.11.7
        --- requirements.txt
        six==1.16.0
        --- conda.yaml
        dependencies:
        - python=3.11.7
        - pip:
          - six == 1.16.0
    """
    conda = target.conda
    assert conda is not None
    env = target.python_env
    env_python = env.python if env is not None and target.usable(t.PYTHON_ENV) else None
    if env_python and conda.python and not _same_python(env_python, conda.python):
        yield conda_drift.finding(
            target,
            t.CONDA,
            f"conda.yaml asks for python={conda.python} but python_env.yaml for {env_python}",
            line=conda.python_line,
            expected=env_python,
            actual=conda.python,
            fix=f"Set `python={env_python}` in conda.yaml, or log the model again.",
        )
    reference = _reference(target)
    if reference is None:
        return
    source, wanted_lines = reference
    parsed = _parsed_keys(target) if source == t.REQUIREMENTS else {}
    wanted: dict[str, set[str]] = {}
    for text, _ in wanted_lines:
        name, key = parsed.get(text) or requirement_key(text)
        wanted.setdefault(name, set()).add(key)
    have: dict[str, set[str]] = {}
    have_line: dict[str, int | None] = {}
    for text, line in zip(conda.pip, conda.pip_lines, strict=False):
        name, key = parsed.get(text) or requirement_key(text)
        have.setdefault(name, set()).add(key)
        have_line.setdefault(name, line)
    for name in sorted(set(wanted) | set(have)):
        if wanted.get(name, set()) == have.get(name, set()):
            continue
        expected = "; ".join(sorted(wanted.get(name, ()))) or None
        actual = "; ".join(sorted(have.get(name, ()))) or None
        state = f"has {actual}" if actual else "lacks it"
        yield conda_drift.finding(
            target,
            t.CONDA,
            f"{source} has {expected} but conda.yaml's pip list {state}"
            if expected
            else f"conda.yaml's pip list has {actual}, which {source} does not list",
            package=name,
            line=have_line.get(name),
            expected=expected,
            actual=actual,
            fix=f"Make conda.yaml's pip list match {source} (MLflow writes the same list to both), or log the "
            "model again.",
        )


RULES = (conda_drift,)
