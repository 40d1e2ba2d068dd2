"""Static `uv lock --check`: how pyproject.toml differs from what uv.lock was resolved from (UVA101).

`lock_verdict(lock, root, members)` returns a `LockVerdict`: its `differences` (one `LockDifference`
per differing setting, requirement, version, `requires-python`, member or group, in a
deterministic order), `undecided` (why only uv, building the project, could answer) and `state`
(`fresh` / `stale` / `undecided`). `check_lock` returns just the differences; `is_stale` whether
there is any. Modules: `verdict` (the order of uv's checks), `settings` (the resolver settings
`[options]` records, conflicts, environments, indexes), `timestamps` (`exclude-newer`), `manifest`
(constraints, overrides, build constraints, excludes), `requirements` (uv's normalised
requirement), `lowering` (`tool.uv.sources`), `diff` (set difference per requirement), `flatten`
(self-referencing extras), `metadata` (one package's requires-dist / requires-dev), `check`
(workspace, requires-python, versions; the walk).
"""

from __future__ import annotations

from auditor.lockcheck.check import LockDifference
from auditor.lockcheck.verdict import LockVerdict, check_lock, is_stale, lock_verdict, member_paths

__all__ = ["LockDifference", "LockVerdict", "check_lock", "is_stale", "lock_verdict", "member_paths"]
