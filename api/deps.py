"""Dependencies: the open store and the SPARQL worker pool live on app.state (set by the lifespan)."""
from __future__ import annotations

from fastapi import Request

from api.query_pool import QueryPool
from chidao.store import Store


def get_store(request: Request) -> Store:
    return request.app.state.store


def get_pool(request: Request) -> QueryPool:
    return request.app.state.pool
