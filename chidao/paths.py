"""The shortest typed path between two nodes, found by walking the store.

Bidirectional breadth-first search: each round expands the smaller of the two frontiers by one
query (its relation edges in both directions, the frontier bound as VALUES), so a request reads
the neighbourhoods it crosses, never a copy of the whole relation graph.
"""
from __future__ import annotations

from chidao.lineage import Edge, _check, _pairs, _with_details, relations

MAX_DEPTH = 8  # edges; past this two nodes are reported as unlinked
MAX_FRONTIER = 50_000  # nodes in one frontier before the search gives up


def _expand(store, frontier: set[str], preds: list[str]) -> list[tuple[str, str, str]]:
    q = f"""SELECT DISTINCT ?s ?p ?o WHERE {{
      {{ {_pairs('s', frontier, preds)} ?s ?p ?o FILTER(isIRI(?o)) }} UNION {{ {_pairs('o', frontier, preds)} ?s ?p ?o }} }}"""
    return [(r["s"], r["p"], r["o"]) for r in store.select(q)]


def shortest_path(store, source: str, target: str, predicates: list[str] | None = None,
                  max_depth: int = MAX_DEPTH) -> list[Edge] | None:
    """The fewest typed edges linking two nodes, whichever way each edge points; None if they
    are not linked within `max_depth` edges."""
    _check(source), _check(target)
    preds = predicates or list(relations())
    if source == target:
        return []
    # node → (previous node, edge) on the way from that side's start
    came = ({source: None}, {target: None})
    frontiers = ({source}, {target})
    for _ in range(max_depth):
        side = 0 if len(frontiers[0]) <= len(frontiers[1]) else 1
        frontier, mine, theirs = frontiers[side], came[side], came[1 - side]
        if not frontier or len(frontier) > MAX_FRONTIER:
            return None
        nxt: set[str] = set()
        meeting = None
        for s, p, o in sorted(_expand(store, frontier, preds)):
            for here, there in ((s, o), (o, s)):
                if here in frontier and there not in mine:
                    mine[there] = (here, (s, p, o))
                    nxt.add(there)
                    if there in theirs and meeting is None:
                        meeting = there
        if meeting is not None:
            return _with_details(store, _join(came, meeting, source), keep_order=True, evidence=True)
        frontiers = (nxt, frontiers[1]) if side == 0 else (frontiers[0], nxt)
    return None


def _join(came: tuple[dict, dict], meeting: str, source: str) -> list[Edge]:
    """The path source → meeting → target as edges marked forward/backward from the source."""
    half: list[tuple[str, tuple]] = []
    node = meeting
    while came[0][node] is not None:
        prev, triple = came[0][node]
        half.append((prev, triple))
        node = prev
    steps = list(reversed(half))  # (from-node, triple) source first
    node = meeting
    while came[1][node] is not None:
        nxt, triple = came[1][node]
        steps.append((node, triple))
        node = nxt
    path = []
    for i, (start, (s, p, o)) in enumerate(steps, 1):
        path.append(Edge(s, p, o, i, "forward" if start == s else "backward"))
    return path
