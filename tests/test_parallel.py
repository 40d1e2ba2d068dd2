"""Worker processes change nothing but the speed: a store of more than PARALLEL_THRESHOLD targets
built from the real fixtures gives the same report with --jobs 1 and --jobs 2, in discovery order,
and the --jobs 2 run really audits in worker processes."""

from __future__ import annotations

import itertools
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from auditor import assemble as load
from auditor import parallel
from auditor.discover import Candidate, discover
from auditor.render import Format
from auditor.run import RunOptions, run

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def replicate(root: Path, copies: int, source: Path = FIXTURES) -> Path:
    """`copies` copies of the fixture tree under root/store/copy-N (files hard-linked when the
    file system allows it): every fixture target `copies` times, sharing its files' contents."""
    store = root / "store"
    for n in range(copies):
        for directory, _, files in os.walk(source):
            relative = Path(directory).relative_to(source)
            target = store / f"copy-{n:03d}" / relative
            target.mkdir(parents=True, exist_ok=True)
            for name in files:
                if name in ("MANIFEST.json", "README.md"):
                    continue
                try:
                    os.link(Path(directory) / name, target / name)
                except OSError:
                    shutil.copy2(Path(directory) / name, target / name)
    return store


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    built = replicate(tmp_path_factory.mktemp("parallel"), 13)
    count = sum(isinstance(c, Candidate) for c in discover((str(built),), 64))
    assert count > parallel.PARALLEL_THRESHOLD + 40, count
    return built


def _report(store: Path, out: Path, jobs: int) -> str:
    options = RunOptions(paths=(str(store),), fmt=Format.JSON, output=str(out), jobs=jobs, progress=False)
    code = run(options, {})
    assert code in (0, 1)
    return out.read_text(encoding="utf-8")


def test_jobs_1_and_2_give_the_same_report_and_2_uses_workers(
    store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    one = _report(store, tmp_path / "one.json", 1)
    parsed_before = dict(load.PARSE_COUNT)
    pools: list[int] = []
    import concurrent.futures

    original = concurrent.futures.ProcessPoolExecutor

    class Spy(original):  # type: ignore[misc, valid-type]
        def __init__(self, max_workers: int | None = None, **kwargs: object) -> None:
            pools.append(max_workers or 0)
            super().__init__(max_workers=max_workers, **kwargs)

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", Spy)
    two = _report(store, tmp_path / "two.json", 2)
    assert pools == [2], "the --jobs 2 run used the process pool"
    assert parsed_before == load.PARSE_COUNT, "every target of the --jobs 2 run was loaded in a worker"
    assert two == one, "byte-identical report"
    data = json.loads(two)
    paths = [t["path"] for t in data["targets"]]
    in_discovery_order = [c.display for c in discover((str(store),), 64) if isinstance(c, Candidate)]
    assert paths == in_discovery_order
    assert json.dumps(json.loads(one), sort_keys=True) == json.dumps(data, sort_keys=True)


def test_installed_cli_jobs_2_matches_jobs_1(store: Path) -> None:
    exe = shutil.which("uv-audit", path=str(Path(sys.executable).parent)) or shutil.which("uv-audit")
    if exe is None:
        pytest.skip("uv-audit is not installed")
    outputs = []
    for jobs in ("1", "2"):
        done = subprocess.run(
            [exe, "--format", "json", "--no-progress", "--jobs", jobs, str(store)],
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode in (0, 1), done.stderr
        outputs.append(json.loads(done.stdout))
    assert outputs[0] == outputs[1]
    assert outputs[0]["summary"]["targets"] > parallel.PARALLEL_THRESHOLD


def test_schedule_groups_targets_sharing_a_lock(store: Path) -> None:
    items = [c for c in discover((str(store),), 64) if isinstance(c, Candidate)]
    order = parallel.schedule(items)
    assert sorted(order) == list(range(len(items)))
    sizes = [parallel._lock_size(items[i]) for i in order]
    assert sizes == sorted(sizes)
    assert len(list(itertools.groupby(sizes))) == len(set(sizes)), "each lock size is one contiguous run"
