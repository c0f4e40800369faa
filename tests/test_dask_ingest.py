"""Batch ingest on a real Dask cluster (chidao/dask_ingest.py): a worker killed mid-batch loses
nothing, a file that kills its workers is that file's failure, and the CLI's --cluster reports
broken and stuck files by name and reason as a plain ingest does.

The files are copies of the bundled sample with other numbers, so no ../shared is needed. The
cluster is started here (the scheduler in this process) with allowed-failures 1, so that a
poisonous file is given up after two worker deaths instead of four."""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import dask
import psutil
import pytest
from distributed import Client

import chidao.batch_writer
from chidao.dask_ingest import extract_on_cluster, local_cluster
from chidao.loading import extract_file, ingest_paths
from chidao.local_servers.oxigraph_server import OxigraphServer
from chidao.remote import RemoteStore
from chidao.store import Store
from chidao.store_digest import digest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def cluster():
    with dask.config.set({"distributed.scheduler.allowed-failures": 1}), local_cluster(2) as c:
        yield c


@pytest.fixture(scope="module")
def files(tmp_path_factory, sample_path) -> list[Path]:
    folder = tmp_path_factory.mktemp("dask-in")
    text = sample_path.read_text(encoding="utf-8")
    out = []
    for i in range(12):
        p = folder / f"bc-{i:02d}.txt"
        p.write_text(text.replace("18/BC-UBND", f"{200 + i}/BC-UBND", 1), encoding="utf-8")
        out.append(p)
    return out


def test_a_worker_killed_mid_batch_loses_nothing(tmp_path, cluster, files, monkeypatch):
    monkeypatch.setattr(chidao.batch_writer, "BATCH_DOCUMENTS", 1)  # on_done after each document, while the rest runs
    watcher = Client(cluster)
    killed: dict = {}
    written: list = []

    def kill_a_busy_worker(result) -> None:
        written.append(result)
        if killed:
            return
        busy = [addr for addr, keys in watcher.processing().items() if keys]
        if busy:
            pid = watcher.run(os.getpid)[busy[0]]
            os.kill(pid, signal.SIGKILL)
            killed.update(pid=pid, after=len(written))

    store = Store(tmp_path / "dask")
    report = ingest_paths(store, files, on_done=kill_a_busy_worker, cluster=cluster.scheduler_address)
    assert killed and killed["after"] < len(files), f"no worker was busy to kill: {killed}"
    assert killed["pid"] not in watcher.run(os.getpid).values()
    watcher.close()
    assert not report.failures, [(r.path, r.error) for r in report.failures]
    assert len(report.succeeded) == len(files)

    plain = Store(tmp_path / "plain")
    assert not ingest_paths(plain, files, file_timeout=None).failures  # in this process: no fork beside the cluster's threads
    a, b = digest(plain), digest(store)
    assert a.counts == b.counts and a.total == b.total
    assert sum(1 for g in b.counts if "/graph/bc-" in g) == len(files)


def test_the_writer_may_be_a_sparql_server(tmp_path, cluster, files, monkeypatch):
    """The cluster only extracts: this process writes into whatever store it holds."""
    monkeypatch.setenv("CHIDAO_INDEX", str(tmp_path / "index"))  # the remote store's text index
    plain = Store(tmp_path / "plain")
    assert not ingest_paths(plain, files[:3], file_timeout=None).failures
    with OxigraphServer(tmp_path / "oxigraph") as server:
        remote = RemoteStore(server.query_url)
        report = ingest_paths(remote, files[:3], cluster=cluster.scheduler_address)
        assert len(report.succeeded) == 3 and not report.failures
        a, b = digest(plain), digest(remote)
        remote.close()
    assert a.counts == b.counts and a.total == b.total


def _kills_its_worker(path: str):
    """Runs in a Dask worker's extraction process: 'poison' files kill that worker outright."""
    if "poison" in path:
        os.kill(os.getppid(), signal.SIGKILL)
    return extract_file(path)


def test_a_file_that_kills_its_workers_is_that_files_failure(tmp_path, cluster, files):
    poison = tmp_path / "poison.txt"
    poison.write_text(files[0].read_text(encoding="utf-8"), encoding="utf-8")
    results = []
    extract_on_cluster(cluster.scheduler_address, [str(poison), *map(str, files[:3])], _kills_its_worker,
                       lambda done: results.append(done[0]), file_timeout=60)
    by_path = {r.path: r for r in results}
    assert len(results) == 4 and all(by_path[str(f)].ok for f in files[:3])
    assert not by_path[str(poison)].ok and "2 Dask workers died extracting it (KilledWorker)" in by_path[str(poison)].error


def _stored(log: Path) -> int:
    """Documents written so far, as the progress bar counts them."""
    return max((int(n) for n in re.findall(r"(\d+)/12 \[", log.read_text(errors="replace"))), default=0)


SMALL_BATCHES = "import chidao.batch_writer as b; b.BATCH_DOCUMENTS = 2\nfrom chidao.cli import main; main()"


def test_killing_the_ingesting_process_keeps_what_is_written_and_a_rerun_finishes(tmp_path, files):
    store, log = tmp_path / "store", tmp_path / "stderr.txt"
    with open(log, "w") as err:
        proc = subprocess.Popen([sys.executable, "-c", SMALL_BATCHES, "ingest", "--store", str(store), "--cluster", "local:2",
                                 *map(str, files)], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err)
        deadline = time.monotonic() + 120
        while proc.poll() is None and time.monotonic() < deadline and _stored(log) < 4:
            time.sleep(0.02)
        cluster = psutil.Process(proc.pid).children(recursive=True)  # Dask workers and their extraction processes
        proc.kill()
        proc.wait()
    assert cluster, "the LocalCluster's workers should run in child processes"
    gone, alive = psutil.wait_procs(cluster, timeout=15)
    assert not alive, f"left running after the ingest was killed: {alive}"
    stored = _stored(log)
    assert 4 <= stored < len(files)
    rerun = subprocess.run([sys.executable, "-m", "chidao.cli", "ingest", "--quiet", "--store", str(store), "--cluster", "local:2",
                            *map(str, files)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    skipped = int(re.search(r"(\d+) unchanged", rerun.stdout).group(1))
    assert stored <= skipped < len(files) and f"ingested {len(files) - skipped} document(s), 0 failed" in rerun.stdout


def test_cli_cluster_reports_broken_and_stuck_files(tmp_path, files):
    folder = tmp_path / "in"
    folder.mkdir()
    for f in files[:2]:
        (folder / f.name).write_bytes(f.read_bytes())
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 nothing")
    stuck = tmp_path / "stuck.txt"
    os.mkfifo(stuck)  # never written: its extraction waits until --file-timeout stops it (named: a folder walk skips it)
    report = tmp_path / "run.json"
    done = subprocess.run([sys.executable, "-m", "chidao.cli", "ingest", "--quiet", "--cluster", "local:2",
                           "--file-timeout", "3", "--report", str(report), "--store", str(tmp_path / "store"), str(stuck), str(folder)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"FAILED {folder / 'broken.pdf'}: not a readable PDF" in done.stderr
    assert f"FAILED {stuck}: took longer than 3 s" in done.stderr
    data = json.loads(report.read_text("utf-8"))
    assert data["summary"]["documents"] == 2 and data["summary"]["failed"] == 2, data["summary"]
