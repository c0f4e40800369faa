"""kill -9 of a batch ingest leaves a store `chidao validate` accepts, and a rerun completes.

Three corpus instruments get a date from two documents (31_2011_QD_UBND / 1414_2013_CV_TCT,
40_2011_QD_TTg / 47_2009_TTLT, 49_2012_QD_UBND / 47_2009_TTLT); they were flagged only by the
reconciliation after the whole batch, so a kill between the documents' batch and the end left
"two dates, no cdo:hasDateConflict" violations. Batches of 5 documents (instead of 100) give
the kill a dozen commit points to land between on a 60-document corpus that ingests in seconds."""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time

import pytest
from hostile_support import CORPUS, ROOT, chidao

from chidao.loading import expand_paths

SMALL_BATCHES = "import chidao.batch_writer as b; b.BATCH_DOCUMENTS = 5\nfrom chidao.cli import main; main()"


def _stored_progress(log) -> int:
    done = [int(n) for n in re.findall(r"(\d+)/\d+ \[", log.read_text(errors="replace"))]
    return max(done, default=0)


def test_kill_mid_ingest_leaves_a_valid_store(tmp_path):
    if not CORPUS.is_dir():
        pytest.skip(f"the shared corpus is not at {CORPUS} (a user's clone has no ../shared)")
    store, log = tmp_path / "store", tmp_path / "stderr.txt"
    total = len(expand_paths([CORPUS]))
    with open(log, "w") as err:
        proc = subprocess.Popen([sys.executable, "-c", SMALL_BATCHES, "ingest", "--store", str(store),
                                 "--workers", "2", str(CORPUS)], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err)
        deadline = time.monotonic() + 240
        while proc.poll() is None and time.monotonic() < deadline and _stored_progress(log) < 45:
            time.sleep(0.02)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    stats = json.loads(chidao("stats", "--json", "--store", str(store)).stdout)
    assert 40 <= stats["documents"] < total, f"the kill should land after the conflicting documents: {stats}"
    valid = chidao("validate", "--store", str(store))
    assert valid.returncode == 0, valid.stdout[-3000:]
    rerun = chidao("ingest", "--quiet", "--store", str(store), str(CORPUS))
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    assert chidao("validate", "--store", str(store)).returncode == 0
    assert json.loads(chidao("stats", "--json", "--store", str(store)).stdout)["documents"] == total
