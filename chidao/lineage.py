"""Lineage: what drives an instrument or task (up) and what it drives (down), with evidence.

Why a module of its own: the CLI, the HTTP API and notebooks all ask the same question, so
the traversal lives here with a small API and only uses `store.select` (SPARQL SELECT), so
it works on the embedded store or any SPARQL endpoint wrapped with the same method.

Every edge is normalised to (dependent → what it depends on): "A implements B", "A is based
on B", "task drivenBy B", "activity concernsInstrument B" all point A → B; "B promulgates A"
points A → B as well (the plan depends on the decision that promulgates it). "Up" follows
these edges forward, "down" backwards. Plain citations (eli:cites) are left out: every
report cites what it mentions, which says nothing about lineage.
"""
from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass

import networkx as nx

from ingest.text import fold
from ontology import CDO, ELI

# subject depends on object
FORWARD = {
    "eli:implements": ELI.implements, "eli:ensures_implementation_of": ELI.ensures_implementation_of,
    "eli:based_on": ELI.based_on, "eli:amends": ELI.amends, "eli:repeals": ELI.repeals,
    "eli:corrects": ELI.corrects, "cdo:funds": CDO.funds, "cdo:guides": CDO.guides,
    "cdo:reportsOn": CDO.reportsOn, "cdo:monitors": CDO.monitors, "cdo:replaces": CDO.replaces,
    "cdo:drivenBy": CDO.drivenBy, "cdo:concernsInstrument": CDO.concernsInstrument,
    "cdo:recommendsReplacing": CDO.recommendsReplacing,
}
# object depends on subject
INVERSE = {"cdo:promulgates": CDO.promulgates}
_CURIE = {str(v): k for k, v in {**FORWARD, **INVERSE}.items()}

_EDGES = """
SELECT ?s ?p ?o ?cue ?anchor ?begin ?doc ?date ?slabel ?olabel WHERE {
  { %(first)s }
  UNION
  { %(second)s }
  OPTIONAL {
    ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
    OPTIONAL { ?st cdo:cueWord ?cue }
    OPTIONAL { ?st cdo:evidence ?m . ?m nif:anchorOf ?anchor ; nif:beginIndex ?begin ; nif:referenceContext ?doc }
  }
  OPTIONAL { ?s eli:date_document ?date }
  OPTIONAL { ?s rdfs:label ?slabel }
  OPTIONAL { ?o rdfs:label ?olabel }
}"""
_SAFE_IRI = re.compile(r"^https?://[^\s<>\"{}|^`\\]+$")


@dataclass(frozen=True)
class Edge:
    """One asserted relation, as stated: source --relation--> target."""

    source: str
    target: str
    relation: str  # CURIE, e.g. "eli:implements"
    cue: str | None  # the cue word the relation was read from
    evidence: str | None  # the quoted clause
    document: str | None  # IRI of the source document the evidence is in
    begin: int | None  # offset of the evidence in that document's text
    date: str | None  # date(s) of the source when it is an instrument ("a | b" when they conflict)
    source_label: str | None = None
    target_label: str | None = None
    depth: int = 1  # steps from the start node

    @property
    def dependent(self) -> str:
        return self.target if self.relation in INVERSE else self.source

    @property
    def depended_on(self) -> str:
        return self.source if self.relation in INVERSE else self.target


def _sparql(node: str, direction: str) -> str:
    """Edges one step from `node`: up = node is the dependent, down = node is depended on."""
    if not _SAFE_IRI.match(node):
        raise ValueError(f"not an IRI: {node!r}")
    forward = " ".join(f"<{v}>" for v in FORWARD.values())
    inverse = " ".join(f"<{v}>" for v in INVERSE.values())
    as_subject = "VALUES ?p { %s } VALUES ?s { <%s> } ?s ?p ?o ."
    as_object = "VALUES ?p { %s } VALUES ?o { <%s> } ?s ?p ?o ."
    if direction == "up":
        first, second = as_subject % (forward, node), as_object % (inverse, node)
    else:
        first, second = as_object % (forward, node), as_subject % (inverse, node)
    return _EDGES % {"first": first, "second": second}


