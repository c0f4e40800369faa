"""Lineage: what drives an instrument or task (up) and what it drives (down), with evidence.

One module for the CLI, the HTTP API and notebooks. It only calls `store.select`, so it works
on the embedded store and on a remote SPARQL endpoint alike. The relations it follows are
data (chidao/data/lineage_relations.json): each says which end is upstream ("A implements
B": B drives A; "A promulgates B": A drives B). Plain citations (eli:cites) are listed there
but not followed unless asked for: every report cites what it mentions, which says nothing
about what drives what. Traversal is breadth first, one query per level with the frontier
bound as VALUES, so its cost follows the answer, not the store; a hub is answered in pages per
relation (`trace(per_group=…)`).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

import networkx as nx
import pyoxigraph as ox

from chidao.evidence import QUOTES, mention_order, mention_sentences
from chidao.store import remembered
from ontology import expand

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
    sentences: tuple = ()  # with evidence: the earliest mentions with their sentences (chidao.evidence)
    mention_count: int = 0  # how many mentions state this edge in all

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


MAX_PAIRS = 20_000  # node × relation pairs listed in one VALUES block


def _pairs(name: str, nodes, preds: list[str]) -> str:
    """VALUES (?node ?p) listing every pair: with two separate VALUES blocks Oxigraph read every
    quad of the predicate before joining the nodes (70 ms instead of 0.8 ms for seven national
    laws on 20 M triples). Past MAX_PAIRS, the two blocks: then the scan is the smaller cost."""
    if len(nodes) * len(preds) > MAX_PAIRS:
        return f"{_values(name, nodes)} {_values('p', preds)}"
    rows = " ".join(f"({ox.NamedNode(_check(n))} {ox.NamedNode(p)})" for n in sorted(nodes) for p in preds)
    return f"VALUES (?{name} ?p) {{ {rows} }}"


MAX_EDGES_PER_LEVEL = 20_000  # a level past this is cut (and flagged) rather than read whole


@dataclass(frozen=True)
class Group:
    """Edges of one relation at one level: how many exist, how many were kept (a page of them)."""

    depth: int
    direction: str
    predicate: str
    total: int
    shown: int
    offset: int = 0

    @property
    def relation(self) -> str:
        return relations()[self.predicate].curie


@dataclass(frozen=True)
class Lineage:
    edges: list[Edge]
    groups: list[Group]
    truncated: bool = False  # some level had more than MAX_EDGES_PER_LEVEL edges


def _step_query(frontier: set[str], preds: list[str], way: str, select: str, tail: str) -> str | None:
    """Edges where a frontier node is the near end: going up, the child (so 'A implements B' is
    read from A, 'A promulgates B' from B); going down, the parent."""
    table = relations()
    near_is_subject = [p for p in preds if (table[p].parent == "object") == (way == "up")]
    near_is_object = [p for p in preds if p not in near_is_subject]
    branches = []
    if near_is_subject:
        branches.append(f"{{ {_pairs('s', frontier, near_is_subject)} ?s ?p ?o FILTER(isIRI(?o)) }}")
    if near_is_object:
        branches.append(f"{{ {_pairs('o', frontier, near_is_object)} ?s ?p ?o }}")
    if not branches:
        return None
    return f"SELECT {select} WHERE {{ {' UNION '.join(branches)} }} {tail}"


def _step(store, frontier: set[str], preds: list[str], way: str, per_group: int | None = None,
          start: int = 0) -> tuple[list[tuple[str, str, str]], dict | None]:
    """One level: its edges and, when not all were read, the true count per relation. With
    `per_group`, the store counts each relation's edges and hands over one page of each (from
    `start`), so a hub with thousands of dependants costs what a page does."""
    if per_group is not None:
        counted = _step_query(frontier, preds, way, "?p (COUNT(DISTINCT *) AS ?n)", "GROUP BY ?p")
        if counted is None:
            return [], None
        counts = _counts(store, counted, frontier)
        pages = [_step_query(frontier, [p], way, "DISTINCT ?s ?p ?o", f"LIMIT {per_group} OFFSET {start}")
                 for p, n in sorted(counts.items()) if n > start]
        if not pages:
            return [], counts
        rows = store.select("SELECT ?s ?p ?o WHERE { " + " UNION ".join(f"{{ {q} }}" for q in pages) + " }")
        return [(r["s"], r["p"], r["o"]) for r in rows], counts
    q = _step_query(frontier, preds, way, "DISTINCT ?s ?p ?o", f"LIMIT {MAX_EDGES_PER_LEVEL + 1}")
    if q is None:
        return [], None
    rows = [(r["s"], r["p"], r["o"]) for r in store.select(q)]
    if len(rows) <= MAX_EDGES_PER_LEVEL:
        return rows, None
    counted = _step_query(frontier, preds, way, "?p (COUNT(DISTINCT *) AS ?n)", "GROUP BY ?p")
    return rows[:MAX_EDGES_PER_LEVEL], {r["p"]: r["n"] for r in store.select(counted)}


MAX_CACHED_COUNTS = 4096  # levels whose per-relation counts are kept until the next write


def _counts(store, counted: str, frontier: set[str]) -> dict[str, int]:
    """Edges per relation of one level. Counting reads every edge of a hub (hundreds of
    dependants, 11 times more at 20 M triples), while each page of it reads only the page; the
    counts are the same for every page, so those of small frontiers are kept in the store's
    cache (cleared by every write) and paging a hub costs what a page does."""
    if len(frontier) > 20:
        return {r["p"]: r["n"] for r in store.select(counted)}
    return remembered(store, "lineage counts", counted,
                      lambda: {r["p"]: r["n"] for r in store.select(counted)}, MAX_CACHED_COUNTS)


def trace(store, node: str, direction: str = "both", depth: int | None = None,
          predicates: list[str] | None = None, *, per_group: int | None = None, offset: int = 0,
          evidence: bool = False, quotes: int = QUOTES) -> Lineage:
    """Lineage breadth first, one query per level. With `per_group`, each relation at each level
    keeps at most that many edges (from `offset` at the first level: paging a hub's dependants)
    and the walk goes on only from the edges kept, so the cost follows the answer, not the store.
    `evidence` adds the sentences stating each edge: the earliest `quotes` of them, and the count
    of all (a national law's edge is stated by every document citing it; `evidence()` pages them)."""
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {DIRECTIONS}")
    _check(node)
    preds = predicates or [p for p, r in relations().items() if r.followed]
    unknown = set(preds) - set(relations())
    if unknown:
        raise ValueError(f"unknown relation(s): {sorted(unknown)}")
    table = relations()
    edges: dict[tuple, Edge] = {}
    groups: list[Group] = []
    truncated = False
    for way in (("up", "down") if direction == "both" else (direction,)):
        seen, frontier, level = {node}, {node}, 0
        while frontier and (depth is None or level < depth):
            level += 1
            start = offset if level == 1 else 0
            rows, counts = _step(store, frontier, preds, way, per_group, start)
            truncated |= counts is not None and per_group is None
            by_pred: dict[str, list[tuple[str, str, str]]] = {}
            for s, p, o in sorted(rows):
                by_pred.setdefault(p, []).append((s, p, o))
            nxt: set[str] = set()
            for p in sorted(set(by_pred) | set(counts or {})):
                group = by_pred.get(p, [])
                kept = group if per_group is not None else group[start:]
                groups.append(Group(level, way, p, (counts or {}).get(p, len(group)), len(kept), start))
                for s, _, o in kept:
                    if (s, p, o) in edges:
                        continue
                    edges[(s, p, o)] = Edge(s, p, o, level, way)
                    parent = o if table[p].parent == "object" else s
                    there = parent if way == "up" else (s if parent == o else o)
                    if there not in seen:
                        seen.add(there)
                        nxt.add(there)
            frontier = nxt
    return Lineage(_with_details(store, list(edges.values()), evidence=evidence, quotes=quotes), groups, truncated)


# Per edge (%s: _statements): its cue words and the IRIs of the mentions that state it, grouped
# in the store. Only the IRIs: joining each mention's anchor and offsets here read four quads per
# mention for every document stating a national law's edge; the few quoted are read afterwards.
# Each row binds both ?m and ?cue ("" for the other kind): an aggregate over a group holding an
# unbound value is itself unbound. Inner joins rather than OPTIONALs: Oxigraph evaluates an
# OPTIONAL group on its own (every mention in the store) before joining it.
_CUES_AND_MENTIONS = """SELECT ?s ?p ?o (GROUP_CONCAT(?cue; separator="\\u001f") AS ?cues)
  (GROUP_CONCAT(?m; separator=" ") AS ?mentions) WHERE { %s
  { ?st cdo:evidence ?mention BIND(STR(?mention) AS ?m) BIND("" AS ?cue) }
  UNION { ?st cdo:cueWord ?cue BIND("" AS ?m) }
} GROUP BY ?s ?p ?o"""


def _statements(edges: list[Edge]) -> str:
    """A group binding ?st ?s ?p ?o to the statements of these edges, each looked up inside the
    document graphs that state its triple: there, the statements whose object is the edge's
    object are a handful. Asked in the union graph instead, a hub law's page read every
    statement about the hub (one per citing document: 11 times more on a store 11 times
    bigger), and a cited decree's hundreds of statements for each edge from the other end."""
    rows = " ".join(f"({ox.NamedNode(e.subject)} {ox.NamedNode(e.predicate)} {ox.NamedNode(e.object)})"
                    for e in edges)
    return (f"VALUES (?s ?p ?o) {{ {rows} }} "
            "GRAPH ?g { ?s ?p ?o . ?st rdf:object ?o ; rdf:subject ?s ; rdf:predicate ?p } .")


# A UNION, not two OPTIONALs: a national law labelled and dated by each of 11 citing documents
# gave 11 × 11 rows per node before DISTINCT.
_NODES = """SELECT DISTINCT ?n ?label ?date WHERE {
  %s
  { ?n rdfs:label ?label } UNION { ?n eli:date_document ?date }
}"""


def _with_details(store, edges: list[Edge], keep_order: bool = False, evidence: bool = False,
                  quotes: int = QUOTES) -> list[Edge]:
    """Cue word, evidence, subject dates and labels for each edge, in four queries whatever the
    number of edges (the statements' cues and mention IRIs, the earliest mentions, the nodes'
    labels and dates); with `evidence` the earliest `quotes` mentions of each edge come with their
    sentence cut in the store (`evidence()` gives the rest). Sorted by direction, depth and
    position in the text unless `keep_order` (paths)."""
    if not edges:
        return []
    cues: dict[tuple, str] = {}
    stated: dict[tuple, list[str]] = {}
    for r in store.select(_CUES_AND_MENTIONS % _statements(edges)):
        key = (r["s"], r["p"], r["o"])
        found_cues = [c for c in r["cues"].split("\u001f") if c]
        if found_cues:
            cues[key] = min(found_cues)
        stated[key] = sorted(set((r["mentions"] or "").split()), key=mention_order)
    shown = {key: ms[:max(quotes, 1) if evidence else 1] for key, ms in stated.items()}
    found = mention_sentences(store, [m for ms in shown.values() for m in ms], sentences=evidence)
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
        key = (e.subject, e.predicate, e.object)
        ms = stated.get(key, [])
        first = found.get(ms[0], {}) if ms else {}
        quoted = shown.get(key, [])[:quotes] if evidence else []
        out.append(replace(e, cue=cues.get(key), evidence=first.get("quote"), document=first.get("doc"),
                           begin=first.get("begin"), date=" | ".join(sorted(dates.get(e.subject, ()))) or None,
                           subject_label=labels.get(e.subject), object_label=labels.get(e.object),
                           sentences=tuple(found[m] for m in quoted if m in found), mention_count=len(ms)))
    if keep_order:
        return out
    return sorted(out, key=lambda e: (e.direction, e.depth, e.begin is None, e.begin or 0, e.object))


def lineage(store, node: str, direction: str = "both", depth: int | None = None,
            predicates: list[str] | None = None, **options) -> list[Edge]:
    """Edges reachable from `node`: up (what drives it, to the roots), down (what implements,
    amends, funds or reports on it), or both; at most `depth` steps (None: no limit).
    `predicates` (full IRIs) restricts the relations followed; `options` as for `trace`."""
    return trace(store, node, direction, depth, predicates, **options).edges


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
    """All relation edges as a networkx MultiDiGraph (key = predicate IRI), for notebooks that
    analyse the whole network; requests never build it (paths walk the store: chidao.paths)."""
    preds = predicates or list(relations())
    g = nx.MultiDiGraph()
    for r in store.select(f"SELECT DISTINCT ?s ?p ?o WHERE {{ {_values('p', preds)} ?s ?p ?o FILTER(isIRI(?o)) }}"):
        g.add_edge(r["s"], r["o"], key=r["p"])
    return g


_FACT = "?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; cdo:evidence ?m ."
_FACT_MENTION_COUNT = f"SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE {{ {_FACT} }}"
# ordered as mention_order orders chidao's mention IRIs: offset in the text, then the IRI
_FACT_MENTIONS = f"SELECT DISTINCT ?m ?begin WHERE {{ {_FACT} ?m nif:beginIndex ?begin }} ORDER BY ?begin STR(?m)"


def _fact(s: str, p: str, o: str) -> dict:
    return {"s": ox.NamedNode(_check(s)), "p": ox.NamedNode(_check(p)), "o": ox.NamedNode(_check(o))}


def fact_mention_count(store, s: str, p: str, o: str) -> int:
    """How many mentions state s p o (counted in the store)."""
    return store.select(_FACT_MENTION_COUNT, **_fact(s, p, o))[0]["n"]


def evidence(store, s: str, p: str, o: str, limit: int = 100, offset: int = 0) -> list[dict]:
    """Mentions stating s p o, the earliest first (`limit` of them from `offset`, paged in the
    store): document, offsets, quoted words and the sentence around them."""
    page = [r["m"] for r in store.select(f"{_FACT_MENTIONS} LIMIT {int(limit)} OFFSET {int(offset)}", **_fact(s, p, o))]
    found = mention_sentences(store, page)
    return [found[m] for m in page if m in found]
