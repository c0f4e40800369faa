"""Ingest throughput: the pipeline against a plain regex scan of the same text, per stage, and a
whole-corpus batch ingest on 2 workers.

The reference is what any script does first: one pass of the citation-symbol and date regexes
over the text. The pipeline reads nothing from disk here: it segments, recognises, resolves,
relates and builds the N-Quads of each document, as a worker hands them to the writer. Both run
in this process on the same texts, so the ratio is comparable across machines;
absolute numbers are not. Targets (issue 10): ≥ 1 MB/s per core and within 20× of the regex
scan on the sample and on ../shared/scale/gazette; the whole ../shared/scale on 2 workers in
≤ 60 s with peak RSS ≤ 1 GB.

    .venv/bin/python bench/bench_ingest.py                 # sample, gazette, whole scale corpus
    .venv/bin/python bench/bench_ingest.py --skip-batch    # throughput only
    .venv/bin/python bench/bench_ingest.py FILE ...        # throughput on these files
"""
from __future__ import annotations

import argparse
import collections
import functools
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

import ingest.pipeline as pipeline
from chidao.loading import warm_up
from ingest.read.files import ReadError, read_path
from ingest.tables.grammar import load_grammar

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "bc-18-ubnd-quang-ngai-2021.txt"
SHARED = ROOT.parent / "shared"
STAGES = ("segment", "recognize", "resolve", "relate", "tables", "build")


def sources(paths: list[Path]):
    out = []
    for p in paths:
        try:
            out.append(read_path(p))
        except ReadError:
            pass  # not text (reported by ingest); the bench measures what is read
    return out


class StageClock:
    """Times every stage function the pipeline calls, by the stage package it comes from.

    Wraps the names `ingest.pipeline` imported (the pipeline itself is unchanged); a stage
    called from inside another is counted once, in the outer one."""

    def __init__(self):
        self.seconds: collections.Counter = collections.Counter()
        self._depth = 0
        self._saved = {}
        for name, fn in vars(pipeline).items():
            module = getattr(fn, "__module__", "") or ""
            stage = module.split(".")[1] if module.startswith("ingest.") else None
            if callable(fn) and stage in STAGES and name != "build":
                self._saved[name] = fn
                setattr(pipeline, name, self._wrap(fn, stage))

    def _wrap(self, fn, stage):
        @functools.wraps(fn)
        def timed(*args, **kwargs):
            if self._depth:
                return fn(*args, **kwargs)
            self._depth += 1
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.seconds[stage] += time.perf_counter() - start
                self._depth -= 1
        return timed

    def restore(self):
        for name, fn in self._saved.items():
            setattr(pipeline, name, fn)


def worker_job(source) -> int:
    """What an ingest worker does with a read document: extract, then build its N-Quads."""
    return len(pipeline.build(pipeline.extract(source)))


def throughput(label: str, docs: list, repeat: int) -> dict:
    size_mb = sum(len(s.text.encode("utf-8")) for s in docs) / 1e6
    g = load_grammar()
    patterns = (g.state_symbol, g.party_symbol, g.date_anywhere)
    warm_up()  # as an ingest worker starts: tables loaded, then frozen out of the GC's sight

    start = time.perf_counter()
    for _ in range(repeat * 5):
        matches = sum(1 for s in docs for p in patterns for _ in p.finditer(s.text))
    t_regex = (time.perf_counter() - start) / (repeat * 5)

    clock = StageClock()
    other = collections.Counter()
    start = time.perf_counter()
    quads = 0
    try:
        for _ in range(repeat):
            for s in docs:
                t0 = time.perf_counter()
                ex = pipeline.extract(s)
                t1 = time.perf_counter()
                built = pipeline.build(ex)
                other["extract"] += t1 - t0
                other["build"] += time.perf_counter() - t1
                quads += built.count(b"\n")
    finally:
        clock.restore()
    t_pipe = (time.perf_counter() - start) / repeat
    print(f"\n== {label}: {len(docs)} documents, {size_mb:.2f} MB, {quads // repeat} quads")
    print(f"regex scan : {size_mb / t_regex:8.2f} MB/s   ({matches} matches)")
    print(f"pipeline   : {size_mb / t_pipe:8.2f} MB/s   {len(docs) / t_pipe:8.1f} docs/s   "
          f"({t_pipe / t_regex:.1f}x the regex scan's time)")
    total = sum(other.values())
    rows = [(stage, clock.seconds[stage]) for stage in STAGES if clock.seconds[stage]]
    rows.append(("extract, not in a stage", other["extract"] - sum(clock.seconds.values())))
    rows.append(("build (N-Quads)", other["build"]))
    for stage, seconds in rows:
        print(f"   {stage:24s} {seconds / repeat:7.2f} s  {100 * seconds / total:5.1f} %")
    return {"mb_s": size_mb / t_pipe, "ratio": t_pipe / t_regex}


def measured(cmd: list[str]) -> tuple[float, float, int]:
    """Run `cmd`: (wall seconds, peak memory of its process tree in GiB, exit code). Memory is
    sampled every 100 ms as the sum of each process's proportional set size: forked workers
    share the tables' pages with the parent, and a sum of RSS would count those pages once per
    process."""
    start = time.perf_counter()
    proc = psutil.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # failures: in the report
    peak = 0
    stop = threading.Event()

    def sample():
        nonlocal peak
        while not stop.is_set():
            try:
                tree = [proc] + proc.children(recursive=True)
                peak = max(peak, sum(p.memory_full_info().pss for p in tree if p.is_running()))
            except psutil.Error:
                pass
            stop.wait(0.1)

    watcher = threading.Thread(target=sample, daemon=True)
    watcher.start()
    code = proc.wait()
    wall = time.perf_counter() - start
    stop.set()
    watcher.join()
    return wall, peak / 2**30, code


def batch(corpus: Path, workers: int) -> dict:
    """`chidao ingest --workers N` of the whole folder into a fresh store: wall time and peak memory."""
    with tempfile.TemporaryDirectory(dir=ROOT.parent) as tmp:
        wall, peak, code = measured([str(Path(sys.executable).parent / "chidao"), "ingest", "--quiet", "--workers",
                                     str(workers), "--store", str(Path(tmp) / "store"), str(corpus)])
    size = sum(p.stat().st_size for p in corpus.rglob("*") if p.is_file()) / 1e6
    print(f"\n== batch: chidao ingest --workers {workers} {corpus} (exit {code}: 1 when some files failed)")
    print(f"wall {wall:6.1f} s   {size / wall:5.2f} MB/s of files   peak memory {peak:5.2f} GiB (PSS of the process tree)")
    return {"wall": wall, "peak_gib": peak, "exit": code}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--shared", type=Path, default=SHARED)
    ap.add_argument("--skip-batch", action="store_true")
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    if args.files:
        throughput("given files", sources(args.files), args.repeat)
        return
    throughput("sample report", sources([SAMPLE]), args.repeat * 10)
    gazette = args.shared / "scale" / "gazette"
    if gazette.is_dir():
        throughput("scale/gazette", sources(sorted(gazette.glob("*.txt"))), args.repeat)
    if not args.skip_batch and (args.shared / "scale").is_dir():
        batch(args.shared / "scale", args.workers)


if __name__ == "__main__":
    main()
