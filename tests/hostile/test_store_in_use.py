"""Two processes on one store: a second writer is told who holds the store (no traceback), a
lock left by a killed writer is taken over, and readers answer while a writer is mid-write."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

from hostile_support import ROOT, chidao

# A writer caught mid-batch: the store open for writing and a text-index transaction open.
HOLD = """import sys, time
from chidao.store import Store
store = Store(sys.argv[1])
store.text._db.execute("BEGIN IMMEDIATE")
print("holding", flush=True)
time.sleep(120)
"""
RAW_HOLD = """import sys, time, pyoxigraph
store = pyoxigraph.Store(sys.argv[1])
print("holding", flush=True)
time.sleep(120)
"""


def _hold(code: str, store) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", code, str(store)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "holding"
    return proc


def _stop(proc: subprocess.Popen) -> None:
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()


def test_second_writer_is_told_who_holds_the_store(sample_store):
    holder = _hold(HOLD, sample_store)
    try:
        for args in (["ingest", "--quiet", str(ROOT / "examples")], ["reindex"]):
            done = chidao(*args[:1], "--store", str(sample_store), *args[1:], timeout=60)
            assert done.returncode == 1, done.stdout + done.stderr
            assert f"store {sample_store} is in use by another chidao process (PID {holder.pid})" in done.stderr
            assert "Traceback" not in done.stderr
    finally:
        _stop(holder)
    # the killed holder left its lock file behind: stale, taken over
    assert (sample_store / "chidao-writer.lock").read_text().strip() == str(holder.pid)
    again = chidao("ingest", "--quiet", "--store", str(sample_store), str(ROOT / "examples"), timeout=120)
    assert again.returncode == 0, again.stderr


def test_readers_answer_while_a_writer_is_mid_write(sample_store):
    holder = _hold(HOLD, sample_store)
    try:
        started = time.monotonic()
        done = chidao("stats", "--json", "--store", str(sample_store), timeout=60)
        assert done.returncode == 0, done.stderr
        assert '"documents": 1' in done.stdout
        assert time.monotonic() - started < 10, "stats waited for the writer's transaction"
    finally:
        _stop(holder)


def test_a_foreign_process_holding_the_store_gets_a_message(sample_store):
    holder = _hold(RAW_HOLD, sample_store)
    try:
        done = chidao("ingest", "--quiet", "--store", str(sample_store), str(ROOT / "examples"), timeout=60)
        assert done.returncode == 1
        assert f"store {sample_store} is in use by another process" in done.stderr
        assert "Traceback" not in done.stderr and "OSError" not in done.stderr
    finally:
        _stop(holder)


def test_ingest_into_a_store_served_with_updates_names_the_server(token_server):
    """A server taking updates is the store's writer: an ingest is refused with its PID."""
    done = chidao("ingest", "--quiet", "--store", str(token_server.store), str(ROOT / "examples"), timeout=60)
    assert done.returncode == 1
    assert f"is in use by another chidao process (PID {token_server.process.pid})" in done.stderr
    assert "Traceback" not in done.stderr


def test_stats_answers_all_through_a_real_ingest(tmp_path):
    store, folder = tmp_path / "store", tmp_path / "in"
    folder.mkdir()
    text = (ROOT / "examples" / "bc-18-ubnd-quang-ngai-2021.txt").read_text("utf-8")
    for i in range(12):
        (folder / f"bc-{i:03d}.txt").write_text(text.replace("Số: 18 /BC-UBND", f"Số: {700 + i}/BC-UBND", 1), encoding="utf-8")
    assert chidao("ingest", "--quiet", "--store", str(store), str(ROOT / "examples")).returncode == 0
    ingest = subprocess.Popen([sys.executable, "-m", "chidao.cli", "ingest", "--quiet", "--store", str(store), str(folder)],
                              cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seen = []
    while ingest.poll() is None:
        started = time.monotonic()
        done = chidao("stats", "--json", "--store", str(store), timeout=60)
        assert done.returncode == 0, done.stderr[-2000:]
        assert time.monotonic() - started < 15
        seen.append(json.loads(done.stdout)["documents"])
    assert ingest.returncode == 0, ingest.stderr.read()[-2000:]
    assert seen, "stats should have run during the ingest"
    assert json.loads(chidao("stats", "--json", "--store", str(store)).stdout)["documents"] == 13


# A writer that forked a child (as ingest forks extraction workers), then is killed while the
# child lives on: the child must not keep the store locked.
HOLD_FORKED = """import os, sys, time
from chidao.store import Store
store = Store(sys.argv[1])
child = os.fork()
if child == 0:
    time.sleep(60)
    os._exit(0)
print("holding", child, flush=True)
time.sleep(120)
"""


def test_a_killed_writers_forked_child_does_not_hold_the_store(tmp_path):
    store = tmp_path / "store"
    proc = subprocess.Popen([sys.executable, "-c", HOLD_FORKED, str(store)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    word, child = proc.stdout.readline().split()
    assert word == "holding"
    try:
        _stop(proc)
        done = chidao("ingest", "--quiet", "--store", str(store), str(ROOT / "examples"), timeout=120)
        assert done.returncode == 0, done.stderr[-1000:]
    finally:
        os.kill(int(child), signal.SIGKILL)