def _step(store, node: str, direction: str, depth: int) -> list[Edge]:
    rows = store.select(_sparql(node, direction))
    best: dict[tuple, dict] = {}
    dates: dict[tuple, set] = {}
    for r in rows:
        key = (r["s"], r["p"], r["o"])
        if r["date"]:
            dates.setdefault(key, set()).add(r["date"])
        cur = best.get(key)
        # one edge per triple: keep the earliest evidence, and a cue when there is one
        if cur is None or (r["begin"] is not None and (cur["begin"] is None or r["begin"] < cur["begin"])):
            best[key] = {**r, "cue": r["cue"] or (cur or {}).get("cue")}
        elif r["cue"] and not cur["cue"]:
            cur["cue"] = r["cue"]
    return [Edge(r["s"], r["o"], _CURIE[r["p"]], r["cue"], r["anchor"], r["doc"], r["begin"],
                 " | ".join(sorted(dates.get(k, ()))) or None, r["slabel"], r["olabel"], depth)
            for k, r in sorted(best.items(), key=lambda kv: (kv[1]["begin"] is None, kv[1]["begin"] or 0, kv[1]["o"]))]


def lineage(store, node_iri: str, direction: str = "both", depth: int | None = None) -> list[Edge]:
    """Edges reachable from `node_iri` going up (what drives it), down (what it drives) or both,
    breadth first, each edge once; `depth` limits the number of steps (None: no limit)."""
    if direction not in ("up", "down", "both"):
        raise ValueError("direction must be 'up', 'down' or 'both'")
    out: list[Edge] = []
    for d in (("up", "down") if direction == "both" else (direction,)):
        seen_nodes, seen_edges = {node_iri}, set()
        queue = deque([(node_iri, 0)])
        while queue:
            node, level = queue.popleft()
            if depth is not None and level >= depth:
                continue
            for e in _step(store, node, d, level + 1):
                k = (e.source, e.relation, e.target)
                if k in seen_edges:
                    continue
                seen_edges.add(k)
                out.append(e)
                nxt = e.depended_on if d == "up" else e.dependent
                if nxt not in seen_nodes:
                    seen_nodes.add(nxt)
                    queue.append((nxt, level + 1))
    return out


def lineage_graph(edges: list[Edge]) -> nx.MultiDiGraph:
    """The edges as a networkx graph (dependent → depended on), labels as node attributes."""
    g = nx.MultiDiGraph()
    for e in edges:
        g.add_node(e.source, label=e.source_label)
        g.add_node(e.target, label=e.target_label)
        g.add_edge(e.dependent, e.depended_on, relation=e.relation, cue=e.cue, evidence=e.evidence)
    return g


def chains(store, node_iri: str, direction: str = "up", depth: int | None = None) -> list[list[Edge]]:
    """Every maximal path from `node_iri` (e.g. task 2 → 25-CTr/TU → 09-CT/TW)."""
    edges = lineage(store, node_iri, direction, depth)
    g = nx.MultiDiGraph()
    for e in edges:
        a, b = (e.dependent, e.depended_on) if direction == "up" else (e.depended_on, e.dependent)
        g.add_edge(a, b, edge=e)
    if node_iri not in g:
        return []
    leaves = [n for n in g if g.out_degree(n) == 0]
    paths = []
    for leaf in leaves:
        for p in nx.all_simple_edge_paths(g, node_iri, leaf):
            paths.append([g.edges[u, v, k]["edge"] for u, v, k in p])
    return sorted(paths, key=len, reverse=True)


_TASK_REF = re.compile(r"^(?:task|nhiem vu|nv|recommendation|kien nghi)[\s\-_#]*(\d+)$")

_FIND_SYMBOL = "SELECT DISTINCT ?node ?symbol WHERE { ?node eli:id_local ?symbol }"
_FIND_ITEM = """SELECT DISTINCT ?node WHERE { ?node a ?cls ; cdo:ordinal ?n . FILTER(STR(?n) = ?want) }"""


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
