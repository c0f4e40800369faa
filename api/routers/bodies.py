"""Bodies (org:Organization): what they issued, the tasks addressed to them, what they did."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request

from api.common import Page, api_path, node_or_jsonld, to_iri
from api.deps import get_store
from chidao import catalog
from ingest.text import fold

router = APIRouter(prefix="/bodies", tags=["bodies"])

_BODIES = """SELECT ?body ?name ?code ?parent (COUNT(DISTINCT ?i) AS ?issued) WHERE {
  ?body a org:Organization . OPTIONAL { ?body skos:prefLabel ?name } OPTIONAL { ?body skos:notation ?code }
  OPTIONAL { ?body org:subOrganizationOf ?parent } OPTIONAL { ?i eli:passed_by ?body }
} GROUP BY ?body ?name ?code ?parent ORDER BY DESC(?issued) ?name"""


@router.get("", summary="List bodies with how many instruments each issued")
def list_bodies(q: str | None = Query(None, description="words of the name, accents optional",
                                      examples=["cong an"]),
                page: Page = Depends(), store=Depends(get_store)) -> dict:
    rows = store.select(_BODIES)
    if q:
        rows = [r for r in rows if fold(q) in fold(f"{r['name'] or ''} {r['code'] or ''}")]
    return page.of([{**r, "path": api_path(r["body"])} for r in rows])


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
