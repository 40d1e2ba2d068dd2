"""The real uv the tests compare with: uv 0.13.9 (what ../shared/corpus was made with), found next
to the running Python or on PATH. A test that needs it skips cleanly when it is absent, another
version, or (with `network=True`) when PyPI cannot be reached."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

VERSION = "0.13.9"


def uv_binary(*, network: bool = False) -> str:
    uv = shutil.which("uv", path=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]))
    if uv is None:
        pytest.skip("uv is not installed")
    version = subprocess.run([uv, "--version"], capture_output=True, text=True, check=False).stdout
    if not version.startswith(f"uv {VERSION}"):
        pytest.skip(f"needs uv {VERSION}, found {version.strip()}")
    if network:
        try:
            socket.create_connection(("pypi.org", 443), timeout=5).close()
        except OSError:
            pytest.skip("PyPI is not reachable")
    return uv
