"""UVA301-UVA303: training-only groups and extras leaking into the inference environment."""

from __future__ import annotations

from collections.abc import Iterator

from auditor import target as t
from auditor.context import AuditContext
from auditor.export import Chain
from auditor.findings import Finding, Severity
from auditor.mlflow import RUNTIME, exported_groups
from auditor.names import canonicalize_name
from auditor.reqfile import ReqLine
from auditor.rule import Rule, rule
from rules import examples
from rules.drift import regenerate_command

NEEDS = (t.LOCK, t.PYPROJECT, t.REQUIREMENTS)


def _examples(failing: str, passing: str) -> dict[str, str]:
    """The shared example project, with a `[tool.uv-audit]` line for each example."""
    return {"FAILING": examples.groups_and_extras(failing), "PASSING": examples.groups_and_extras(passing)}


def _exported_groups(target: t.Target, ctx: AuditContext) -> frozenset[str]:
    assert target.requirements is not None
    defaults = ctx.project_context().default_groups
    return exported_groups(target.requirements.header_command, defaults, ctx.defined_groups())


def _rank(chain: Chain, exported: frozenset[str]) -> tuple[int, int, str]:
    """Which path most likely put the package in requirements.txt: a group MLflow exports by
    default, then an extra, then another group, `dev` (which `--no-dev` drops) last."""
    if chain.kind == "group":
        order = 0 if chain.origin in exported else (3 if chain.origin == "dev" else 2)
    else:
        order = 1 if chain.kind == "extra" else 4
    return (order, len(chain.packages), chain.origin or "")


def _leaks(target: t.Target, ctx: AuditContext) -> Iterator[tuple[ReqLine, Chain]]:
    """Requirement lines the intended export does not contain but the whole lock reaches, with
    the path that most likely brought each in."""
    assert target.requirements is not None
    intended = {e.name for e in ctx.export(ctx.intended_selection()).entries}
    lines = [line for line in target.requirements.lines if line.name not in intended and line.name not in RUNTIME]
    if not any(line.name is not None for line in lines):
        return  # nothing beyond the intended export: the whole lock's export is not needed
    everything: dict[str, list[Chain]] = {}
    asked = {line.name for line in lines if line.name is not None}
    for package, chains in ctx.export_everything().chains_by_name(asked).items():
        everything.setdefault(package, []).extend(c for c in chains if c.kind in ("group", "extra"))
    exported = _exported_groups(target, ctx)
    seen: set[str] = set()
    for line in lines:
        name = line.name
        if name is None or name in seen or not everything.get(name):
            continue
        seen.add(name)
        yield line, min(everything[name], key=lambda c: _rank(c, exported))


def _header(target: t.Target) -> str:
    assert target.requirements is not None
    command = target.requirements.header_command
    return f" ({target.requirements_name} was written by `{command}`)" if command else ""


def _why_group(target: t.Target, group: str) -> str:
    pyproject = target.pyproject
    defaults = pyproject.tool_uv.default_groups if pyproject is not None else None
    if group != "dev" and (defaults == "all" or (isinstance(defaults, tuple) and group in defaults)):
        return f"; `[tool.uv] default-groups` includes `{group}`, so `uv export --no-dev` still exports it"
    return ""


def _leak(rule_: Rule, target: t.Target, ctx: AuditContext, line: ReqLine, kind: str, chain: Chain) -> Finding:
    origin = chain.origin or ""
    noun = "group" if kind == "group" else "extra"
    why = _why_group(target, origin) if kind == "group" else ""
    intended = ", ".join([*ctx.config.groups, *ctx.config.only_groups, *ctx.config.extras]) or "core dependencies only"
    option = f"--group {origin}" if kind == "group" else f"--extra {origin}"
    key = "groups" if kind == "group" else "extras"
    return rule_.finding(
        target,
        t.REQUIREMENTS,
        f"{line.name} reaches {target.requirements_name} only through {noun} `{origin}` ({chain}), which the inference "
        f"selection ({intended}) excludes{why}{_header(target)}",
        package=line.name,
        line=line.line,
        expected=f"absent ({intended})",
        actual=str(chain),
        fix=(
            (f"Remove `{origin}` from `[tool.uv] default-groups`, then r" if why else "R")
            + f"egenerate {target.requirements_name} without it: "
            f"`{regenerate_command(ctx)}`. "
            f'If inference needs `{origin}`, declare it: `{option}` or `[tool.uv-audit] {key} = ["{origin}"]`.'
        ),
    )


