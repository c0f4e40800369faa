"""Digests of the graphs the pipeline builds for the shared corpus and the sample report.

tests/test_graph_identity.py compares every document's graph with tests/data/graph_digests.json,
written by this script: a change of extraction output must be deliberate. After fixing an
extraction bug, rerun it and name the documents whose graphs changed in the commit message:

    .venv/bin/python bench/graph_digests.py --write [--shared ../shared]
"""
from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent
DIGESTS = ROOT / "tests" / "data" / "graph_digests.json"
SAMPLE = ROOT / "examples" / "bc-18-ubnd-quang-ngai-2021.txt"
# What changes on every run or with every code change, not with the text read.
VOLATILE = ("http://www.w3.org/ns/prov#startedAtTime", "https://w3id.org/chidao/ontology#toolVersion")


def digest(nquads: bytes) -> tuple[int, str]:
    """(triples, sha256 of the sorted triples) of one graph, ignoring run time and version."""
    lines = sorted({str(q.triple) for q in ox.parse(nquads, format=ox.RdfFormat.N_QUADS)
                    if q.predicate.value not in VOLATILE})
    return len(lines), hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def corpus_files(shared: Path) -> list[Path]:
    from chidao.loading import expand_paths

    return [SAMPLE] + [p for p in expand_paths([shared / "corpus"]) if p.name != "SOURCES.md"]


def current(files: list[Path]) -> dict[str, dict]:
    """doc id → {"triples", "sha256"} (or {"error"}) for every file, as the pipeline reads it now."""
    from chidao.loading import extract_file

    out = {}
    for f in files:
        result, quads = extract_file(str(f))
        if quads is None:
            out[f.name] = {"error": result.error}
            continue
        triples, sha = digest(quads.body + quads.marker)
        out[result.doc_id] = {"triples": triples, "sha256": sha}
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--write", action="store_true", help=f"write {DIGESTS.relative_to(ROOT)}")
    args = ap.parse_args()
    now = current(corpus_files(args.shared))
    if args.write:
        DIGESTS.write_text(json.dumps(now, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    old = json.loads(DIGESTS.read_text("utf-8")) if DIGESTS.exists() else {}
    changed = sorted(k for k in set(old) | set(now) if old.get(k) != now.get(k))
    print(f"{len(now)} documents; changed since {DIGESTS.name}: {changed or 'none'}")


if __name__ == "__main__":
    main()
