"""Search the way people type an instrument: '1395/QĐ-UBND', 'QĐ 1395', 'quyet dinh 1395', title words."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Query

from api.common import api_path
from api.deps import get_catalog
from chidao import catalog

router = APIRouter(prefix="/search", tags=["search"])


@router.get("", summary="Find instruments and tasks by symbol, type + number or words (accents optional)")
def search(q: str = Query(..., min_length=1, max_length=300,
                          examples=["QĐ 1395", "quyet dinh 1395", "1395/QĐ-UBND", "an ninh to quoc"]),
           limit: int = Query(20, ge=1, le=200), items=Depends(get_catalog)) -> dict:
    hits = catalog.search(items, q, limit)
    return {"query": q, "items": [{**e.as_json(), "path": api_path(e.iri), "score": round(s, 2)}
                                  for s, e in hits]}
