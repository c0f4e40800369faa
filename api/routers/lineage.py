"""Lineage (up: what drives a node, down: what implements, amends, funds or reports on it) and
the shortest typed path between two nodes, each edge with the sentences that state it."""
from __future__ import annotations

import pyoxigraph as ox
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from api.common import api_path, jsonld, to_iri, wants_jsonld
from api.deps import get_lineage, get_store
from api.problems import Problem
from chidao import lineage as lineage_module
from chidao import listing, paths
from chidao.vocabulary import relation_labels

router = APIRouter(tags=["lineage"])

def _nodes(store, iris: set[str]) -> list[dict]:
    """Label, symbol, type, dates and classes of each node, read as inner joins bound to these
    nodes (chidao.listing.fields): an OPTIONAL chain here cost 7 s for one well-cited decree."""
    found = listing.fields(store, sorted(iris), ("label", "name", "symbol", "typeName", "date", "class"))
    return [{"id": iri, "path": api_path(iri), "label": (f.get("label") or f.get("name") or [None])[0],
             "symbol": (f.get("symbol") or [None])[0], "type": (f.get("typeName") or [None])[0],
             "dates": sorted(f.get("date", [])), "classes": sorted(f.get("class", []))}
            for iri, f in sorted(found.items())]


def _answer(request: Request, store, start: list[str], edges, with_evidence: bool, **extra):
    if wants_jsonld(request):
        triples = [ox.Triple(ox.NamedNode(e.subject), ox.NamedNode(e.predicate), ox.NamedNode(e.object))
                   for e in edges]
        return jsonld(triples)
    labels = relation_labels(store)
    iris = set(start) | {e.subject for e in edges} | {e.object for e in edges}
    return {**extra, "nodes": _nodes(store, iris), "edges": [
        {"subject": e.subject, "predicate": e.predicate, "relation": labels.get(e.predicate, {}),
         "object": e.object, "depth": e.depth, "direction": e.direction, "parent": e.parent,
         "evidence": list(e.sentences) if with_evidence else None, "mentions": e.mention_count}
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
                            quotes: int = Query(1, ge=1, le=20, description="sentences quoted per edge, the "
                                                "earliest first; `mentions` counts all, `/evidence` pages them"),
                            relation: list[str] | None = Query(None, description="follow only these relations",
                                                               examples=[["eli:implements", "cdo:funds"]]),
                            limit: int = Query(50, ge=1, le=500, description="edges kept per relation and level "
                                               "(a hub's dependants come in pages; `groups` counts all)"),
                            offset: int = Query(0, ge=0, description="edges skipped per relation at the first level"),
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

    key = ("lineage", iri, direction, depth, evidence, quotes, tuple(options.get("predicates", ())), limit, offset)
    # answers live until the next write; `Cache-Control: no-cache` asks for a fresh one (HTTP's
    # meaning), and X-Chidao-Cache says which a client got
    fresh = "no-cache" in request.headers.get("cache-control", "").lower()
    if not wants_jsonld(request) and not fresh and key in store.cache:
        return Response(store.cache[key], media_type="application/json", headers={CACHE_HEADER: "hit"})

    def run():
        found = lineage(store, iri, direction, depth, per_group=limit, offset=offset, evidence=evidence,
                        quotes=quotes, **options)
        if not found.edges and not store.select("SELECT ?p WHERE { ?n ?p ?o } LIMIT 1", n=iri):
            raise Problem(404, f"nothing is known about {iri}")
        labels = relation_labels(store)
        groups = [{"depth": g.depth, "direction": g.direction, "predicate": g.predicate, "relation": g.relation,
                   "label": labels.get(g.predicate, {}), "total": g.total, "shown": g.shown, "offset": g.offset}
                  for g in found.groups]
        answer = _answer(request, store, [iri], found.edges, evidence, node=iri, direction=direction, depth=depth,
                         limit=limit, offset=offset, truncated=found.truncated, groups=groups)
        if not isinstance(answer, dict):
            return answer
        body = JSONResponse(answer).body
        _remember(store, key, body)
        return Response(body, media_type="application/json", headers={CACHE_HEADER: "miss"})
    return await run_in_threadpool(run)


CACHE_HEADER = "X-Chidao-Cache"
MAX_CACHED_ANSWERS = 256  # lineage answers kept per store state (a hub law is asked for again and again)


def _remember(store, key: tuple, answer: bytes) -> None:
    """Keep the rendered answer (rendering JSON was most of a cached request's cost)."""
    cached = [k for k in store.cache if isinstance(k, tuple) and k[0] == "lineage"]
    for old in cached[:max(0, len(cached) - MAX_CACHED_ANSWERS + 1)]:
        del store.cache[old]
    store.cache[key] = answer


@router.get("/evidence", summary="Every sentence stating one edge, in pages",
            description="The mentions behind `subject predicate object` (full IRIs or CURIEs for the "
                        "predicate), the earliest in its text first, each with its document, offsets, quoted "
                        "words and sentence. A lineage edge quotes the first few and counts the rest.")
async def get_evidence(subject: str = Query(..., examples=["eli/kh/2016/80/uy-ban-nhan-dan-tinh-quang-ngai"]),
                       predicate: str = Query(..., examples=["eli:implements"]),
                       object: str = Query(..., examples=["eli/ct-dang/2011/9/ban-chap-hanh-trung-uong-dang"]),
                       limit: int = Query(20, ge=1, le=200), offset: int = Query(0, ge=0),
                       store=Depends(get_store)):
    s, o = to_iri(subject), to_iri(object)
    try:
        p = predicate if "://" in predicate else lineage_module.expand(predicate)
    except KeyError:
        raise Problem(422, f"unknown predicate {predicate!r}") from None

    def run():
        total = lineage_module.fact_mention_count(store, s, p, o)
        if not total:
            raise Problem(404, f"no sentence states {s} {p} {o}")
        return {"subject": s, "predicate": p, "object": o, "total": total, "limit": limit,
                "offset": offset, "sentences": lineage_module.evidence(store, s, p, o, limit, offset)}
    return await run_in_threadpool(run)


@router.get("/path", summary="Shortest typed path between two nodes (bidirectional search in the store)")
async def get_path(request: Request,
                   source: str = Query(..., alias="from", examples=["eli/cv/2017/1721/uy-ban-nhan-dan-tinh-quang-ngai"]),
                   target: str = Query(..., alias="to", examples=["eli/ct-dang/2011/9/ban-chap-hanh-trung-uong-dang"]),
                   store=Depends(get_store)):
    a, b = to_iri(source), to_iri(target)

    def run():
        edges = paths.shortest_path(store, a, b)
        if edges is None:
            raise Problem(404, f"no chain of relations links {a} and {b}")
        return _answer(request, store, [a, b], edges, True, source=a, target=b, length=len(edges))
    return await run_in_threadpool(run)
