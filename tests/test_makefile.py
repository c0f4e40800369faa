"""`make demo` sets up once: the install steps run again only when pyproject.toml changed."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def dry_run(folder: Path, target: str) -> str:
    return subprocess.run(["make", "-n", target], cwd=folder, capture_output=True, text=True, check=True).stdout


@pytest.mark.skipif(shutil.which("make") is None, reason="make not installed")
def test_setup_installs_only_when_pyproject_changed(tmp_path):
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy(ROOT / name, tmp_path / name)
    (tmp_path / ".venv" / "bin").mkdir(parents=True)
    (tmp_path / ".venv" / "bin" / "python").symlink_to(sys.executable)
    assert "pip install" in dry_run(tmp_path, "demo")  # never installed
    (tmp_path / ".venv" / ".installed").touch()
    assert "pip install" not in dry_run(tmp_path, "demo")  # nothing changed: ingest and serve only
    assert "chidao serve" in dry_run(tmp_path, "demo")
    later = time.time() + 5
    os.utime(tmp_path / "pyproject.toml", (later, later))
    assert "pip install" in dry_run(tmp_path, "demo")  # a dependency changed
