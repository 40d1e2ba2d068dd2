"""`uv-audit fix`: rewrite a logged model's requirements.txt, conda.yaml and python_env.yaml into
what MLflow logs from its uv.lock for the intended selection, and add a missing
`.python-version` (SPEC §7, docs/fix.md). uv.lock and pyproject.toml are never written.

- `plan`: per target, the changes or the reason to refuse (reads, never writes);
- `requirements`: the new requirements.txt (MLflow's rendering, its pins, ignore comments);
- `yamledit`: in-place edits of conda.yaml and python_env.yaml with MLflow's own dumper;
- `write`: atomic writes inside PATH, never through a symlink, and the unified diff.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from auditor import config as cfg
from auditor.audit import check_options
from auditor.discover import Candidate, discover
from auditor.errors import UsageError
from auditor.fix.plan import Plan, apply, plan
from auditor.fix.write import Change, unified_diff
from auditor.options import Options
from auditor.remote import is_remote_uri

__all__ = ["Change", "Plan", "apply", "plan", "plan_paths", "unified_diff"]


def plan_paths(paths: Sequence[str], options: Options, environ: Mapping[str, str]) -> list[Plan]:
    """A plan for every target below the local `paths` (UsageError: exit 2, before any write)."""
    for path in paths:
        if is_remote_uri(path):
            raise UsageError(
                f"fix rewrites local files: download {path} first "
                f"(`mlflow artifacts download -u {path} -d DIR`), then run `uv-audit fix DIR`"
            )
    env_layer = cfg.from_environment(environ)
    check_options(options, env_layer)
    candidates = [item for item in discover(paths, options.max_depth) if isinstance(item, Candidate)]
    return [plan(candidate, options, env_layer) for candidate in candidates]
