"""The linter (ruff, configured in pyproject.toml) passes on the whole project."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _ruff() -> list[str]:
    exe = Path(sys.executable).parent / "ruff"
    return [str(exe)] if exe.exists() else [shutil.which("ruff") or "ruff"]


def test_ruff_passes():
    run = subprocess.run([*_ruff(), "check", "--no-cache", str(ROOT)], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stdout + run.stderr


def test_ruff_can_fail(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("import os\n", encoding="utf-8")  # an unused import
    run = subprocess.run([*_ruff(), "check", "--no-cache", "--isolated", "--select", "F401", str(bad)],
                         capture_output=True, text=True)
    assert run.returncode == 1 and "F401" in run.stdout
