"""Helpers for the hostile-input tests: the suite's one way to start a server, and the CLI in
its own process (as a user runs it)."""
from __future__ import annotations

import subprocess
import sys

from served_server import ROOT, _api_conftest

API = _api_conftest()  # start_server / stop_server / free_port from tests/api/conftest.py
TOKEN = "s3cret-token"
CORPUS = ROOT.parent / "shared" / "corpus"


def chidao(*args: str, timeout: float = 300, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "chidao.cli", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout, **kwargs)
