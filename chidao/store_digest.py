"""What two stores hold, made comparable: quads per graph and a hash of the sorted N-Quads.

Asked in SPARQL only, one graph at a time (in ordered pages for an endpoint that caps the
rows of an answer), so it works the same on the embedded store and behind an endpoint.
Two kinds of difference are run-specific and left out: `prov:startedAtTime` (when a document
was read) and blank-node labels (each load of the vocabulary's OWL lists names them anew; a
blank node is hashed as `_:`). bench/compare_stores.py prints the comparison.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import httpx
import pyoxigraph as ox

from chidao.store import Store

RUN_SPECIFIC = ("http://www.w3.org/ns/prov#startedAtTime",)
COUNTS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
_BLANK = re.compile(rb"_:[A-Za-z0-9_.-]+")


@dataclass(frozen=True)
class Digest:
    counts: dict[str, int]  # graph IRI → quads (run-specific ones included: they are counted, not hashed)
    graphs: dict[str, str]  # graph IRI → sha256 of its sorted N-Triples, run-specific facts left out

    @property
    def total(self) -> str:
        """One hash of every graph's: equal exactly when every graph's sorted quads are."""
        lines = "".join(f"{g} {h}\n" for g, h in sorted(self.graphs.items()))
        return hashlib.sha256(lines.encode()).hexdigest()


def digest(store, page: int | None = None) -> Digest:
    """`store`: a chidao Store, or a remote store with `select` and its SPARQL `endpoint`.
    `page`: triples per answer, for an endpoint that caps answers (a chidao service: 10,000)."""
    documents = set(store.graphs())  # a server's own graphs and a writers' generation left out
    counts = {r["g"]: r["n"] for r in store.select(COUNTS) if r["g"] in documents}
    return Digest(counts, {g: _graph_hash(store, g, n, page) for g, n in sorted(counts.items())})


def _graph_hash(store, graph: str, quads: int, page: int | None) -> str:
    """A graph in one answer, or in pages when it holds more than `page` quads: pages need an
    order, and each ORDER BY sorts the whole graph (a 200,000-quad graph took minutes in pages)."""
    skip = ", ".join(f"<{p}>" for p in RUN_SPECIFIC)
    construct = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o FILTER(?p NOT IN ({skip})) }} }}"
    pages = [construct] if page is None or quads <= page else \
        [f"{construct} ORDER BY ?s ?p ?o LIMIT {page} OFFSET {offset}" for offset in range(0, quads, page)]
    lines = [_BLANK.sub(b"_:", line) for query in pages for line in _ntriples(store, query).splitlines() if line.strip()]
    return hashlib.sha256(b"\n".join(sorted(lines))).hexdigest()


def _ntriples(store, construct: str) -> bytes:
    if isinstance(store, Store):
        return store.query(construct).serialize(format=ox.RdfFormat.N_TRIPLES)
    r = httpx.post(store.endpoint, data={"query": construct}, headers={"Accept": "application/n-triples"}, timeout=300,
                   auth=store.endpoints.auth or httpx.USE_CLIENT_DEFAULT)
    r.raise_for_status()
    return _canonical(r.content)


def _canonical(ntriples: bytes) -> bytes:
    """N-Triples as Oxigraph writes them: a server may separate terms by tabs, escape letters
    (\\u1EDF) and keep a derived integer type (Virtuoso: xsd:nonNegativeInteger, which Oxigraph
    stores as the xsd:integer of the same value)."""
    scratch = ox.Store()
    scratch.load(ntriples, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())
    return scratch.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())


def differences(a: Digest, b: Digest) -> list[str]:
    """One line per graph whose count or content differs (empty: the stores hold the same)."""
    out = []
    for g in sorted(a.counts.keys() | b.counts.keys()):
        na, nb = a.counts.get(g, 0), b.counts.get(g, 0)
        if na != nb:
            out.append(f"{g}: {na} quads vs {nb} ({nb - na:+d})")
        elif a.graphs.get(g) != b.graphs.get(g):
            out.append(f"{g}: {na} quads in both, contents differ")
    return out
