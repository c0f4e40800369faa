"""Bodies (org:Organization): what they issued, the tasks addressed to them, what they did."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request

from api.common import Page, api_path, node_or_jsonld, to_iri
from api.deps import get_matcher, get_store
from api.problems import Problem
from chidao import catalog, listing

router = APIRouter(prefix="/bodies", tags=["bodies"])


@router.get("", summary="List bodies with how many instruments each issued")
def list_bodies(q: str | None = Query(None, description="words of the name, accents optional",
                                      examples=["cong an"]),
                page: Page = Depends(), store=Depends(get_store), matcher=Depends(get_matcher)) -> dict:
    try:
        found = listing.bodies(store, q=q, limit=page.limit, offset=page.offset, matcher=matcher)
    except listing.TooBroad as e:
        raise Problem(422, str(e)) from None
    return {**found.as_json(), "items": [{**r, "path": api_path(r["body"])} for r in found.items]}


@router.get("/{ident:path}", summary="One body: its properties, what it issued, tasks and activities")
def get_body(ident: str, request: Request, store=Depends(get_store)):
    iri = to_iri(ident, "org/")
    body = catalog.describe(store, iri)
    if body is not None:
        body["issued"] = store.select("""SELECT ?instrument ?label ?date WHERE { ?instrument eli:passed_by ?b
            OPTIONAL { ?instrument rdfs:label ?label } OPTIONAL { ?instrument eli:date_document ?date } }
            ORDER BY ?date""", b=iri)
        body["tasks"] = store.select("""SELECT ?task ?label WHERE { { ?task cdo:addressedTo ?b } UNION
            { ?task cdo:performedBy ?b } OPTIONAL { ?task rdfs:label ?label } }""", b=iri)
    return node_or_jsonld(request, store, iri, body)
