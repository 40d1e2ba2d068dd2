"""What a rule may ask besides the target: the configuration and the export engine's answers.

Export results are memoised by (lock content, project context, selection), so thousands of
targets that share one uv.lock compute each export once.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from auditor.config import Config
from auditor.target import Target

if TYPE_CHECKING:
    from auditor.export import ExportResult, ProjectContext, Selection

_MEMO_SIZE = 256
_memo: OrderedDict[tuple[object, ...], ExportResult] = OrderedDict()


@dataclass(frozen=True)
class AuditContext:
    config: Config
    target: Target

    def project_context(self) -> ProjectContext:
        from auditor.export import ProjectContext

        pyproject = self.target.pyproject
        if pyproject is None:
            return ProjectContext(root_name=None)
        default_groups = pyproject.tool_uv.default_groups
        groups: tuple[str, ...] | str = ("dev",) if default_groups is None else default_groups
        return ProjectContext(
            root_name=pyproject.name if pyproject.has_project_table else None,
            default_groups="all" if groups == "all" else tuple(groups),
        )

    def export(self, selection: Selection) -> ExportResult:
        """The entries `uv export --frozen` would print for this selection (raises
        SelectionError for an unknown group or extra)."""
        from auditor.export import export

        lock = self.target.lock
        assert lock is not None, "rules that export need uv.lock"
        context = self.project_context()
        key = (self.target.lock_digest or id(lock), context, selection)
        cached = _memo.get(key)
        if cached is not None:
            _memo.move_to_end(key)
            return cached
        result = export(lock, context, selection)
        _memo[key] = result
        if len(_memo) > _MEMO_SIZE:
            _memo.popitem(last=False)
        return result

    def intended_selection(self) -> Selection:
        """The inference environment as intended: core dependencies plus the configured groups
        and extras, never the default groups."""
        from auditor.export import Selection

        cfg = self.config
        return Selection(
            groups=cfg.groups,
            only_groups=cfg.only_groups,
            no_default_groups=True,
            extras=cfg.extras,
            all_extras=cfg.all_extras,
            no_emit_project=True,
        )

    def mlflow_selection(self) -> Selection:
        """What MLflow's `uv export --no-dev --no-emit-project ...` selects for the same request:
        default groups other than `dev` still come in."""
        from auditor.export import Selection

        cfg = self.config
        return Selection(
            groups=cfg.groups,
            only_groups=cfg.only_groups,
            no_dev=True,
            extras=cfg.extras,
            all_extras=cfg.all_extras,
            no_emit_project=True,
        )

    def everything_selection(self) -> Selection:
        """Every group and every extra: where a leaked package could have come from."""
        from auditor.export import Selection

        return Selection(all_groups=True, all_extras=True, no_emit_project=True)
