"""Dependencies: the open store and the SPARQL worker pool live on app.state."""
from __future__ import annotations

from fastapi import Request

from api.query_pool import QueryPool
from chidao.lineage import trace
from chidao.store import Store


def get_store(request: Request) -> Store:
    return request.app.state.store


def get_pool(request: Request) -> QueryPool:
    return request.app.state.pool


def get_catalog(request: Request) -> list:
    """Search rows (TEMPORARY: read once per store state, until the full-text index lands)."""
    from chidao import catalog
    state = request.app.state
    if state.catalog is None:
        state.catalog = catalog.entries(state.store)
    return state.catalog


def get_matcher():
    """How word filters find nodes: matcher(store, words, kind, limit) -> [IRI]."""
    return _scan_matcher


_SCAN = {"body": "?node a org:Organization ; skos:prefLabel ?text",
         "instrument": "?node a eli:LegalResource { ?node rdfs:label ?text } UNION { ?node eli:title ?text }",
         "task": "VALUES ?cls { cdo:Task cdo:Recommendation cdo:AgencyActivity } ?node a ?cls "
                 "{ ?node rdfs:label ?text } UNION { ?node cdo:text ?text }"}


def _scan_matcher(store, words: str, kind: str, limit: int) -> list[str]:
    # TEMPORARY until the full-text index lands: folds every candidate's text in Python.
    from ingest.text import fold
    want = fold(words).split()
    out = []
    for r in store.select(f"SELECT DISTINCT ?node ?text WHERE {{ {_SCAN[kind]} }}"):
        if all(w in fold(r["text"]) for w in want) and r["node"] not in out:
            out.append(r["node"])
            if len(out) >= limit:
                break
    return out


def get_lineage():
    """The lineage function: trace(store, node_iri, direction, depth, per_group=, offset=, evidence=)
    -> chidao.lineage.Lineage (edges with .subject .predicate .object .depth .direction .sentences,
    and groups counting each relation). Override to plug in another traversal."""
    return trace
