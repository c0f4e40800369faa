"""Lineage and paths over the typed relations between instruments, tasks and activities.

Generic over a table of relation predicates (chidao/data/lineage_relations.json), so a new
relation extracted by ingest shows up in lineage once it is listed there. Traversal is a
breadth-first walk, one SPARQL query per level with the frontier bound as VALUES (IRIs are
validated and serialised by Oxigraph, never pasted from input). Shortest paths use networkx.
The evidence for an edge is the cdo:Statement that reifies it: its mentions, and the sentence
around each mention taken from the document text.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import networkx as nx
import pyoxigraph as ox

from ontology import PREFIXES

DIRECTIONS = ("up", "down", "both")


@dataclass(frozen=True)
class Relation:
    predicate: str   # full IRI
    parent: str      # "object" | "subject": which end is upstream


@dataclass(frozen=True)
class Edge:
    """subject —predicate→ object as stated in the graph; `direction` is relative to the start node."""
    subject: str
    predicate: str
    object: str
    depth: int
    direction: str

    @property
    def parent(self) -> str:
        return self.object if relations()[self.predicate].parent == "object" else self.subject

    @property
    def child(self) -> str:
        return self.subject if self.parent == self.object else self.object


def expand(curie: str) -> str:
    prefix, _, local = curie.partition(":")
    return PREFIXES[prefix] + local


@lru_cache
def relations() -> dict[str, Relation]:
    data = json.loads(resources.files("chidao").joinpath("data", "lineage_relations.json").read_text("utf-8"))
    return {expand(r["predicate"]): Relation(expand(r["predicate"]), r["parent"]) for r in data["relations"]}


def _values(name: str, iris) -> str:
    return f"VALUES ?{name} {{ {' '.join(str(ox.NamedNode(i)) for i in iris)} }}"


def _neighbours(store, frontier: set[str], preds: list[str]) -> list[tuple[str, str, str]]:
    q = f"""SELECT DISTINCT ?s ?p ?o WHERE {{ {_values('n', frontier)} {_values('p', preds)}
              {{ ?n ?p ?o BIND(?n AS ?s) FILTER(isIRI(?o)) }} UNION {{ ?s ?p ?n BIND(?n AS ?o) }} }}"""
    return [(r["s"].value, r["p"].value, r["o"].value) for r in store.query(q)]


def lineage(store, node: str, direction: str = "both", depth: int = 3,
            predicates: list[str] | None = None) -> list[Edge]:
    """Edges reachable from `node`: up (what drives it, towards the roots), down (what implements,
    amends, funds or reports on it), or both; at most `depth` steps from the node."""
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {DIRECTIONS}")
    table = relations()
    preds = predicates or list(table)
    edges: dict[tuple, Edge] = {}
    for way in (("up", "down") if direction == "both" else (direction,)):
        seen, frontier = {node}, {node}
        for level in range(1, depth + 1):
            if not frontier:
                break
            nxt = set()
            for s, p, o in _neighbours(store, frontier, preds):
                parent = o if table[p].parent == "object" else s
                child = s if parent == o else o
                here, there = (child, parent) if way == "up" else (parent, child)
                if here in frontier and (s, p, o) not in edges:
                    edges[(s, p, o)] = Edge(s, p, o, level, way)
                    if there not in seen:
                        seen.add(there)
                        nxt.add(there)
            frontier = nxt
    return sorted(edges.values(), key=lambda e: (e.direction, e.depth, e.subject, e.predicate, e.object))


def relation_graph(store, predicates: list[str] | None = None) -> nx.MultiDiGraph:
    """All relation edges as a networkx MultiDiGraph (key = predicate IRI)."""
    preds = predicates or list(relations())
    g = nx.MultiDiGraph()
    for r in store.query(f"SELECT DISTINCT ?s ?p ?o WHERE {{ {_values('p', preds)} ?s ?p ?o FILTER(isIRI(?o)) }}"):
        g.add_edge(r["s"].value, r["o"].value, key=r["p"].value)
    return g


def shortest_path(store, source: str, target: str) -> list[Edge] | None:
    """The fewest typed edges linking two nodes, whichever way each edge points; None if unlinked."""
    g = relation_graph(store)
    if source not in g or target not in g:
        return None
    try:
        nodes = nx.shortest_path(g.to_undirected(as_view=True), source, target)
    except nx.NetworkXNoPath:
        return None
    path = []
    for i, (a, b) in enumerate(zip(nodes, nodes[1:]), 1):
        if g.has_edge(a, b):
            path.append(Edge(a, next(iter(g[a][b])), b, i, "forward"))
        else:
            path.append(Edge(b, next(iter(g[b][a])), a, i, "backward"))
    return path


_SENTENCE_END = re.compile(r"[.!?;]\s|\n")


def sentence_around(text: str, start: int, end: int, limit: int = 400) -> str:
    """The sentence (or line) holding text[start:end], at most `limit` characters around it."""
    left = max((m.end() for m in _SENTENCE_END.finditer(text, max(0, start - limit), start)), default=max(0, start - limit))
    m = _SENTENCE_END.search(text, end, min(len(text), end + limit))
    right = m.start() + 1 if m else min(len(text), end + limit)
    return re.sub(r"\s+", " ", text[left:right]).strip()


def evidence(store, s: str, p: str, o: str) -> list[dict]:
    """The mentions stating s p o: document, offsets, quoted words and the sentence around them."""
    q = """SELECT DISTINCT ?doc ?source ?begin ?end ?quote ?text WHERE {
      ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; cdo:evidence ?m .
      ?m nif:beginIndex ?begin ; nif:endIndex ?end ; nif:referenceContext ?doc .
      OPTIONAL { ?m nif:anchorOf ?quote }
      OPTIONAL { ?doc nif:isString ?text } OPTIONAL { ?doc dcterms:source ?source }
    } ORDER BY ?doc ?begin"""
    out = []
    for r in store.select(q, s=ox.NamedNode(s), p=ox.NamedNode(p), o=ox.NamedNode(o)):
        text = r.pop("text") or ""
        r["sentence"] = sentence_around(text, r["begin"], r["end"]) if text else r["quote"]
        out.append(r)
    return out
