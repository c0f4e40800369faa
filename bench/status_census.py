"""How many instruments of a store get each status on a day, and how many stale citations the
audit finds (issue 12's README table).

    .venv/bin/chidao ingest --workers 2 --store ../scale-store ../shared/scale   # ~1 min
    .venv/bin/python bench/status_census.py ../scale-store [--on YYYY-MM-DD] [--show N]

Every instrument (eli:LegalResource) is asked `chidao.status.status`, the function behind
`chidao status` and /instruments/{id}/status; `--show N` prints N of each status with the
facts that decide it, for a spot check by hand.
"""
from __future__ import annotations

import argparse
import collections
import datetime as dt
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from chidao.named_queries import named_query
from chidao.status import STATUSES, status
from chidao.store import Store

_INSTRUMENTS = "SELECT DISTINCT ?i WHERE { ?i a eli:LegalResource }"


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("store")
    ap.add_argument("--on", type=dt.date.fromisoformat, default=dt.date.today())
    ap.add_argument("--show", type=int, default=0)
    args = ap.parse_args(argv)
    store = Store(args.store, read_only=True)
    start = time.perf_counter()
    instruments = [r["i"] for r in store.select(_INSTRUMENTS)]
    census: dict[str, list] = collections.defaultdict(list)
    for iri in instruments:
        found = status(store, iri, args.on)
        census[found.status].append(found)
    took = time.perf_counter() - start
    print(f"{len(instruments)} instruments on {args.on} ({took:.1f} s, {1000 * took / max(1, len(instruments)):.1f} ms each)")
    print("| status | instruments |\n|---|---|")
    for name in STATUSES:
        print(f"| {name} | {len(census[name])} |")
    stale = {(r["citing"], r["prop"], r["cited"]): r for r in store.select(named_query("stale_citations"))}
    print(f"stale citations found by the audit: {len(stale)}")
    for name in STATUSES:
        for found in census[name][:args.show]:
            print(f"\n{name}: {found.iri}")
            for r in found.because:
                print(f"   {r.effect} {r.provision or ''} by {r.by_label or r.by} from {r.from_}: "
                      f"“{' '.join((r.evidence or '').split())[:160]}”")
    for r in list(stale.values())[:args.show]:
        print(f"\nstale: {r['citingLabel']} ({r['date']}) {r['prop']} {r['citedLabel']} since {r['from']}")
        print(f"   “{' '.join(r['quote'].split())[:160]}”\n   “{' '.join((r['effectQuote'] or '').split())[:160]}”")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
