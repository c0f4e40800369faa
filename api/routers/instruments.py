"""Instruments and tasks: filtered, paginated lists and one node with everything known about it."""
from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Depends, Query, Request

from api.common import Page, api_path, exported, node_or_jsonld, to_iri, wants_jsonld
from api.deps import get_store
from api.problems import Problem
from chidao import catalog, listing
from chidao.card import card
from chidao.status import status
from ontology import expand

router = APIRouter(prefix="/instruments", tags=["instruments"])
tasks_router = APIRouter(prefix="/tasks", tags=["tasks"])

EXAMPLE_ID = "eli/qd/2016/1395/uy-ban-nhan-dan-tinh-quang-ngai"


def _answer(page: listing.Page) -> dict:
    return {**page.as_json(), "items": [{**row, "path": api_path(row["id"])} for row in page.items]}


def _listed(build, **filters) -> dict:
    try:
        return _answer(build(**filters))
    except listing.TooBroad as e:
        raise Problem(422, str(e)) from None


@router.get("", summary="List instruments (filters combine with AND; text is accent-insensitive)")
def list_instruments(
        type: str | None = Query(None, description="type code or name", examples=["QĐ", "Quyết định", "ct"]),
        issuer: str | None = Query(None, description="issuer IRI or words of its name",
                                   examples=["quang ngai", "Bộ Công an"]),
        year: int | None = Query(None, examples=[2016]),
        symbol: str | None = Query(None, examples=["1395/QĐ-UBND"]),
        q: str | None = Query(None, description="words of the label or title", examples=["an ninh"]),
        facets: bool = Query(False, description="add counts by type, year, issuer (and status, for at most "
                                                f"{listing.MAX_STATUS_FACET} instruments)"),
        format: str | None = Query(None, pattern="^(json|csv)$", description="download the page as json or csv",
                                   examples=["csv"]),
        page: Page = Depends(), store=Depends(get_store)):
    filters = {"type": type, "issuer": issuer, "year": year, "symbol": symbol, "q": q}
    answer = _listed(listing.instruments, store=store, **filters, limit=page.limit, offset=page.offset)
    if facets:
        try:
            answer["facets"] = listing.instrument_facets(store, **filters)
        except listing.TooBroad:  # words matching too many to bind: the list (paged by the index) stands alone
            answer["facets"] = {}
    return exported(answer, format, "instruments") if format else answer


@router.get("/{ident:path}/status", summary="Whether the instrument is in force on a day, and why")
def instrument_status(ident: str, on: dt.date | None = Query(None, description="the day (default: today)",
                                                           examples=["2024-07-01"]),
                      store=Depends(get_store)) -> dict:
    """`status` is not_yet_in_force, in_force, partly_in_force, not_in_force or unknown, derived
    from the effects and entry-into-force statements documents make; `because` quotes each."""
    iri = to_iri(ident)
    if not store.select(_KNOWN, node=iri):
        raise Problem(404, f"no instrument {iri}")
    return status(store, iri, on, ident).as_json()


_KNOWN = "SELECT ?t WHERE { ?node a ?t } LIMIT 1"


@router.get("/{ident:path}", summary="One instrument: properties with evidence, sources, mentions "
            "(JSON-LD with Accept: application/ld+json)",
            description=f"`ident` is the IRI without `https://w3id.org/chidao/`, e.g. `{EXAMPLE_ID}`, "
                        "or the full IRI.")
def get_instrument(ident: str, request: Request, store=Depends(get_store)):
    """An instrument also has its `card`, as vbpl.vn shows it: `fields` (Số ký hiệu, Loại văn
    bản, … Tình trạng hiệu lực) under the vocabulary's labels, `others`, and `relations` grouped
    by type and worded from its side (Lược đồ); and its `status` today."""
    iri = to_iri(ident)
    body = catalog.describe(store, iri)
    if body is not None and not wants_jsonld(request):
        instrument = any(p["predicate"] == LEGAL_RESOURCE[0] and p["value"] == LEGAL_RESOURCE[1] for p in body["properties"])
        today = status(store, iri) if instrument else None
        body["card"] = card(store, body, today)
        body["status"] = today.as_json() if today else None  # as /instruments/{id}/status answers for today
    return node_or_jsonld(request, store, iri, body)


LEGAL_RESOURCE = (expand("rdf:type"), expand("eli:LegalResource"))


@tasks_router.get("", summary="Tasks, recommendations and reported activities")
def list_tasks(kind: str | None = Query(None, pattern="^(task|recommendation|activity)$",
                                        description="task | recommendation | activity"),
               q: str | None = Query(None), issuer: str | None = Query(None, description="body addressed"),
               format: str | None = Query(None, pattern="^(json|csv)$", description="download the page as json or csv"),
               page: Page = Depends(), store=Depends(get_store)):
    answer = _listed(listing.tasks, store=store, kind=kind, q=q, issuer=issuer, limit=page.limit, offset=page.offset)
    return exported(answer, format, "tasks") if format else answer


@tasks_router.get("/{ident:path}", summary="One task or recommendation with everything known about it")
def get_task(ident: str, request: Request, store=Depends(get_store)):
    iri = to_iri(ident)
    return node_or_jsonld(request, store, iri, catalog.describe(store, iri))
