"""Configuration (SPEC §4): `[tool.uv-audit]` keys mirror the command-line options.

Precedence: default < pyproject.toml < environment (MLFLOW_UV_*) < command line. Unknown keys,
codes or values raise UsageError (exit 2). Rule codes and names are checked against a `Catalog`
that the caller builds from the rule registry (`catalog(ALL_RULES)`): configuration knows no rule.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from auditor.errors import UsageError
from auditor.findings import Severity
from auditor.frozen import field, frozen, replace

KEYS = (
    "select",
    "ignore",
    "fail-on",
    "groups",
    "only-groups",
    "extras",
    "python-platform",
    "python-version",
    "serving-mlflow",
    "severity",
)
_RANKS = {"default": 0, "pyproject": 1, "environment": 2, "cli": 3}
PYPROJECT_RANK = _RANKS["pyproject"]


class ConfigError(UsageError):
    """A bad configuration key or value; `key` names the `[tool.uv-audit]` key it is about."""

    def __init__(self, message: str, key: str | None = None) -> None:
        super().__init__(message)
        self.key = key


@frozen
class Config:
    patterns: tuple[tuple[str, bool, int], ...] = ()
    """Select (True) and ignore (False) patterns with the rank of the layer that gave them."""
    fail_on: Severity = Severity.WARNING
    groups: tuple[str, ...] = ()
    only_groups: tuple[str, ...] = ()
    extras: tuple[str, ...] = ()
    all_extras: bool = False
    python_platform: str | None = None
    python_version: str | None = None
    serving_mlflow: str | None = None
    severity: Mapping[str, Severity] = field(default_factory=dict)
    selection_source: str = "default"
    """Where the intended selection came from: cli, environment, pyproject or default."""
    serving_source: str = "default"
    """Where `serving_mlflow` came from: cli or pyproject (default: not configured)."""
    inline_ignores: bool = True
    """Whether `# uv-audit: ignore[...]` comments in the audited files count (not with --isolated)."""


@frozen
class Overrides:
    """Values from one layer (pyproject, environment or command line); None = not given."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    fail_on: str | None = None
    groups: tuple[str, ...] | None = None
    only_groups: tuple[str, ...] | None = None
    extras: tuple[str, ...] | None = None
    all_extras: bool = False
    python_platform: str | None = None
    python_version: str | None = None
    serving_mlflow: str | None = None
    severity: Mapping[str, str] | None = None

    @property
    def has_selection(self) -> bool:
        return any(v is not None for v in (self.groups, self.only_groups, self.extras)) or self.all_extras


class _Named(Protocol):
    @property
    def code(self) -> str: ...
    @property
    def name(self) -> str: ...


Catalog = Mapping[str, str]
"""Every rule code and name -> its code."""


def catalog(rules: Iterable[_Named]) -> Catalog:
    """The catalog of a rule registry."""
    mapping: dict[str, str] = {}
    for r in rules:
        mapping[r.code] = r.code
        mapping[r.name] = r.code
    return mapping


def validate_patterns(patterns: Iterable[str], where: str, known: Catalog, key: str = "select") -> tuple[str, ...]:
    out = []
    for pattern in patterns:
        value = pattern.strip()
        if value in known or (value.upper().startswith("UVA") and any(c.startswith(value.upper()) for c in known)):
            out.append(value.upper() if value.upper().startswith("UVA") else value)
        else:
            raise ConfigError(f"{where}: unknown rule code, name or prefix {pattern!r}", key)
    return tuple(out)


def parse_severity(value: str, where: str, key: str = "fail-on") -> Severity:
    try:
        return Severity(value.lower())
    except ValueError:
        raise ConfigError(f"{where}: {value!r} is not one of error, warning, info", key) from None


