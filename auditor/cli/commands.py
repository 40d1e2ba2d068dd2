"""The commands of `uv-audit` and what every one of them shares (no click here)."""

from __future__ import annotations

COMMANDS = {
    "check": ("auditor.cli.check", "command"),
    "export": ("auditor.cli.export", "command"),
    "fix": ("auditor.cli.fix", "command"),
    "rules": ("auditor.cli.docs", "rules_command"),
    "explain": ("auditor.cli.docs", "explain_command"),
    "serve": ("auditor.serve.command", "serve_command"),
}
"""Subcommand -> (module, attribute), loaded lazily."""
USAGE = "[OPTIONS] PATH... | export | fix | rules | explain | serve"
"""`uv-audit --help`'s usage line: the audit (the default command) and every other command."""


def redacted(message: str) -> str:
    """An error line without credentials (a PATH or `--tracking-uri` may hold some)."""
    from auditor.secrets import redact  # lazily: only an error pays for the patterns

    return redact(message)
