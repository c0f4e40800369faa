"""Helpers shared by the REST routers: IDs in URLs, pagination, JSON-LD on request."""
from __future__ import annotations

import pyoxigraph as ox
from fastapi import Query, Request
from fastapi.responses import JSONResponse, Response

from api.formats import negotiate
from api.problems import Problem
from ontology import BASE

JSONLD = "application/ld+json"


def to_iri(ident: str, under: str = "") -> str:
    """URL ids are IRIs without 'https://w3id.org/chidao/{under}'; a full IRI is accepted too."""
    if ident.startswith(("http://", "https://")):
        iri = ident
    else:
        ident = ident.lstrip("/")
        iri = BASE + (ident if ident.startswith(under) else under + ident)
    try:
        ox.NamedNode(iri)
    except ValueError:
        raise Problem(400, f"{ident!r} is not a valid identifier") from None
    return iri


def api_path(iri: str) -> str:
    """The shortest id for URLs (IRI without the chidao base)."""
    return iri[len(BASE):] if iri.startswith(BASE) else iri


class Page:
    def __init__(self, limit: int = Query(50, ge=1, le=1000, description="page size"),
                 offset: int = Query(0, ge=0, description="rows to skip")):
        self.limit, self.offset = limit, offset


def wants_jsonld(request: Request) -> bool:
    return negotiate(request.headers.get("accept"), ["application/json", JSONLD]) == JSONLD


def jsonld(triples: list) -> Response:
    return Response(ox.serialize(triples, format=ox.RdfFormat.JSON_LD), media_type=JSONLD)


def node_triples(store, iri: str) -> list:
    """The node's own triples (a Concise Bounded Description without blank-node closure)."""
    return list(store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ VALUES ?s {{ {ox.NamedNode(iri)} }} ?s ?p ?o }}"))


def node_or_jsonld(request: Request, store, iri: str, body: dict | None) -> Response:
    if body is None:
        raise Problem(404, f"nothing is known about {iri}")
    if wants_jsonld(request):
        return jsonld(node_triples(store, iri))
    return JSONResponse(body)
