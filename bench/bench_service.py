"""Service overhead: lineage and SPARQL requests through the HTTP server versus the same work
done directly on the store, in one run.

For each workload: latency p50/p99 of sequential requests, and requests/s with concurrent
clients; every number is printed next to the direct reference and as a ratio (HTTP / direct
for latency, HTTP / direct for throughput). Direct = the same functions the routes call
(chidao.lineage.lineage + evidence; query_pool.execute), in this process, without HTTP or the
worker-process hop.

    .venv/bin/python bench/bench_service.py [--requests 200] [--clients 4]
"""
from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

from api.query_pool import QueryRequest, execute
from chidao import lineage as lineage_module
from chidao.store import Store

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "bc-18-ubnd-quang-ngai-2021.txt"
NODE = "https://w3id.org/chidao/eli/qd/2016/1395/uy-ban-nhan-dan-tinh-quang-ngai"
SPARQL = (ROOT / "chidao" / "queries" / "instruments.rq").read_text("utf-8")


def start(store: Path) -> tuple[subprocess.Popen, str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "chidao.cli", "serve", "--store", str(store), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT,
                            env={**os.environ, "CHIDAO_QUERY_WORKERS": "2"})
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            if httpx.get(url + "/search?q=1", timeout=2).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            time.sleep(0.3)
    proc.kill()
    raise SystemExit("server did not start")


def latencies(fn, n: int) -> list[float]:
    fn()  # warm up
    out = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def throughput(make_fn, clients: int, n: int) -> float:
    fns = [make_fn() for _ in range(clients)]
    per = max(1, n // clients)
    threads = [threading.Thread(target=lambda f=f: [f() for _ in range(per)]) for f in fns]
    t = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return per * clients / (time.perf_counter() - t)


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--clients", type=int, default=4)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="chidao-bench-"))
    store_dir = tmp / "store"
    subprocess.run([sys.executable, "-m", "chidao.cli", "ingest", "-q", "--store", str(store_dir), str(SAMPLE)],
                   check=True, cwd=ROOT, capture_output=True)
    proc, url = start(store_dir)
    store = Store(store_dir, read_only=True)
    req = QueryRequest(SPARQL, "json", "turtle")

    def direct_lineage():
        for e in lineage_module.lineage(store, NODE, "both", 3):
            lineage_module.evidence(store, e.subject, e.predicate, e.object)

    def direct_sparql():
        execute(store, req, 10000)

    def http(path, **kw):
        def make():
            client = httpx.Client(timeout=60)
            if kw:
                return lambda: client.post(url + path, **kw).raise_for_status()
            return lambda: client.get(url + path).raise_for_status()
        return make

    workloads = {
        "lineage (both, depth 3, with evidence)": (http(f"/lineage/{NODE}?direction=both&depth=3"),
                                                   lambda: direct_lineage),
        "SPARQL SELECT instruments.rq (JSON)": (http("/sparql", content=SPARQL.encode(), headers={
            "content-type": "application/sparql-query", "accept": "application/sparql-results+json"}),
            lambda: direct_sparql),
    }
    print(f"sample store, {args.requests} requests, {args.clients} concurrent clients; cores: {os.cpu_count()}")
    print(f"{'workload':42} {'':7} {'p50 ms':>8} {'p99 ms':>8} {'req/s':>8}")
    try:
        for name, (make_http, make_direct) in workloads.items():
            h_lat, d_lat = latencies(make_http(), args.requests), latencies(make_direct(), args.requests)
            h_tp = throughput(make_http, args.clients, args.requests)
            d_tp = throughput(make_direct, args.clients, args.requests)
            h = (pct(h_lat, 50) * 1e3, pct(h_lat, 99) * 1e3, h_tp)
            d = (pct(d_lat, 50) * 1e3, pct(d_lat, 99) * 1e3, d_tp)
            print(f"{name:42} {'HTTP':7} {h[0]:8.2f} {h[1]:8.2f} {h[2]:8.1f}")
            print(f"{'':42} {'direct':7} {d[0]:8.2f} {d[1]:8.2f} {d[2]:8.1f}")
            print(f"{'':42} {'ratio':7} {h[0] / d[0]:8.2f} {h[1] / d[1]:8.2f} {h[2] / d[2]:8.2f}")
    finally:
        proc.terminate()
        proc.wait(10)


if __name__ == "__main__":
    main()
