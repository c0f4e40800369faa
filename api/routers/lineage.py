"""Lineage (up: what drives a node, down: what implements, amends, funds or reports on it) and
the shortest typed path between two nodes, each edge with the sentences that state it."""
from __future__ import annotations

import pyoxigraph as ox
from fastapi import APIRouter, Depends, Query, Request
from starlette.concurrency import run_in_threadpool

from api.common import api_path, jsonld, to_iri, wants_jsonld
from api.deps import get_lineage, get_store
from api.problems import Problem
from chidao import lineage as lineage_module

router = APIRouter(tags=["lineage"])

_NODES = """SELECT ?n ?label ?symbol ?type ?date ?class WHERE {
  OPTIONAL { ?n rdfs:label|skos:prefLabel ?label } OPTIONAL { ?n eli:id_local ?symbol }
  OPTIONAL { ?n eli:type_document/skos:prefLabel ?type FILTER(LANG(?type) = "vi") }
  OPTIONAL { ?n eli:date_document ?date } OPTIONAL { ?n a ?class } }"""


def _values_query(query: str, name: str, iris) -> str:
    values = " ".join(str(ox.NamedNode(i)) for i in iris)
    return query.replace("WHERE {", f"WHERE {{ VALUES ?{name} {{ {values} }}", 1)


def _nodes(store, iris: set[str]) -> list[dict]:
    if not iris:
        return []
    out: dict[str, dict] = {}
    for r in store.query(_values_query(_NODES, "n", iris)):
        n = out.setdefault(r["n"].value, {"id": r["n"].value, "path": api_path(r["n"].value), "label": None,
                                          "symbol": None, "type": None, "dates": [], "classes": []})
        for key in ("label", "symbol", "type"):
            if r[key] is not None and n[key] is None:
                n[key] = r[key].value
        if r["date"] is not None and r["date"].value not in n["dates"]:
            n["dates"].append(r["date"].value)
        if r["class"] is not None and r["class"].value not in n["classes"]:
            n["classes"].append(r["class"].value)
    for iri in iris:
        out.setdefault(iri, {"id": iri, "path": api_path(iri), "label": None, "symbol": None, "type": None,
                             "dates": [], "classes": []})
    return sorted(out.values(), key=lambda n: n["id"])


def _relation_labels(store) -> dict[str, dict]:
    rows = store.query(_values_query("""SELECT ?p ?label WHERE { ?p rdfs:label ?label }""", "p",
                                     lineage_module.relations()))
    out: dict[str, dict] = {}
    for r in rows:
        out.setdefault(r["p"].value, {})[r["label"].language or "en"] = r["label"].value
    return out


def _answer(request: Request, store, start: list[str], edges, with_evidence: bool, **extra):
    if wants_jsonld(request):
        triples = [ox.Triple(ox.NamedNode(e.subject), ox.NamedNode(e.predicate), ox.NamedNode(e.object))
                   for e in edges]
        return jsonld(triples)
    labels, table = _relation_labels(store), lineage_module.relations()
    iris = set(start) | {e.subject for e in edges} | {e.object for e in edges}
    return {**extra, "nodes": _nodes(store, iris), "edges": [
        {"subject": e.subject, "predicate": e.predicate, "relation": labels.get(e.predicate, {}),
         "object": e.object, "depth": e.depth, "direction": e.direction,
         "parent": e.object if table[e.predicate].parent == "object" else e.subject,
         "evidence": lineage_module.evidence(store, e.subject, e.predicate, e.object) if with_evidence else None}
        for e in edges]}


@router.get("/lineage/{ident:path}", summary="Lineage of an instrument or task, up and/or down",
            description="`ident`: the IRI without `https://w3id.org/chidao/`, e.g. "
                        "`eli/qd/2016/1395/uy-ban-nhan-dan-tinh-quang-ngai`. Each edge carries its relation "
                        "(labels vi/en), depth, direction and the quoted evidence. JSON-LD (edges as "
                        "triples) with Accept: application/ld+json.")
async def get_lineage_route(ident: str, request: Request,
                            direction: str = Query("both", pattern="^(up|down|both)$"),
                            depth: int = Query(3, ge=1, le=10),
                            evidence: bool = Query(True, description="include quoted sentences"),
                            relation: list[str] | None = Query(None, description="follow only these relations",
                                                               examples=[["eli:implements", "cdo:funds"]]),
                            store=Depends(get_store), lineage=Depends(get_lineage)):
    iri = to_iri(ident)
    options = {}
    if relation:
        known = lineage_module.relations()
        try:
            options["predicates"] = [r if r in known else lineage_module.expand(r) for r in relation]
        except KeyError:
            options["predicates"] = [None]
        if not set(options["predicates"]) <= set(known):
            raise Problem(422, f"unknown relation in {relation}; known: " + ", ".join(sorted(known)))

    def run():
        edges = lineage(store, iri, direction, depth, **options)
        if not edges and not store.select("SELECT ?p WHERE { ?n ?p ?o } LIMIT 1", n=iri):
            raise Problem(404, f"nothing is known about {iri}")
        return _answer(request, store, [iri], edges, evidence, node=iri, direction=direction, depth=depth)
    return await run_in_threadpool(run)


@router.get("/path", summary="Shortest typed path between two nodes (networkx over relation edges)")
async def get_path(request: Request,
                   source: str = Query(..., alias="from", examples=["eli/cv/2017/1721/uy-ban-nhan-dan-tinh-quang-ngai"]),
                   target: str = Query(..., alias="to", examples=["eli/ct-dang/2011/9/ban-chap-hanh-trung-uong-dang"]),
                   store=Depends(get_store)):
    a, b = to_iri(source), to_iri(target)

    def run():
        edges = lineage_module.shortest_path(store, a, b)
        if edges is None:
            raise Problem(404, f"no chain of relations links {a} and {b}")
        return _answer(request, store, [a, b], edges, True, source=a, target=b, length=len(edges))
    return await run_in_threadpool(run)
