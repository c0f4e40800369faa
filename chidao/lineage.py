"""Lineage: what drives an instrument or task (up) and what it drives (down), with evidence.

One module for the CLI, the HTTP API and notebooks. It only calls `store.select`, so it works
on the embedded store and on a remote SPARQL endpoint alike. The relations it follows are
data (chidao/data/lineage_relations.json): each says which end is upstream ("A implements
B": B drives A; "A promulgates B": A drives B). Plain citations (eli:cites) are listed there
but not followed unless asked for: every report cites what it mentions, which says nothing
about what drives what. Traversal is breadth first, one query per level with the frontier
bound as VALUES; shortest paths use networkx.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

import networkx as nx
import pyoxigraph as ox

from ingest.text import fold
from ontology import CDO, PREFIXES

DIRECTIONS = ("up", "down", "both")
_SAFE_IRI = re.compile(r"^https?://[^\s<>\"{}|^`\\]+$")


@dataclass(frozen=True)
class Relation:
    predicate: str  # full IRI
    curie: str
    parent: str  # "object" | "subject": which end is upstream
    followed: bool  # followed by default


@lru_cache(maxsize=1)
def relations() -> dict[str, Relation]:
    data = json.loads(resources.files("chidao").joinpath("data", "lineage_relations.json").read_text("utf-8"))
    return {expand(r["predicate"]): Relation(expand(r["predicate"]), r["predicate"], r["parent"],
                                             r.get("followed", True))
            for r in data["relations"]}


def expand(curie: str) -> str:
    prefix, _, local = curie.partition(":")
    return PREFIXES[prefix] + local


@dataclass(frozen=True)
class Edge:
    """subject —predicate→ object as stated; `direction`/`depth` are relative to the start node."""

    subject: str
    predicate: str
    object: str
    depth: int = 1
    direction: str = "up"
    cue: str | None = None  # the cue word the relation was read from
    evidence: str | None = None  # the quoted words that state it (earliest mention)
    document: str | None = None  # IRI of the document the evidence is in
    begin: int | None = None  # offset of the evidence in that document's text
    date: str | None = None  # date(s) of the subject when it is an instrument ("a | b" if they conflict)
    subject_label: str | None = None
    object_label: str | None = None

    @property
    def relation(self) -> str:
        """CURIE of the predicate, e.g. "eli:implements"."""
        return relations()[self.predicate].curie

    @property
    def parent(self) -> str:
        """The upstream end: what drives the other."""
        return self.object if relations()[self.predicate].parent == "object" else self.subject

    @property
    def child(self) -> str:
        return self.subject if self.parent == self.object else self.object


def _check(iri: str) -> str:
    if not _SAFE_IRI.match(iri):
        raise ValueError(f"not an IRI: {iri!r}")
    return iri


def _values(name: str, iris) -> str:
    return f"VALUES ?{name} {{ {' '.join(str(ox.NamedNode(_check(i))) for i in iris)} }}"


def _neighbours(store, frontier: set[str], preds: list[str]) -> list[tuple[str, str, str]]:
    q = f"""SELECT DISTINCT ?s ?p ?o WHERE {{ {_values('n', frontier)} {_values('p', preds)}
              {{ ?n ?p ?o BIND(?n AS ?s) FILTER(isIRI(?o)) }} UNION {{ ?s ?p ?n BIND(?n AS ?o) }} }}"""
    return [(r["s"], r["p"], r["o"]) for r in store.select(q)]


def _walk(store, node: str, direction: str, depth: int | None, preds: list[str]) -> list[Edge]:
    table = relations()
    edges: dict[tuple, Edge] = {}
    for way in (("up", "down") if direction == "both" else (direction,)):
        seen, frontier, level = {node}, {node}, 0
        while frontier and (depth is None or level < depth):
            level += 1
            nxt: set[str] = set()
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
    return list(edges.values())


_STATEMENTS = """SELECT ?s ?p ?o ?cue ?anchor ?begin ?doc WHERE {
  %s
  ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
  OPTIONAL { ?st cdo:cueWord ?cue }
  OPTIONAL { ?st cdo:evidence ?m . ?m nif:anchorOf ?anchor ; nif:beginIndex ?begin ; nif:referenceContext ?doc }
}"""
_NODES = """SELECT ?n ?label ?date WHERE {
  %s
  OPTIONAL { ?n rdfs:label ?label }
  OPTIONAL { ?n eli:date_document ?date }
}"""


def _with_details(store, edges: list[Edge], keep_order: bool = False) -> list[Edge]:
    """Cue word, earliest evidence, subject dates and labels for each edge (two queries: the
    statements that reify the edges, then the nodes' labels and dates); sorted by direction,
    depth and position in the text unless `keep_order` (paths)."""
    if not edges:
        return []
    rows = " ".join(f"({ox.NamedNode(e.subject)} {ox.NamedNode(e.predicate)} {ox.NamedNode(e.object)})"
                    for e in edges)
    best: dict[tuple, dict] = {}
    for r in store.select(_STATEMENTS % f"VALUES (?s ?p ?o) {{ {rows} }}"):
        key = (r["s"], r["p"], r["o"])
        cur = best.get(key)
        # one edge per triple: keep the earliest evidence, and a cue when there is one
        if cur is None or (r["begin"] is not None and (cur["begin"] is None or r["begin"] < cur["begin"])):
            best[key] = {**r, "cue": r["cue"] or (cur or {}).get("cue")}
        elif r["cue"] and not cur["cue"]:
            cur["cue"] = r["cue"]
    labels: dict[str, str] = {}
    dates: dict[str, set] = {}
    nodes = {e.subject for e in edges} | {e.object for e in edges}
    for r in store.select(_NODES % _values("n", nodes)):
        if r["label"] and r["n"] not in labels:
            labels[r["n"]] = r["label"]
        if r["date"]:
            dates.setdefault(r["n"], set()).add(r["date"])
    out = []
    for e in edges:
        r = best.get((e.subject, e.predicate, e.object), {})
        out.append(replace(e, cue=r.get("cue"), evidence=r.get("anchor"), document=r.get("doc"),
                           begin=r.get("begin"), date=" | ".join(sorted(dates.get(e.subject, ()))) or None,
                           subject_label=labels.get(e.subject), object_label=labels.get(e.object)))
    if keep_order:
        return out
    return sorted(out, key=lambda e: (e.direction, e.depth, e.begin is None, e.begin or 0, e.object))


def lineage(store, node: str, direction: str = "both", depth: int | None = None,
            predicates: list[str] | None = None) -> list[Edge]:
    """Edges reachable from `node`: up (what drives it, to the roots), down (what implements,
    amends, funds or reports on it), or both; at most `depth` steps (None: no limit).
    `predicates` (full IRIs) restricts the relations followed."""
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {DIRECTIONS}")
    _check(node)
    preds = predicates or [p for p, r in relations().items() if r.followed]
    unknown = set(preds) - set(relations())
    if unknown:
        raise ValueError(f"unknown relation(s): {sorted(unknown)}")
    return _with_details(store, _walk(store, node, direction, depth, preds))


def lineage_graph(edges: list[Edge]) -> nx.MultiDiGraph:
    """The edges as a networkx graph, child → parent (dependent → what drives it)."""
    g = nx.MultiDiGraph()
    for e in edges:
        g.add_node(e.subject, label=e.subject_label)
        g.add_node(e.object, label=e.object_label)
        g.add_edge(e.child, e.parent, relation=e.relation, cue=e.cue, evidence=e.evidence)
    return g


def chains(store, node: str, direction: str = "up", depth: int | None = None) -> list[list[Edge]]:
    """Every maximal path from `node`, e.g. task 2 → 25-CTr/TU → 09-CT/TW (longest first)."""
    g = nx.MultiDiGraph()
    for e in lineage(store, node, direction, depth):
        a, b = (e.child, e.parent) if direction == "up" else (e.parent, e.child)
        g.add_edge(a, b, edge=e)
    if node not in g:
        return []
    paths = [[g.edges[u, v, k]["edge"] for u, v, k in p]
             for leaf in (n for n in g if g.out_degree(n) == 0)
             for p in nx.all_simple_edge_paths(g, node, leaf)]
    return sorted(paths, key=len, reverse=True)


def relation_graph(store, predicates: list[str] | None = None) -> nx.MultiDiGraph:
    """All relation edges as a networkx MultiDiGraph (key = predicate IRI)."""
    preds = predicates or list(relations())
    g = nx.MultiDiGraph()
    for r in store.select(f"SELECT DISTINCT ?s ?p ?o WHERE {{ {_values('p', preds)} ?s ?p ?o FILTER(isIRI(?o)) }}"):
        g.add_edge(r["s"], r["o"], key=r["p"])
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
    return _with_details(store, path, keep_order=True)


_SENTENCE_END = re.compile(r"[.!?;]\s|\n")


def sentence_around(text: str, start: int, end: int, limit: int = 400) -> str:
    """The sentence (or line) holding text[start:end], at most `limit` characters around it."""
    left = max((m.end() for m in _SENTENCE_END.finditer(text, max(0, start - limit), start)),
               default=max(0, start - limit))
    m = _SENTENCE_END.search(text, end, min(len(text), end + limit))
    right = m.start() + 1 if m else min(len(text), end + limit)
    return re.sub(r"\s+", " ", text[left:right]).strip()


def evidence(store, s: str, p: str, o: str) -> list[dict]:
    """Every mention stating s p o: document, offsets, quoted words and the sentence around them."""
    q = """SELECT DISTINCT ?doc ?source ?begin ?end ?quote ?text WHERE {
      ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; cdo:evidence ?m .
      ?m nif:beginIndex ?begin ; nif:endIndex ?end ; nif:referenceContext ?doc .
      OPTIONAL { ?m nif:anchorOf ?quote }
      OPTIONAL { ?doc nif:isString ?text } OPTIONAL { ?doc dcterms:source ?source }
    } ORDER BY ?doc ?begin"""
    out = []
    for r in store.select(q, s=ox.NamedNode(_check(s)), p=ox.NamedNode(_check(p)), o=ox.NamedNode(_check(o))):
        text = r.pop("text") or ""
        r["sentence"] = sentence_around(text, r["begin"], r["end"]) if text else r["quote"]
        out.append(r)
    return out


_TASK_REF = re.compile(r"^(?:task|nhiem vu|nv|recommendation|kien nghi)[\s\-_#]*(\d+)$")
_FIND_SYMBOL = "SELECT DISTINCT ?node ?symbol WHERE { ?node eli:id_local ?symbol }"
_FIND_ITEM = "SELECT DISTINCT ?node WHERE { ?node a ?cls ; cdo:ordinal ?n . FILTER(STR(?n) = ?want) }"


def find_nodes(store, ref: str) -> list[str]:
    """Nodes a user means by `ref`: an IRI, a symbol ("25-CTr/TU", accent- and case-insensitive),
    or "task 2" / "nhiệm vụ 2" / "kiến nghị 1"."""
    ref = ref.strip()
    if ref.startswith(("http://", "https://")):
        return [ref]
    m = _TASK_REF.match(fold(ref))
    if m:
        cls = CDO.Recommendation if fold(ref).startswith(("rec", "kien")) else CDO.Task
        return [r["node"] for r in store.select(_FIND_ITEM, cls=str(cls), want=m.group(1))]
    want = re.sub(r"\s+", "", fold(ref))
    return sorted({r["node"] for r in store.select(_FIND_SYMBOL)
                   if re.sub(r"\s+", "", fold(r["symbol"])) == want})