def _of_kind(rule_: Rule, target: t.Target, ctx: AuditContext, kind: str) -> Iterator[Finding]:
    for line, chain in _leaks(target, ctx):
        if chain.kind == kind:
            yield _leak(rule_, target, ctx, line, kind, chain)


@rule("UVA301", "group-leak", Severity.ERROR, NEEDS, _examples("", 'groups = ["train"]'))
def group_leak(target: t.Target, ctx: AuditContext) -> Iterator[Finding]:
    """A package reaches requirements.txt only through a dependency group outside the selection.

    Why: dependency groups hold training, test and notebook tools. `[tool.uv] default-groups`
    (e.g. `["dev", "train"]`) makes MLflow's `uv export --no-dev` still export every default
    group but `dev`, so training-only packages are installed wherever the model is served:
    bigger images, more CVEs, version conflicts.

    Fires when: requirements.txt lists a package that the intended selection (core dependencies
    plus the configured groups and extras) does not reach, and the path that most likely brought
    it in runs through a dependency group (a default group MLflow exports first, then any extra,
    then other groups, `dev` last since `--no-dev` drops it). The message names the group and
    the path, e.g. `train -> tqdm -> colorama`.

    Fix: remove the group from `default-groups` and regenerate requirements.txt (or log the
    model again); if inference needs it, declare it with `--group NAME` or
    `[tool.uv-audit] groups = ["NAME"]`.

    Failing example:

        {FAILING}
        --- requirements.txt
        six==1.16.0
        tqdm==4.67.1

    Passing example:

        {PASSING}
        --- requirements.txt
        six==1.16.0
        tqdm==4.67.1
    """
    yield from _of_kind(group_leak, target, ctx, "group")


@rule("UVA302", "extra-leak", Severity.ERROR, NEEDS, _examples("", 'extras = ["plots"]'))
def extra_leak(target: t.Target, ctx: AuditContext) -> Iterator[Finding]:
    """A package reaches requirements.txt only through an optional extra outside the selection.

    Why: extras add optional features (GPU, plotting, training backends); exporting one the
    inference environment does not need installs packages nobody asked for.

    Fires when: requirements.txt lists a package that the intended selection does not reach,
    and the path that most likely brought it in runs through an optional extra (see UVA301 for
    how paths are ranked). The message names the extra and the path.

    Fix: regenerate requirements.txt without the extra; if inference needs it, declare it with
    `--extra NAME` or `[tool.uv-audit] extras = ["NAME"]`.

    Failing example:

        {FAILING}
        --- requirements.txt
        attrs==24.1.0
        six==1.16.0

    Passing example:

        {PASSING}
        --- requirements.txt
        attrs==24.1.0
        six==1.16.0
    """
    yield from _of_kind(extra_leak, target, ctx, "extra")


@rule(
    "UVA303", "unknown-selection", Severity.ERROR, (t.PYPROJECT,), _examples('groups = ["trian"]', 'groups = ["train"]')
)
def unknown_selection(target: t.Target, ctx: AuditContext) -> Iterator[Finding]:
    """The intended selection names a group or extra the project does not define.

    Why: a typo in `--group`, `MLFLOW_UV_GROUPS` or `[tool.uv-audit]` silently audits (or, at
    logging time, exports) something else than intended; `uv export --group NAME` fails on it.

    Fires when: a group or extra of the intended selection is defined neither in pyproject.toml
    (`[dependency-groups]`, `[project.optional-dependencies]`, legacy `dev-dependencies`) nor in
    uv.lock.

    Fix: correct the name, or define the group or extra and run `uv lock`.

    Failing example:

        {FAILING}

    Passing example:

        {PASSING}
    """
    cfg = ctx.config
    groups, extras = ctx.defined_groups(), ctx.defined_extras()
    wanted = [("group", g, groups) for g in (*cfg.groups, *cfg.only_groups)] + [
        ("extra", e, extras) for e in cfg.extras
    ]
    for kind, name, defined in wanted:
        if canonicalize_name(name) in defined:
            continue
        known = ", ".join(sorted(defined)) or "none"
        yield unknown_selection.finding(
            target,
            t.PYPROJECT,
            f"the intended selection ({cfg.selection_source}) asks for {kind} `{name}`, which the project does not "
            f"define (defined {kind}s: {known})",
            expected=known,
            actual=name,
            fix=f"Correct the {kind} name, or define `{name}` in pyproject.toml and run `uv lock`.",
        )


RULES = (group_leak, extra_leak, unknown_selection)
