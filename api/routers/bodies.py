"""Bodies (org:Organization): what they issued, the tasks addressed to them, what they did."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request

from api.common import Page, api_path, exported, node_or_jsonld, to_iri
from api.deps import get_store
from api.problems import Problem
from chidao import catalog, listing

router = APIRouter(prefix="/bodies", tags=["bodies"])

MAX_LISTED = 50  # instruments and tasks shown with one body (the totals count all; /instruments?issuer= pages them)


@router.get("", summary="List bodies with how many instruments each issued")
def list_bodies(q: str | None = Query(None, description="words of the name, accents optional",
                                      examples=["cong an"]),
                format: str | None = Query(None, pattern="^(json|csv)$", description="download the page as json or csv"),
                page: Page = Depends(), store=Depends(get_store)):
    try:
        found = listing.bodies(store, q=q, limit=page.limit, offset=page.offset)
    except listing.TooBroad as e:
        raise Problem(422, str(e)) from None
    answer = {**found.as_json(), "items": [{**r, "path": api_path(r["body"])} for r in found.items]}
    return exported(answer, format, "bodies") if format else answer


@router.get("/{ident:path}", summary="One body: its properties, the first instruments it issued, tasks and activities")
def get_body(ident: str, request: Request, store=Depends(get_store)):
    iri = to_iri(ident, "org/")
    body = catalog.describe(store, iri)
    if body is not None:
        issued = listing.instruments(store, issuer=iri, limit=MAX_LISTED)
        body["issued"] = [{"instrument": i["id"], "label": i["label"], "date": (i["dates"] or [None])[0]}
                          for i in sorted(issued.items, key=lambda i: (i["dates"] or [""])[0])]
        body["issuedTotal"] = issued.total
        tasks = listing.tasks(store, issuer=iri, limit=MAX_LISTED)
        body["tasks"] = [{"task": t["id"], "label": t["label"]} for t in tasks.items]
        body["tasksTotal"] = tasks.total
    return node_or_jsonld(request, store, iri, body)
