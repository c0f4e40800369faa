"""Dependencies: the open store, the SPARQL worker pool and the catalog live on app.state."""
from __future__ import annotations

import threading

from fastapi import Request

from api.query_pool import QueryPool
from chidao import catalog
from chidao.lineage import trace
from chidao.store import Store

_catalog_lock = threading.Lock()


def get_store(request: Request) -> Store:
    return request.app.state.store


def get_pool(request: Request) -> QueryPool:
    return request.app.state.pool


def get_catalog(request: Request) -> list[catalog.Entry]:
    """Instrument/task rows, read once per store state (an update clears them)."""
    state = request.app.state
    with _catalog_lock:
        if state.catalog is None:
            state.catalog = catalog.entries(state.store)
        return state.catalog


def get_lineage():
    """The lineage function: trace(store, node_iri, direction, depth, per_group=, offset=, evidence=)
    -> chidao.lineage.Lineage (edges with .subject .predicate .object .depth .direction .sentences,
    and groups counting each relation). Override to plug in another traversal."""
    return trace
