"""What a rule may ask besides the target: the configuration, the project as uv reads it, the
intended selection (auditor.intent), and the export engine's answers.

Export results are memoised by (lock content, project context, selection), so thousands of
targets that share one uv.lock compute each export once.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from functools import cached_property

from auditor import intent
from auditor.config import Config
from auditor.export import ExportResult, ProjectContext, Selection, SelectionError, export, export_all
from auditor.export.project import project_context
from auditor.export.selection import Groups
from auditor.frozen import frozen, replace
from auditor.mlflow.serving import Serving, serving
from auditor.target import Target

_MEMO_SIZE = 32
_memo: OrderedDict[tuple[object, ...], ExportResult] = OrderedDict()


class ExportUnavailable(Exception):
    """The lock cannot be exported (no entry for the project, a selection uv rejects): the rules
    that need an export stand down; UVA101/UVA303 report the cause."""


def _memoised(key: tuple[object, ...], compute: Callable[[], ExportResult]) -> ExportResult:
    """`compute()` once per key while it stays among the last `_MEMO_SIZE` used."""
    cached = _memo.get(key)
    if cached is not None:
        _memo.move_to_end(key)
        return cached
    try:
        result = compute()
    except (KeyError, SelectionError) as exc:
        raise ExportUnavailable(str(exc)) from None
    _memo[key] = result
    if len(_memo) > _MEMO_SIZE:
        _memo.popitem(last=False)
    return result


def _context_key(context: ProjectContext) -> tuple[object, ...]:
    return (
        context.root_name,
        context.default_groups,
        context.root_groups,
        tuple(sorted(context.member_groups.items())),
        context.default_groups_set,
    )


_GROUP_FLAGS = dict(groups=(), only_groups=(), no_groups=(), all_groups=False, no_dev=False, only_dev=False, dev=False)


def _selection_key(selection: Selection, context: ProjectContext) -> tuple[object, ...]:
    """Selections whose groups resolve alike share one export (the intended selection's
    `--no-default-groups` and MLflow's `--no-dev` when `dev` is the only default group): the
    engine reads the group flags only through `Groups` (`contains`, `contains_because_default`,
    `explicit`, `only`), so the key holds those answers instead of the flags. A group named by no
    flag and no default answers (include_all, include_all and not prev_all); only the others are
    listed."""
    groups = Groups.build(selection, context.default_groups)
    usual = (groups.include_all, groups.include_all and not groups.prev_all)
    names = sorted(groups.include | groups.exclude | groups.prev_include)
    answers = ((g, groups.contains(g), groups.contains_because_default(g)) for g in names)
    special = tuple(a for a in answers if a[1:] != usual)
    rest = replace(selection, no_default_groups=False, **_GROUP_FLAGS)
    return (rest, groups.only, groups.explicit, usual, groups.prev_all, special)


@frozen
class AuditContext:
    config: Config
    target: Target

    def project_context(self) -> ProjectContext:
        """What uv reads from pyproject.toml besides the lock (default groups, declared groups)."""
        return self._project_context

    @cached_property
    def _project_context(self) -> ProjectContext:
        return project_context(self.target.pyproject, self.target.lock, self.target.members)

    def export(self, selection: Selection) -> ExportResult:
        """The entries `uv export --frozen` would print for this selection (raises
        ExportUnavailable for a selection uv rejects or a lock without the project)."""
        lock = self.target.lock
        assert lock is not None, "rules that export need uv.lock"
        context = self.project_context()
        key = (self.target.lock_digest or id(lock), _context_key(context), _selection_key(selection, context))
        return _memoised(key, lambda: export(lock, context, selection))

    def export_everything(self) -> ExportResult:
        """Every group and every extra (conflicts ignored): what the whole lock reaches, and where
        a leaked package came from (`chains_by_name(names)`: only UVA301/UVA302 ask, so only they pay
        for that walk)."""
        lock = self.target.lock
        assert lock is not None, "rules that export need uv.lock"
        context = self.project_context()
        key = (self.target.lock_digest or id(lock), _context_key(context), "everything")
        selection = Selection(all_packages=True, no_emit_project=True)
        return _memoised(key, lambda: export_all(lock, context, selection, chains=False))

    def serving(self) -> Serving:
        """The MLflow that restores the target, and why that one (auditor.mlflow.serving)."""
        return self._serving

    @cached_property
    def _serving(self) -> Serving:
        return serving(self.target, self.config)

    def intended_selection(self) -> Selection:
        """The inference environment as intended (auditor.intent)."""
        return self._intended_selection

    @cached_property
    def _intended_selection(self) -> Selection:
        return intent.intended_selection(self.config, self.defined_groups(), self.defined_extras())

    def defined_groups(self) -> frozenset[str]:
        """Groups pyproject.toml or uv.lock define for the project."""
        return intent.defined_groups(self.target)

    def defined_extras(self) -> frozenset[str]:
        """Extras pyproject.toml or uv.lock define for the project."""
        return intent.defined_extras(self.target)
