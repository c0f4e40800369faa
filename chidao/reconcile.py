"""Cross-document identity: link a bare mention to the one dated instrument it must denote.

Instrument IRIs are built from (type, year, number, issuer); a citation without a date gets
year "_" ("Quyết định số 1395/QĐ-UBND" → …/eli/qd/_/1395/uy-ban-nhan-dan-tinh-quang-ngai). When
the store holds exactly one dated instrument with the same type, number and issuer, the two
are the same instrument (laws cited by name only are left alone: "Luật Doanh nghiệp" names
the 2005, 2014 and 2020 laws alike): we state `bare owl:sameAs dated` in a
derived graph of its own, rebuilt after every ingest. Why links and not rewritten IRIs: each
document graph stays exactly what was read from that document (re-ingesting one file never
touches another's graph), the link is undone automatically when the dated document is removed
or a second candidate appears (ambiguity → no link: the same symbol from two provinces stays
two nodes), and queries that want merged nodes follow owl:sameAs explicitly.
"""
from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox

from chidao.store import DocumentQuads, Store
from ingest import iris
from ontology import CDO

RECONCILE_GRAPH = iris.graph("reconciliation")


def same_as_pairs(instruments: list[str]) -> list[tuple[str, str]]:
    """(bare, dated) pairs among instrument IRIs: unique dated match by type/number/issuer.

    An unknown issuer ("_") matches any issuer, but only when the candidate is unique."""
    dated: dict[tuple, list[str]] = defaultdict(list)
    by_type_rest: dict[tuple, list[str]] = defaultdict(list)
    bare: list[tuple[str, tuple]] = []
    for iri in instruments:
        parts = iris.parse_instrument(iri)
        if parts is None:
            continue
        type_code, year, rest = parts
        if len(rest) < 2:  # named only ("Luật Doanh nghiệp"): each revision keeps the name
            continue
        if year == iris.UNKNOWN:
            bare.append((iri, (type_code, rest)))
        else:
            dated[(type_code, rest)].append(iri)
            if len(rest) == 2:
                by_type_rest[(type_code, rest[0])].append(iri)
    pairs = []
    for iri, key in bare:
        type_code, rest = key
        if len(rest) == 2 and rest[1] == iris.UNKNOWN:
            candidates = by_type_rest.get((type_code, rest[0]), [])
        else:
            candidates = dated.get(key, [])
        if len(set(candidates)) == 1:
            pairs.append((iri, candidates[0]))
    return pairs


def reconcile(store: Store) -> int:
    """Rebuild the derived graph for the whole store; returns the number of owl:sameAs links.

    The graph also flags the instruments given two dates that no graph flags yet
    (cdo:hasDateConflict): two documents disagree, or two rows of a register (a document's own
    conflict is flagged in its graph): both dates stay, each with its evidence."""
    rows = store.select("SELECT DISTINCT ?i WHERE { ?i a eli:LegalResource }")
    pairs = same_as_pairs([r["i"] for r in rows])
    lines = [f"<{a}> <http://www.w3.org/2002/07/owl#sameAs> <{b}> ." for a, b in pairs]
    # any flag, not `… hasDateConflict true`: flags are only written true, and Virtuoso matches
    # no stored boolean against the literal true (docs/virtuoso.md)
    conflicts = store.select(f"""SELECT ?i WHERE {{ GRAPH ?g {{ ?i eli:date_document ?d }} FILTER(?g != <{RECONCILE_GRAPH}>)
        FILTER NOT EXISTS {{ GRAPH ?h {{ ?i cdo:hasDateConflict ?flagged }} FILTER(?h != <{RECONCILE_GRAPH}>) }} }}
        GROUP BY ?i HAVING (COUNT(DISTINCT ?d) > 1)""")
    lines += [_flag(r["i"]) for r in conflicts]
    store.replace_graph_nt(RECONCILE_GRAPH, "\n".join(lines))
    return len(pairs)


_DATE = b"<http://data.europa.eu/eli/ontology#date_document>"


def _flag(instrument: str) -> str:
    return f"<{instrument}> <{CDO.hasDateConflict}> \"true\"^^<http://www.w3.org/2001/XMLSchema#boolean> ."


class ConflictFlags:
    """Date conflicts flagged before the documents that cause them are written.

    `reconcile` runs once a batch ingest ends; a kill before that left instruments with two
    dates from two documents and no flag, a store `chidao validate` rejects. So before each
    batch is written, the instruments it will give a second date are flagged (added to the
    derived graph, one transaction): whatever part of the batch a kill lets through, every
    conflict in the store is flagged. A flag whose conflict is not stored yet, or that a
    document's graph also states, is harmless (the shape asks for a flag where there are two
    dates, not the converse); the final reconcile rebuilds the graph exactly."""

    def __init__(self, store: Store):
        self.store = store
        self.dates: dict[str, set[str]] = defaultdict(set)
        for r in store.select(f"""SELECT ?i ?d WHERE {{ GRAPH ?g {{ ?i eli:date_document ?d }}
                                  FILTER(?g != <{RECONCILE_GRAPH}>) }}"""):
            self.dates[r["i"]].add(r["d"])
        self.flagged = {r["i"] for r in store.select("SELECT DISTINCT ?i WHERE { GRAPH ?g { ?i cdo:hasDateConflict ?flagged } }")}

    def before_write(self, documents: list[DocumentQuads]) -> None:
        for d in documents:
            lines = b"".join(line + b"\n" for line in d.body.splitlines() if _DATE in line)
            for q in ox.parse(lines, format=ox.RdfFormat.N_QUADS):
                self.dates[q.subject.value].add(q.object.value)
        new = sorted(i for i, dates in self.dates.items() if len(dates) > 1 and i not in self.flagged)
        if new:
            self.store.add_triples(RECONCILE_GRAPH, "\n".join(map(_flag, new)))
            self.flagged.update(new)
