"""A file that never finishes extracting (here a named pipe nobody writes, as a hung mount
behaves; a 5 MB one-line text did the same for minutes) no longer hangs the batch: its worker
is killed after --file-timeout, the file is reported with the reason, a fresh worker takes the
next files, and --report is written."""
from __future__ import annotations

import json
import os
import time

from hostile_support import ROOT, chidao


def test_a_stuck_file_is_stopped_and_the_batch_goes_on(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    text = (ROOT / "examples" / "bc-18-ubnd-quang-ngai-2021.txt").read_text("utf-8")
    for i in range(3):
        (folder / f"bc-{i}.txt").write_text(text.replace("18/BC-UBND", f"{100 + i}/BC-UBND", 1), encoding="utf-8")
    stuck = tmp_path / "stuck.txt"
    os.mkfifo(stuck)
    report = tmp_path / "run.json"
    started = time.monotonic()
    done = chidao("ingest", "--quiet", "--workers", "1", "--file-timeout", "3", "--report", str(report),
                  "--store", str(tmp_path / "store"), str(stuck), str(folder), timeout=240)
    assert done.returncode == 1, done.stdout + done.stderr  # one file failed
    assert time.monotonic() - started < 120
    assert f"FAILED {stuck}: took longer than 3 s" in done.stderr
    data = json.loads(report.read_text("utf-8"))
    assert data["summary"]["documents"] == 3 and data["summary"]["failed"] == 1, data["summary"]
    failed = [f for f in data["files"] if not f["ok"]]
    assert failed[0]["path"] == str(stuck) and "took longer than 3 s" in failed[0]["error"]
