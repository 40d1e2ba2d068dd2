"""UVA504: does every package of the inference environment have a wheel for the serving platform?"""

from __future__ import annotations

from collections.abc import Iterator

from auditor import interpreter as py
from auditor import target as t
from auditor import wheels
from auditor.context import AuditContext
from auditor.export import ExportEntry
from auditor.findings import Finding, Severity
from auditor.rule import rule
from rules import examples
from rules.common import intended


def _wheel_names(entry: ExportEntry) -> tuple[str, ...]:
    return tuple(w.filename for w in entry.package.wheels if w.filename)


FIRE = """
[[package]]
name = "fire"
version = "0.7.0"
source = { registry = "https://pypi.org/simple" }
sdist = { url = "https://files.pythonhosted.org/packages/6b/b6/fire-0.7.0.tar.gz" }
"""
PYWIN32 = """
[[package]]
name = "pywin32"
version = "311"
source = { registry = "https://pypi.org/simple" }
wheels = [{ url = "https://files.pythonhosted.org/packages/7c/a1/pywin32-311-cp311-cp311-win_amd64.whl" }]
"""


@rule(
    "UVA504",
    "no-wheel-for-target",
    Severity.WARNING,
    (t.LOCK, t.PYPROJECT),
    {
        "FAILING": examples.one_dependency("fire", FIRE, requires_python=">=3.11"),
        "PASSING": examples.one_dependency("pywin32; sys_platform == 'win32'", PYWIN32, requires_python=">=3.11"),
    },
)
def no_wheel_for_target(target: t.Target, ctx: AuditContext) -> Iterator[Finding]:
    """A package in the intended export has no wheel for the serving Python and platform.

    Why: without a matching wheel, `uv sync --frozen` builds the package from its sdist on the
    serving machine (compilers, headers and time that a serving image rarely has), or fails
    outright when there is no sdist either.

    Fires when: a registry or URL package that the intended export installs on the target
    environment (its export marker selects it) has no wheel in uv.lock whose tags the target
    accepts. The target is CPython at the `--python-version` option, else the logged Python,
    else the `.python-version` pin, else the lowest `requires-python` allows; on the
    `--python-platform` option (uv's names: `linux`, `x86_64-manylinux_2_28`,
    `aarch64-unknown-linux-gnu`, `x86_64-apple-darwin`, `windows`, ...), by default
    `x86_64-unknown-linux-gnu` (manylinux_2_28, as uv assumes).

    Fix: pin a version that publishes a wheel for that platform, make sure the serving image can
    build the sdist, or audit with `--python-platform` set to the real serving platform.

    Failing example:

        {FAILING}

    Passing example:

        {PASSING}
    """
    try:
        platform = wheels.parse_platform(ctx.config.python_platform)
    except ValueError as exc:
        yield no_wheel_for_target.finding(
            target, None, str(exc), fix="Pass a platform name uv accepts to --python-platform (e.g. `linux`)."
        )
        return
    serving = py.serving_python(target, ctx.config.python_version)
    if serving is None:
        return
    python, python_from = serving
    supported = wheels.supported_tags(python, platform)
    environment = wheels.marker_environment(python, platform)
    where = f"CPython {python} ({python_from}) on {platform.describe()}"
    reported: set[str] = set()
    for entry in intended(ctx):
        if entry.name in reported or entry.local or entry.source.kind not in ("registry", "url"):
            continue
        package = entry.package
        if (package.sdist is None and not package.wheels) or wheels.selects(entry.marker, environment) is not True:
            continue
        names = _wheel_names(entry)
        if wheels.installs(names, supported):
            continue
        reported.add(entry.name)
        if not names:
            problem = "publishes no wheel, only an sdist: uv builds it from source on restore"
        elif package.sdist is not None:
            problem = f"has none of its {len(names)} wheels for {where}: uv builds it from the sdist on restore"
        else:
            problem = f"has none of its {len(names)} wheels for {where} and no sdist: it cannot be installed there"
        yield no_wheel_for_target.finding(
            target,
            t.LOCK,
            f"{entry.name} {entry.version} {problem}" + ("" if names else f" ({where})"),
            package=entry.name,
            line=package.line,
            expected=f"a wheel for {platform.name}, cp{python.major}{python.minor}",
            actual=", ".join(names[:3]) + (", ..." if len(names) > 3 else "") if names else "sdist only",
            fix=f"Pin a version of {entry.name} that publishes a wheel for {platform.name}, make sure the serving "
            "image can build it from source, or set --python-platform to the real serving platform.",
        )


RULES = (no_wheel_for_target,)
