"""UVA503, UVA505: where the inference environment's packages come from (hashes, indexes)."""

from __future__ import annotations

from collections.abc import Iterator

from auditor import target as t
from auditor.context import AuditContext
from auditor.findings import Finding, Severity
from auditor.rule import rule
from rules import examples
from rules.common import afterwards, by_name, intended

PYPI_HOSTS = ("https://pypi.org/simple", "https://files.pythonhosted.org")


SIX_WHEEL = """
[[package]]
name = "six"
version = "1.16.0"
source = { registry = "https://pypi.org/simple" }

[[package.wheels]]
url = "https://files.pythonhosted.org/packages/d9/5a/six-1.16.0-py2.py3-none-any.whl"
"""
SIX_HASH = 'hash = "sha256:8abb2f1d86890a2dfb989f9a77cfcfd3e47c2a354b01111771326f8aa26e0254"\n'
INTERNAL = 'name = "internal"\nurl = "https://pypi.internal.example/simple"'
SIX_INTERNAL = (
    SIX_WHEEL.replace("https://pypi.org/simple", "https://pypi.internal.example/simple").replace(
        "https://files.pythonhosted.org/packages/d9/5a/", "https://pypi.internal.example/files/"
    )
    + SIX_HASH
)


@rule(
    "UVA503",
    "missing-hash",
    Severity.WARNING,
    (t.LOCK, t.PYPROJECT),
    {
        "FAILING": examples.one_dependency("six", SIX_WHEEL),
        "PASSING": examples.one_dependency("six", SIX_WHEEL + SIX_HASH),
    },
)
def missing_hash(target: t.Target, ctx: AuditContext) -> Iterator[Finding]:
    """A registry or URL package in the intended export has no hash in uv.lock.

    Why: without a hash, nothing proves on restore that the file downloaded is the one the model
    was trained with; `uv export` (with hashes) and `pip install --require-hashes` cannot pin it.

    Fires when: a package of the intended export comes from a registry or a URL and none of its
    sdist or wheel entries in uv.lock carries a `hash` (an index or find-links page that does not
    publish hashes is the usual cause).

    Fix: serve the package from an index that publishes sha256 hashes, then
    `uv lock --refresh-package <name>`.

    Failing example:

        {FAILING}

    Passing example:

        {PASSING}
    """
    for name, entries in by_name(intended(ctx)).items():
        bare = [e for e in entries if e.source.kind in ("registry", "url") and not e.package.hashes]
        if bare:
            versions = ", ".join(str(e.version) for e in bare)
            message = f"{name} {versions} from {bare[0].source.value} has no hash in uv.lock: a restore cannot "
            message += "verify the files it downloads"
            fix = f"Serve {name} from an index that publishes sha256 hashes, then run "
            fix += f"`uv lock --refresh-package {name}` and {afterwards(target)}."
            yield missing_hash.finding(target, t.LOCK, message, package=name, line=bare[0].package.line, fix=fix)


def is_pypi(url: str) -> bool:
    return url.rstrip("/").lower().startswith(PYPI_HOSTS)


def index_names(target: t.Target) -> dict[str, str]:
    """`[[tool.uv.index]]` URLs (normalised) -> their names, to name the index in messages."""
    if target.pyproject is None:
        return {}
    return {i.url.rstrip("/").lower(): i.name for i in target.pyproject.tool_uv.index if i.name}


@rule(
    "UVA505",
    "private-index",
    Severity.INFO,
    (t.LOCK, t.PYPROJECT),
    {
        "FAILING": examples.one_dependency("six", SIX_INTERNAL, pyproject_extra=f"[[tool.uv.index]]\n{INTERNAL}"),
        "PASSING": examples.one_dependency("six", SIX_WHEEL + SIX_HASH),
    },
)
def private_index(target: t.Target, ctx: AuditContext) -> Iterator[Finding]:
    """A package in the intended export comes from an index other than PyPI.

    Why: the serving environment must reach that index (network, proxy, credentials) for
    `uv sync --frozen` to restore the model; this is often true on the training machine only.

    Fires when: a package of the intended export has a `registry` source in uv.lock (from
    `[[tool.uv.index]]`, `--index-url` or a find-links directory) that is not PyPI
    (`https://pypi.org/simple`, `https://files.pythonhosted.org`).

    Fix: make sure the serving environment can reach the index (and has its credentials, e.g.
    `UV_INDEX_<NAME>_USERNAME` / `_PASSWORD`), or mirror the package on PyPI's side of your proxy.

    Failing example:

        {FAILING}

    Passing example:

        {PASSING}
    """
    names = index_names(target)
    for name, entries in by_name(intended(ctx)).items():
        private = [e for e in entries if e.source.kind == "registry" and not is_pypi(e.source.value)]
        if not private:
            continue
        index = private[0].source.value
        label = names.get(index.rstrip("/").lower())
        local = "://" not in index
        if local:
            shown = f"the local directory `{index}` (a flat index)"
            fix = (
                f"Publish {name} to an index the serving environment reaches and run `uv lock`, or make `{index}` "
                "exist next to pyproject.toml wherever the model is restored."
            )
        else:
            shown = f"index `{label}` ({index})" if label else f"index {index}"
            fix = (
                f"Make sure the serving environment can reach {index} (with credentials if it needs them, e.g. "
                f"UV_INDEX_{(label or 'NAME').upper().replace('-', '_')}_USERNAME/_PASSWORD)."
            )
        yield private_index.finding(
            target,
            t.LOCK,
            f"{name} {', '.join(str(e.version) for e in private)} comes from {shown}, not PyPI: the serving "
            "environment must reach it to restore the model",
            package=name,
            line=private[0].package.line,
            actual=index,
            fix=fix,
        )


RULES = (missing_hash, private_index)
