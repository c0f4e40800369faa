"""Helpers shared by the REST routers: IDs in URLs, pagination, JSON-LD on request."""
from __future__ import annotations

import csv
import io

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


def _cell(value) -> str:
    """One CSV cell: lists joined (bodies by name), None empty."""
    if value is None:
        return ""
    if isinstance(value, list):
        return " | ".join(_cell(v.get("name") or v.get("label") or v.get("id")) if isinstance(v, dict) else _cell(v)
                          for v in value)
    return str(value)


def exported(answer: dict, fmt: str, name: str):
    """A list answer as asked by ?format=: json (the answer itself) or csv (its items, one row
    each, every field a column), as a download named after the list."""
    if fmt == "json":
        return JSONResponse(answer, headers={"Content-Disposition": f'inline; filename="{name}.json"'})
    columns = list(dict.fromkeys(k for item in answer["items"] for k in item if not isinstance(item[k], dict)))
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([_cell(item.get(c)) for c in columns] for item in answer["items"])
    return Response(buf.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})
