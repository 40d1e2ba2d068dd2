"""Static `uv lock --check`: how pyproject.toml differs from what uv.lock was resolved from (UVA101).

`check_lock(lock, root, members)` returns one `LockDifference` per differing requirement, version,
`requires-python`, member or group, in a deterministic order; `is_stale` says whether there is
any. Modules: `markers` (marker meaning), `requirements` (uv's normalised requirement),
`lowering` (`tool.uv.sources`), `diff` (set difference per requirement), `metadata` (one
package's requires-dist / requires-dev), `check` (workspace, requires-python, versions; the walk).
"""

from __future__ import annotations

from auditor.lockcheck.check import LockDifference, check_lock, is_stale

__all__ = ["LockDifference", "check_lock", "is_stale"]
