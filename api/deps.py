"""Dependencies: the served store (api.live_store) and the SPARQL worker pool live on app.state."""
from __future__ import annotations

from fastapi import Request

from api.query_pool import QueryPool
from chidao.lineage import trace
from chidao.store import Store


def get_store(request: Request) -> Store:
    return request.app.state.live.current()


def get_pool(request: Request) -> QueryPool:
    return request.app.state.pool


def get_lineage():
    """The lineage function: trace(store, node_iri, direction, depth, per_group=, offset=, evidence=)
    -> chidao.lineage.Lineage (edges with .subject .predicate .object .depth .direction .sentences,
    and groups counting each relation). Override to plug in another traversal."""
    return trace
