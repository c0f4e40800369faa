"""Batch ingest: parallel workers, a JSON report, resume by content hash, and a kill mid-way."""
from __future__ import annotations

import gc
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner

from chidao.cli import main
from chidao.loading import ingest_paths
from chidao.store import Store
from ingest.pipeline import graph_for_path

DOC_GRAPH = "https://w3id.org/chidao/graph/"


def _copies(sample: Path, folder: Path, n: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    text = sample.read_text(encoding="utf-8")
    out = []
    for i in range(n):
        p = folder / f"bc-{i:03d}.txt"
        p.write_text(text.replace("18/BC-UBND", f"{100 + i}/BC-UBND", 1), encoding="utf-8")
        out.append(p)
    return out


def _doc_graphs(store: Store) -> dict[str, int]:
    rows = store.select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
                        "FILTER(STRSTARTS(STR(?g), 'https://w3id.org/chidao/graph/bc-')) } GROUP BY ?g")
    return {r["g"]: r["n"] for r in rows}


def test_parallel_ingest_report_and_resume(tmp_path, sample_path):
    files = _copies(sample_path, tmp_path / "in", 4)
    (tmp_path / "in" / "broken.pdf").write_bytes(b"%PDF-1.4 nothing")
    report_file = tmp_path / "run.json"
    store_dir = tmp_path / "store"
    result = CliRunner().invoke(main, ["ingest", "--store", str(store_dir), "--workers", "2", "--quiet",
                                       "--report", str(report_file), str(tmp_path / "in")])
    assert result.exit_code == 1, result.output  # one file failed
    data = json.loads(report_file.read_text(encoding="utf-8"))
    assert data["summary"]["documents"] == 4 and data["summary"]["failed"] == 1
    assert data["summary"]["instruments"] > 4 and data["summary"]["relations"] > 0
    failed = [f for f in data["files"] if not f["ok"]]
    assert failed[0]["path"].endswith("broken.pdf") and "PDF" in failed[0]["error"]
    del result
    gc.collect()  # the first run's Store (held by the SystemExit traceback) releases the lock
    again = CliRunner().invoke(main, ["ingest", "--store", str(store_dir), "--quiet", *map(str, files)])
    assert again.exit_code == 0 and "4 unchanged (skipped)" in again.output


def test_killed_batch_leaves_whole_documents_and_rerun_finishes(tmp_path, sample_path):
    total = 120
    files = _copies(sample_path, tmp_path / "in", total)
    expected = len(graph_for_path(files[0])[1])  # every copy yields the same number of triples
    store_dir, log = tmp_path / "store", tmp_path / "stderr.txt"
    cmd = [sys.executable, "-c", "from chidao.cli import main; main()", "ingest", "--store", str(store_dir),
           "--workers", "1", str(tmp_path / "in")]
    with open(log, "w") as err:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            done = [int(n) for n in re.findall(rf"(\d+)/{total}", log.read_text(errors="replace"))]
            if done and max(done) >= 10:
                break
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    store = Store(store_dir)
    graphs = _doc_graphs(store)
    assert 0 < len(graphs) < total, "the kill should land mid-batch"
    assert set(graphs.values()) == {expected}, "a document graph is incomplete"
    del store
    report = ingest_paths(Store(store_dir), [tmp_path / "in"], workers=2)
    assert not report.failures
    assert len(report.skipped) == len(graphs) and len(report.succeeded) == total - len(graphs)
    final = _doc_graphs(Store(store_dir))
    assert len(final) == total and set(final.values()) == {expected}
