"""Questions several rules ask the export engine."""

from __future__ import annotations

from auditor.context import AuditContext, ExportUnavailable
from auditor.export import ExportEntry
from auditor.target import Target


def intended(ctx: AuditContext) -> tuple[ExportEntry, ...]:
    """The intended export's entries, or none when the lock cannot be exported for it (UVA101 and
    UVA303 report why)."""
    try:
        return ctx.export(ctx.intended_selection()).entries
    except ExportUnavailable:
        return ()


def by_name(entries: tuple[ExportEntry, ...]) -> dict[str, list[ExportEntry]]:
    """Entries grouped by package name (a fork lock can export one name in several versions)."""
    out: dict[str, list[ExportEntry]] = {}
    for entry in entries:
        out.setdefault(entry.name, []).append(entry)
    return out


def afterwards(target: Target) -> str:
    """The last step of a fix made in the project: a logged model's files are copies, so the
    model is logged again; a project checkout commits the change."""
    return "log the model again" if target.kind == "model" else "commit the change"
