"""Helpers for the hostile-input tests: the suite's one way to start a server, and the CLI in
its own process (as a user runs it)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from served_server import ROOT, _api_conftest

API = _api_conftest()  # start_server / stop_server / free_port from tests/api/conftest.py
TOKEN = "s3cret-token"
CORPUS = Path(os.environ.get("CHIDAO_SHARED", ROOT.parent / "shared")) / "corpus"  # as tests/conftest.py finds it


def chidao(*args: str, timeout: float = 300, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "chidao.cli", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout, **kwargs)
