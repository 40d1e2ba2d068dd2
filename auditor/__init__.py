"""uv-audit: a static auditor for the uv files that MLflow logs with a model."""

from __future__ import annotations

__version__ = "0.1.0"
