"""Ingest throughput of the seed pipeline against a plain regex scan of the same text.

The reference is what any script does first: one pass of the citation-symbol and date
regexes over the text. The pipeline reads, recognises, resolves, runs the deep extraction
(sections, relations, tasks, agencies, figures, places) and builds the RDF graph with
provenance. Both run in this process on the same text, so the ratio is comparable across
machines; absolute numbers are not.

    .venv/bin/python bench/bench_ingest.py [--repeat N] [FILE ...]
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

from ingest.build import build_graph
from ingest.grammar import load_grammar
from ingest.pipeline import extract
from ingest.read import read_path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "bc-18-ubnd-quang-ngai-2021.txt"


def _timed(fn, repeat: int) -> float:
    fn()  # warm up: caches, compiled patterns, spaCy pipeline
    start = time.perf_counter()
    for _ in range(repeat):
        fn()
    return (time.perf_counter() - start) / repeat


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", type=Path, default=[SEED])
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()
    sources = [read_path(p) for p in args.files]
    size_mb = sum(len(s.text.encode("utf-8")) for s in sources) / 1e6
    g = load_grammar()
    patterns = (g.state_symbol, g.party_symbol, g.date_anywhere)

    def regex_scan() -> int:
        return sum(1 for s in sources for p in patterns for _ in p.finditer(s.text))

    def pipeline() -> int:
        return sum(len(build_graph(extract(s))) for s in sources)

    t_regex = _timed(regex_scan, args.repeat * 10)
    t_pipe = _timed(pipeline, args.repeat)
    triples = pipeline()
    print(f"documents: {len(sources)}   text: {size_mb * 1000:.1f} kB   triples: {triples}")
    print(f"regex scan : {size_mb / t_regex:9.2f} MB/s  {len(sources) / t_regex:9.1f} docs/s  ({regex_scan()} matches)")
    print(f"pipeline   : {size_mb / t_pipe:9.2f} MB/s  {len(sources) / t_pipe:9.1f} docs/s")
    print(f"ratio      : pipeline is {t_pipe / t_regex:.0f}x slower than the regex scan")


if __name__ == "__main__":
    main()
