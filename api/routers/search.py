"""Search the way people type an instrument: '1395/QĐ-UBND', 'QĐ 1395', 'quyet dinh 1395', title words."""
from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, Query

from api.common import api_path
from api.deps import get_store
from chidao import listing

router = APIRouter(prefix="/search", tags=["search"])

Kind = Literal["instrument", "task", "recommendation", "activity", "programme", "body"]


@router.get("", summary="Find instruments, tasks and bodies by symbol, type + number or words (accents optional)")
def search(q: str = Query(..., min_length=1, max_length=300,
                          examples=["QĐ 1395", "quyet dinh 1395", "1395/QĐ-UBND", "an ninh to quoc"]),
           kind: list[Kind] | None = Query(None, description="only these kinds (repeat the parameter for several)"),
           limit: int = Query(20, ge=1, le=200), offset: int = Query(0, ge=0, le=1000),
           store=Depends(get_store)) -> dict:
    found = listing.search_results(store, q, limit, offset, kind)
    return {"query": q, "limit": limit, "offset": offset,
            "items": [{**item, "path": api_path(item["id"])} for item in found]}