def _string_list(value: Any, key: str, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return tuple(v.strip() for v in value.split(",") if v.strip())
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise ConfigError(f"{where}: {key} must be a list of strings", key)


def from_pyproject(table: Any, where: str = "[tool.uv-audit]") -> Overrides:
    if table is None or table == {}:
        return Overrides()
    if not isinstance(table, dict):
        raise ConfigError(f"{where} must be a table")
    unknown = sorted(set(table) - set(KEYS))
    if unknown:
        raise ConfigError(f"{where}: unknown key {unknown[0]!r} (known: {', '.join(KEYS)})", unknown[0])
    severity = table.get("severity")
    if severity is not None and not (isinstance(severity, dict) and all(isinstance(v, str) for v in severity.values())):
        raise ConfigError(f'{where}: severity must be a table of CODE = "error|warning|info"', "severity")
    for key in ("fail-on", "python-platform", "python-version", "serving-mlflow"):
        if key in table and not isinstance(table[key], str):
            raise ConfigError(f"{where}: {key} must be a string", key)

    def lst(key: str) -> tuple[str, ...] | None:
        return _string_list(table[key], key, where) if key in table else None

    return Overrides(
        select=lst("select"),
        ignore=lst("ignore"),
        fail_on=table.get("fail-on"),
        groups=lst("groups"),
        only_groups=lst("only-groups"),
        extras=lst("extras"),
        python_platform=table.get("python-platform"),
        python_version=table.get("python-version"),
        serving_mlflow=table.get("serving-mlflow"),
        severity=severity,
    )


def from_environment(environ: Mapping[str, str]) -> Overrides:
    def lst(name: str) -> tuple[str, ...] | None:
        value = environ.get(name)
        if value is None or not value.strip():
            return None
        return tuple(v.strip() for v in value.split(",") if v.strip())

    return Overrides(
        groups=lst("MLFLOW_UV_GROUPS"), only_groups=lst("MLFLOW_UV_ONLY_GROUPS"), extras=lst("MLFLOW_UV_EXTRAS")
    )


def apply(config: Config, layer: Overrides, source: str, where: str, known: Catalog) -> Config:
    """Return `config` with the values `layer` gives; a layer with any selection key replaces the
    whole intended selection and records its `source`."""
    updates: dict[str, Any] = {}
    rank = _RANKS[source]
    patterns = list(config.patterns)
    if layer.select is not None:
        patterns = [p for p in patterns if not (p[1] and p[2] < rank)]  # a new select replaces lower ones
        patterns += [(p, True, rank) for p in validate_patterns(layer.select, where, known)]
    if layer.ignore is not None:
        patterns += [(p, False, rank) for p in validate_patterns(layer.ignore, where, known, "ignore")]
    updates["patterns"] = tuple(patterns)
    if layer.fail_on is not None:
        updates["fail_on"] = parse_severity(layer.fail_on, f"{where} fail-on")
    if layer.python_platform is not None:
        from auditor.wheels import parse_platform

        try:
            parse_platform(layer.python_platform)
        except ValueError as exc:
            raise ConfigError(f"{where} python-platform: {exc}", "python-platform") from None
        updates["python_platform"] = layer.python_platform
    if layer.python_version is not None:
        if not re.fullmatch(r"3\.\d{1,2}(\.\d{1,2})?", layer.python_version.strip()):
            raise ConfigError(
                f"{where} python-version: {layer.python_version!r} is not a Python version such as 3.11",
                "python-version",
            )
        updates["python_version"] = layer.python_version.strip()
    if layer.serving_mlflow is not None:
        if not re.fullmatch(r"\d+\.\d+(\.\d+)?", layer.serving_mlflow.strip()):
            raise ConfigError(
                f"{where} serving-mlflow: {layer.serving_mlflow!r} is not an MLflow version such as 3.18.0",
                "serving-mlflow",
            )
        updates.update(serving_mlflow=layer.serving_mlflow.strip(), serving_source=source)
    if layer.severity is not None:
        severities = dict(config.severity)
        for key, value in layer.severity.items():
            if key not in known:
                raise ConfigError(f"{where} severity: unknown rule {key!r}", "severity")
            severities[known[key]] = parse_severity(value, f"{where} severity.{key}", "severity")
        updates["severity"] = severities
    if layer.has_selection:
        updates.update(
            groups=layer.groups or (),
            only_groups=layer.only_groups or (),
            extras=layer.extras or (),
            all_extras=layer.all_extras,
            selection_source=source,
        )
    return replace(config, **updates)


def resolve(
    pyproject: Any,
    environ: Overrides,
    cli: Overrides,
    known: Catalog,
    where: str = "[tool.uv-audit]",
) -> Config:
    """The configuration of one target: `[tool.uv-audit]` (`where` names it in errors), then the
    environment, then the command line."""
    config = apply(Config(), from_pyproject(pyproject, where), "pyproject", where, known)
    config = apply(config, environ, "environment", "environment", known)
    return apply(config, cli, "cli", "command line", known)


def _match_length(pattern: str, code: str, name: str) -> int:
    if pattern in (code, name):
        return 100
    if pattern.startswith("UVA") and code.startswith(pattern):
        return len(pattern)
    return -1


def disabled_by(config: Config, code: str, name: str) -> int | None:
    """Select/ignore by code, name or prefix: the most specific match wins, then the higher layer
    (command line over environment over pyproject), then ignore. None when the rule is enabled,
    else the rank of the layer that turned it off (`PYPROJECT_RANK`: the audited file itself)."""
    best: tuple[int, int, bool] | None = None
    for pattern, is_select, rank in config.patterns:
        length = _match_length(pattern, code, name)
        if length >= 0:
            candidate = (length, rank, not is_select)
            best = candidate if best is None or candidate > best else best
    if best is not None:
        return best[1] if best[2] else None
    selects = [rank for _, is_select, rank in config.patterns if is_select]
    return max(selects) if selects else None


def enabled(config: Config, code: str, name: str) -> bool:
    return disabled_by(config, code, name) is None
