"""Coverage-guided fuzzing of the whole pipeline with atheris (libFuzzer).

    .venv/bin/pip install atheris          # a wheel exists for CPython 3.11 on Linux x86_64
    .venv/bin/python fuzz/atheris_target.py -atheris_runs=200000 -max_len=65536 /tmp/uv-audit-corpus

Each input either steers the harness' mutators over a real fixture (the bytes are the mutators'
decisions: `harness.DataChooser`), or, when its first byte is odd, *is* one artifact's content
(the byte after it picks which) dropped into a real model directory. The oracle is
`harness.check_pipeline`: discover -> load -> audit -> render in every format, no exception, no
"internal error" finding, inert HTML, clean text and GitHub output. A bad `[tool.uv-audit]` table
is a configuration error by design (exit 2) and is not reported. Without atheris the module
still imports (the tests run `one_input` directly); running it then exits with a hint.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.hardening import harness as h

try:
    import atheris
except ImportError:  # pragma: no cover - atheris is optional
    atheris = None

_SEEDS: list[h.FileSet] = []
_WORK = Path(tempfile.mkdtemp(prefix="uv-audit-atheris-"))


def one_input(data: bytes) -> None:
    if not _SEEDS:
        _SEEDS.extend(h.small_seeds())
    if not data:
        return
    chooser = h.DataChooser(data[1:])
    seed = chooser.choice(_SEEDS)
    if data[0] & 1:
        name = h.ARTIFACTS[data[1 % len(data)] % len(h.ARTIFACTS)] if len(data) > 1 else h.ARTIFACTS[0]
        files = {**seed, name: data[2:]}
    else:
        files = h.mutate(seed, chooser)
    h.check_pipeline(files, _WORK / "t")


def main() -> None:
    if atheris is None:
        sys.exit("atheris is not installed: `pip install atheris`, or use fuzz/run_long.py (no extra dependency)")
    atheris.instrument_all()
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
