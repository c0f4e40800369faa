"""Which node a person means by what they typed — one answer for the page (/search), the CLI
(`lineage`, `status`, `summary`) and Python (`kg.resolve`, `kg.find`).

Exact references come first: an IRI, "task 2" / "nhiệm vụ 2" / "kiến nghị 1" (a numbered item
of a report), a symbol however it is spaced or accented. Then the ranked full-text hits
(chidao.search): "QĐ 1395", "quyet dinh 1395", "1395", title words. The best node is named only
when it stands out (one exact match, or a hit clearly ahead of the next); otherwise the caller
shows the candidates ("did you mean …").
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import pyoxigraph as ox

from chidao import search
from chidao.search import Hit
from chidao.textindex import KIND_CLASSES
from ingest.tables.text import fold
from ontology import expand

# What a numbered item of a report is called (folded words) → its kind.
ITEM_WORDS = {"task": "task", "nhiem vu": "task", "nv": "task",
              "recommendation": "recommendation", "kien nghi": "recommendation", "kn": "recommendation",
              "de xuat": "recommendation"}
_ITEM = re.compile(rf"^(?P<word>{'|'.join(sorted(ITEM_WORDS, key=len, reverse=True))})[\s\-_#:.]*(?:so\s*)?(?P<n>\d+)$")
EXACT_SCORE = search.EXACT_SYMBOL_BONUS  # shown for an exact reference the ranking did not score
CLEAR_LEAD = search.PHRASE_BONUS  # a ranked hit is the one meant when this far ahead of the next
CANDIDATES = 5  # "did you mean" rows
MAX_EXACT = 50  # items of one number (a "task 2" in every report) listed as candidates

_ITEMS = "SELECT DISTINCT ?node WHERE { ?node cdo:ordinal ?n ; a ?cls } LIMIT %d"
_SYMBOL = "SELECT DISTINCT ?node WHERE { ?node eli:id_local ?symbol } LIMIT %d"
_CLASSES = "SELECT DISTINCT ?c WHERE { ?node a ?c }"


@dataclass(frozen=True)
class Resolution:
    ref: str
    best: str | None  # the node meant, when one stands out
    candidates: list[Hit]  # best first (exact references, then ranked hits)

    @property
    def ambiguous(self) -> bool:
        return self.best is None and bool(self.candidates)


def exact(store, ref: str, kinds=None) -> list[Hit]:
    """Nodes `ref` names exactly: an IRI, a numbered task or recommendation, a symbol. Works
    with `select` alone (a remote endpoint); the text index, when there, knows every spelling
    of a symbol."""
    ref = ref.strip()
    if ref.startswith(("http://", "https://")):
        return _kept([Hit(ref, _kind(store, ref), EXACT_SCORE)], kinds)
    m = _ITEM.match(fold(ref))
    if m:
        kind = ITEM_WORDS[m.group("word")]
        rows = store.select(_ITEMS % MAX_EXACT, n=ox.Literal(m.group("n"), datatype=ox.NamedNode(expand("xsd:integer"))),
                            cls=ox.NamedNode(expand(KIND_CLASSES[kind])))
        return _kept([Hit(r["node"], kind, EXACT_SCORE) for r in sorted(rows, key=lambda r: r["node"])], kinds)
    if hasattr(store, "search_index"):
        nodes = sorted(search.by_symbol(store.search_index(), ref))[:MAX_EXACT]
    else:  # a remote store: the symbol as written
        nodes = sorted(r["node"] for r in store.select(_SYMBOL % MAX_EXACT, symbol=ref))
    return _kept([Hit(n, _kind(store, n), EXACT_SCORE) for n in nodes], kinds)


def _kind(store, iri: str) -> str:
    classes = {r["c"] for r in store.select(_CLASSES, node=ox.NamedNode(iri))}
    return next((k for k, c in KIND_CLASSES.items() if expand(c) in classes), "other")


def _kept(hits: list[Hit], kinds) -> list[Hit]:
    wanted = set(search.kind_names(kinds))
    return [h for h in hits if not wanted or h.kind in wanted]


def _ranked_hits(store, ref: str, limit: int, kinds) -> list[Hit]:
    if hasattr(store, "search_index"):
        return search.search(store.search_index(), ref, limit, 0, kinds)
    if hasattr(store, "search"):  # a remote chidao service ranks on its side
        return [Hit(r["id"], r["kind"], r["score"], r.get("snippet")) for r in store.search(ref, limit)]
    return []


def ranked(store, ref: str, limit: int = 20, offset: int = 0, kinds=None) -> list[Hit]:
    """What /search lists: the exact references first, then the ranked hits, each node once."""
    first = exact(store, ref, kinds)
    seen = {h.iri: h for h in _ranked_hits(store, ref, limit + offset + len(first), kinds)}
    hits = [Hit(h.iri, h.kind, seen[h.iri].score if h.iri in seen else h.score,
                seen[h.iri].snippet if h.iri in seen else None) for h in first]
    named = {h.iri for h in first}
    hits += [h for h in seen.values() if h.iri not in named]
    return hits[offset:offset + limit]


def resolve(store, ref: str, limit: int = CANDIDATES) -> Resolution:
    """The node `ref` means, when one stands out, and the candidates, best first."""
    first = exact(store, ref)
    if first:
        return Resolution(ref, first[0].iri if len(first) == 1 else None, first[:max(limit, len(first))])
    hits = _ranked_hits(store, ref, limit, None)
    clear = len(hits) == 1 or (len(hits) > 1 and hits[0].score - hits[1].score >= CLEAR_LEAD)
    return Resolution(ref, hits[0].iri if clear else None, hits)
