"""Do two stores hold the same graph? Quads per graph and a hash of the sorted N-Quads of each.

For checking that one way of ingesting gives what another gives (a plain ingest against
`--cluster local:2`, the embedded store against an Oxigraph server). A store is a directory
(opened read-only) or a SPARQL endpoint URL; only SPARQL is asked (chidao.store_digest), and
run-specific facts (prov:startedAtTime, blank-node labels) are left out of the hashes.
Exit status 0 when they match, 1 when they differ.

    .venv/bin/python bench/compare_stores.py /tmp/plain /tmp/dask
    .venv/bin/python bench/compare_stores.py /tmp/plain http://127.0.0.1:7878/query
    .venv/bin/python bench/compare_stores.py /tmp/plain http://127.0.0.1:8000/sparql --page 10000  # capped answers
"""
from __future__ import annotations

import argparse
import sys
import time

from chidao.remote import RemoteStore
from chidao.store import Store
from chidao.store_digest import differences, digest


def open_any(where: str):
    return RemoteStore(where, read_only=True) if where.startswith(("http://", "https://")) else Store(where, read_only=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("store_a")
    parser.add_argument("store_b")
    parser.add_argument("--show", type=int, default=20, help="differing graphs to list")
    parser.add_argument("--page", type=int, default=None,
                        help="triples per answer, for an endpoint that caps answers (chidao serve: 10000); default: a graph per answer")
    args = parser.parse_args()
    digests = []
    for where in (args.store_a, args.store_b):
        started = time.perf_counter()
        d = digest(open_any(where), args.page)
        digests.append(d)
        print(f"{where}: {len(d.counts)} graphs, {sum(d.counts.values())} quads, sha256 {d.total} "
              f"({time.perf_counter() - started:.1f} s)")
    diff = differences(*digests)
    for line in diff[:args.show]:
        print("  " + line)
    if len(diff) > args.show:
        print(f"  … and {len(diff) - args.show} more")
    print("same" if not diff else f"DIFFERENT: {len(diff)} graph(s)")
    return 1 if diff else 0


if __name__ == "__main__":
    sys.exit(main())
