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
from auditor.frozen import frozen
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
        key = (self.target.lock_digest or id(lock), _context_key(context), selection)
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
