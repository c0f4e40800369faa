"""SPARQL servers as the store, against the embedded store, in one run (issue 13).

Ingest: the same files into an embedded store, into an Oxigraph server (`--store URL`), through
a Dask local cluster of 2 workers into a second Oxigraph server, and into Virtuoso when it is
installed: over HTTP, and over its SQL port (one transaction per document, $CHIDAO_STORE_SQL)
into a second Virtuoso. Each run's wall time and MB/s as a ratio of the embedded one's, and its quads
compared with the embedded store's (counts per graph and a hash: chidao.store_digest).

Reading: the hub lineage (chidao.lineage.trace, one page per relation, with evidence) and a
search, p50 over N requests on each store, as ratios of the embedded store's p50.

    .venv/bin/python bench/bench_remote.py [--files ../shared/scale] [--work /tmp/bench-remote]
        [--requests 30] [--json out.json]
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

from chidao import listing
from chidao.lineage import trace
from chidao.local_servers import virtuoso_server
from chidao.local_servers.oxigraph_server import OxigraphServer
from chidao.remote import RemoteStore
from chidao.store import Store
from chidao.store_digest import differences, digest

SHARED = Path(os.environ.get("CHIDAO_SHARED", ROOT.parent / "shared"))
HUB = "https://w3id.org/chidao/eli/l/2025/63/quoc-hoi"
SEARCH = "quyet dinh 62"


def ingest(store: str, files: Path, work: Path, *extra: str, env: dict | None = None) -> float:
    """Wall seconds of `chidao ingest` (a fresh process, as a user runs it)."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "chidao.cli", "ingest", "--quiet", "--store", store, *extra, str(files)],
                   check=True, cwd=ROOT, env={**os.environ, "CHIDAO_INDEX": str(work / "index" / str(hash(store))),
                                              **(env or {})})
    return time.perf_counter() - started


def open_store(where: str):
    return RemoteStore(where, read_only=True) if where.startswith("http") else Store(where, read_only=True)


def p50(call, requests: int) -> float:
    call()  # warm: vocabulary, labels
    samples = []
    for _ in range(requests):
        started = time.perf_counter()
        call()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def reading(store, requests: int) -> dict:
    store.cache.clear() if hasattr(store, "cache") else None
    return {"lineage p50 s": p50(lambda: (store.cache.clear(), trace(store, HUB, "down", 1, per_group=50,
                                                                     evidence=True)), requests),
            "search p50 s": p50(lambda: listing.search_results(store, SEARCH, 20, 0, None), requests)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--files", type=Path, default=SHARED / "scale")
    ap.add_argument("--work", type=Path, default=Path("/tmp/bench-remote"))
    ap.add_argument("--requests", type=int, default=30)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    shutil.rmtree(args.work, ignore_errors=True)
    args.work.mkdir(parents=True)
    megabytes = sum(f.stat().st_size for f in args.files.rglob("*") if f.is_file()) / 2**20
    out: dict = {"files": str(args.files), "MB": megabytes, "ingest": {}, "reading": {}, "same quads": {}}

    embedded = str(args.work / "embedded")
    out["ingest"]["embedded"] = ingest(embedded, args.files, args.work)
    reference = digest(open_store(embedded))
    servers = [OxigraphServer(args.work / "oxigraph").start(), OxigraphServer(args.work / "oxigraph-dask").start()]
    virtuosos = [virtuoso_server.start(args.work / f"virtuoso-{n}") for n in ("http", "sql")] if virtuoso_server.binary() else []
    try:
        runs = {"Oxigraph server": (servers[0].query_url, (), {}),
                "Dask local:2 → Oxigraph server": (servers[1].query_url, ("--cluster", "local:2"), {})}
        for name, v in zip(("Virtuoso", "Virtuoso over SQL"), virtuosos):
            sql = {"CHIDAO_STORE_SQL": v.sql_address} if "SQL" in name else {}
            runs[name] = (v.query_url, (), {"CHIDAO_STORE_USER": v.user, "CHIDAO_STORE_PASSWORD": v.password, **sql})
        for name, (url, extra, env) in runs.items():
            out["ingest"][name] = ingest(url, args.files, args.work, *extra, env=env)
            diff = differences(reference, digest(open_store(url)))
            out["same quads"][name] = not diff
            print(f"{name}: {out['ingest'][name]:.1f} s, " + ("same quads" if not diff else f"{len(diff)} graphs differ"),
                  file=sys.stderr, flush=True)
        for name, where in [("embedded", embedded)] + [(n, u) for n, (u, _, _) in runs.items()
                                                        if "Dask" not in n and "SQL" not in n]:
            out["reading"][name] = reading(open_store(where), args.requests)
    finally:
        for s in servers:
            s.stop()
        for v in virtuosos:
            v.stop()
    print(report(out))
    if args.json:
        args.json.write_text(json.dumps(out, indent=2))


def report(out: dict) -> str:
    base = out["ingest"]["embedded"]
    lines = [f"{out['files']}: {out['MB']:.1f} MB", "", "| ingest | wall s | MB/s | × embedded time | same quads |",
             "|---|---|---|---|---|"]
    for name, secs in out["ingest"].items():
        same = "—" if name == "embedded" else ("yes" if out["same quads"][name] else "NO")
        lines.append(f"| {name} | {secs:.1f} | {out['MB'] / secs:.2f} | {secs / base:.2f}× | {same} |")
    ref = out["reading"]["embedded"]
    lines += ["", "| reading | hub lineage p50 ms | × embedded | search p50 ms | × embedded |", "|---|---|---|---|---|"]
    for name, r in out["reading"].items():
        lines.append(f"| {name} | {r['lineage p50 s'] * 1000:.1f} | {r['lineage p50 s'] / ref['lineage p50 s']:.2f}× "
                     f"| {r['search p50 s'] * 1000:.1f} | {r['search p50 s'] / ref['search p50 s']:.2f}× |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
