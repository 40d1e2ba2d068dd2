"""A static `uv export`: what uv would print for a uv.lock, a project and a selection of groups and
extras, with the marker of every package and the paths that bring it in (STYLE.md pattern 4).
"""

from __future__ import annotations

from auditor.export.api import (
    export_all,
    marker_extras,
    marker_is_satisfiable,
    markers_equivalent,
    normalize_marker,
    python_range_subset,
)
from auditor.export.engine import export
from auditor.export.flags import FLAGS, Flag, RenderOptions, selection_from_argv
from auditor.export.markers import MarkerError
from auditor.export.model import Chain, ExportEntry, ExportResult
from auditor.export.project import project_context
from auditor.export.render import render_uv
from auditor.export.selection import ProjectContext, Selection, SelectionError

__all__ = [
    "FLAGS",
    "Chain",
    "ExportEntry",
    "ExportResult",
    "Flag",
    "MarkerError",
    "ProjectContext",
    "RenderOptions",
    "Selection",
    "SelectionError",
    "export",
    "export_all",
    "marker_extras",
    "marker_is_satisfiable",
    "markers_equivalent",
    "normalize_marker",
    "project_context",
    "python_range_subset",
    "render_uv",
    "selection_from_argv",
]
