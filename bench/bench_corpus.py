"""Throughput of a whole-corpus ingest with one and with two worker processes, in one run.

Each run starts from an empty store and ingests every document of ../shared/corpus (read,
extract, build, one atomic graph replacement per document); the ratio between the two runs is
the number to compare across machines, the absolute rates depend on the machine.

    python bench/bench_corpus.py [CORPUS_DIR] [--repeat N]
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from chidao.loading import expand_paths, ingest_paths
from chidao.store import Store

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
SOURCES = ("congbot", "congbao8chude", "tvpl_johnpa02", "readability_ws")


def run(files: list[Path], workers: int) -> tuple[float, int, int]:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "store")
        t0 = time.perf_counter()
        report = ingest_paths(store, files, workers=workers, force=True)
        elapsed = time.perf_counter() - t0
        assert not report.failures, report.failures
        return elapsed, len(report.succeeded), sum(r.size for r in report.succeeded)


def main(argv: list[str]) -> int:
    repeat = int(argv[argv.index("--repeat") + 1]) if "--repeat" in argv else 1
    args = [a for i, a in enumerate(argv) if not a.startswith("--") and (i == 0 or argv[i - 1] != "--repeat")]
    corpus = Path(args[0]) if args else DEFAULT_CORPUS
    if not corpus.is_dir():
        print(f"corpus not found at {corpus}; nothing to measure")
        return 0
    files = expand_paths([corpus / s for s in SOURCES if (corpus / s).is_dir()])
    run(files[:3], 1)  # warm-up: imports, spaCy, data tables
    best: dict[int, tuple[float, int, int]] = {}
    for _ in range(repeat):
        for workers in (1, 2):
            r = run(files, workers)
            if workers not in best or r[0] < best[workers][0]:
                best[workers] = r
    print(f"{'workers':>7} {'docs':>5} {'MB':>6} {'seconds':>8} {'docs/s':>7} {'MB/s':>6}")
    for workers, (sec, docs, size) in sorted(best.items()):
        print(f"{workers:7} {docs:5} {size / 1e6:6.2f} {sec:8.2f} {docs / sec:7.1f} {size / 1e6 / sec:6.3f}")
    print(f"speed-up with 2 workers: {best[1][0] / best[2][0]:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
