"""What a rule may ask besides the target: the configuration and the export engine's answers.

Export results are memoised by (lock content, project context, selection), so thousands of
targets that share one uv.lock compute each export once.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Literal

from packaging.utils import canonicalize_name

from auditor.config import Config
from auditor.lockfile import LockedPackage
from auditor.pyproject import Pyproject
from auditor.target import Target

if TYPE_CHECKING:
    from auditor.export import ExportResult, ProjectContext, Selection

_MEMO_SIZE = 32
_memo: OrderedDict[tuple[object, ...], ExportResult] = OrderedDict()


def _declared_groups(project: Pyproject) -> tuple[str, ...]:
    groups = tuple(project.dependency_groups)
    if project.tool_uv.dev_dependencies is not None and "dev" not in groups:
        groups += ("dev",)
    return groups


class ExportUnavailable(Exception):
    """The lock cannot be exported (no entry for the project, a selection uv rejects): the rules
    that need an export stand down; UVA101/UVA303 report the cause."""


def _context_key(context: ProjectContext) -> tuple[object, ...]:
    return (
        context.root_name,
        context.default_groups,
        context.root_groups,
        tuple(sorted(context.member_groups.items())),
        context.default_groups_set,
    )


@dataclass(frozen=True)
class AuditContext:
    config: Config
    target: Target

    def project_context(self) -> ProjectContext:
        return self._project_context

    @cached_property
    def _project_context(self) -> ProjectContext:
        """What uv reads from pyproject.toml besides the lock (default groups, declared groups)."""
        from auditor.export import ProjectContext

        pyproject = self.target.pyproject
        if pyproject is None:
            return ProjectContext(root_name=None)
        raw = pyproject.tool_uv.default_groups
        defaults: tuple[str, ...] | Literal["all"] = "all" if raw == "all" else tuple(raw or ("dev",))
        root_name = pyproject.name if pyproject.has_project_table else None
        member_groups = {}
        for project in (pyproject, *self.target.members.values()):
            if project.name is not None:
                member_groups[project.name] = _declared_groups(project)
        return ProjectContext(
            root_name=root_name,
            default_groups=defaults,
            root_groups=tuple(pyproject.dependency_groups),
            member_groups=member_groups,
            default_groups_set=raw is not None,
        )

    def export(self, selection: Selection) -> ExportResult:
        """The entries `uv export --frozen` would print for this selection (raises
        SelectionError for an unknown group or extra)."""
        from auditor.export import SelectionError, export

        lock = self.target.lock
        assert lock is not None, "rules that export need uv.lock"
        context = self.project_context()
        key = (self.target.lock_digest or id(lock), _context_key(context), selection)
        cached = _memo.get(key)
        if cached is not None:
            _memo.move_to_end(key)
            return cached
        try:
            result = export(lock, context, selection)
        except (KeyError, SelectionError) as exc:
            raise ExportUnavailable(str(exc)) from None
        _memo[key] = result
        if len(_memo) > _MEMO_SIZE:
            _memo.popitem(last=False)
        return result

    def intended_selection(self) -> Selection:
        return self._intended_selection

    @cached_property
    def _intended_selection(self) -> Selection:
        """The inference environment as intended: core dependencies plus the configured groups
        and extras, never the default groups."""
        from auditor.export import Selection

        cfg = self.config
        groups, extras = self.defined_groups(), self.defined_extras()
        return Selection(
            groups=tuple(g for g in cfg.groups if canonicalize_name(g) in groups),
            only_groups=tuple(g for g in cfg.only_groups if canonicalize_name(g) in groups),
            no_default_groups=True,
            extras=tuple(e for e in cfg.extras if canonicalize_name(e) in extras),
            all_extras=cfg.all_extras,
            no_emit_project=True,
        )

    def mlflow_selection(self) -> Selection:
        """What MLflow's `uv export --no-dev --no-emit-project ...` selects for the same request:
        default groups other than `dev` still come in."""
        from auditor.export import Selection

        intended = self.intended_selection()
        return Selection(
            groups=intended.groups,
            only_groups=intended.only_groups,
            no_dev=True,
            extras=intended.extras,
            all_extras=intended.all_extras,
            no_emit_project=True,
        )

    def export_everything(self) -> ExportResult:
        """Every group and every extra (conflicts ignored): where a leaked package came from."""
        from auditor.export import Selection, SelectionError, export_all

        lock = self.target.lock
        assert lock is not None, "rules that export need uv.lock"
        context = self.project_context()
        key = (self.target.lock_digest or id(lock), _context_key(context), "everything")
        cached = _memo.get(key)
        if cached is None:
            try:
                cached = export_all(lock, context, Selection(all_packages=True, no_emit_project=True))
            except (KeyError, SelectionError) as exc:
                raise ExportUnavailable(str(exc)) from None
            _memo[key] = cached
            if len(_memo) > _MEMO_SIZE:
                _memo.popitem(last=False)
        else:
            _memo.move_to_end(key)
        return cached

    def defined_groups(self) -> frozenset[str]:
        """Groups pyproject.toml or uv.lock define for the project."""
        names: set[str] = set()
        if self.target.pyproject is not None:
            names.update(_declared_groups(self.target.pyproject))
        for package in self._root_packages():
            names.update(package.dev_dependencies)
            if package.metadata is not None:
                names.update(package.metadata.requires_dev)
        return frozenset(canonicalize_name(n) for n in names)

    def defined_extras(self) -> frozenset[str]:
        """Extras pyproject.toml or uv.lock define for the project."""
        names: set[str] = set()
        if self.target.pyproject is not None:
            names.update(self.target.pyproject.optional_dependencies)
        for package in self._root_packages():
            names.update(package.optional_dependencies)
            if package.metadata is not None:
                names.update(package.metadata.provides_extras)
        return frozenset(canonicalize_name(n) for n in names)

    def _root_packages(self) -> tuple[LockedPackage, ...]:
        lock, pyproject = self.target.lock, self.target.pyproject
        if lock is None or pyproject is None or pyproject.name is None:
            return ()
        return lock.by_name(pyproject.name)
