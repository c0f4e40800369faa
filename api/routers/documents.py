"""Source documents: one named graph each, with the stored text and every mention in it."""
from __future__ import annotations

from importlib import resources

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from api.common import JSONLD, Page, api_path, exported, node_or_jsonld, to_iri
from api.deps import get_store
from api.formats import negotiate
from chidao import catalog, listing

router = APIRouter(prefix="/documents", tags=["documents"])


@router.get("", summary="Ingested source documents")
def list_documents(format: str | None = Query(None, pattern="^(json|csv)$", description="download the page as json or csv"),
                   page: Page = Depends(), store=Depends(get_store)):
    found = listing.documents(store, limit=page.limit, offset=page.offset)
    answer = {**found.as_json(), "items": [{**r, "path": api_path(r["document"])} for r in found.items]}
    return exported(answer, format, "documents") if format else answer


@router.get("/{ident:path}", summary="One document: text and mentions (offsets index the text)",
            description="`ident` is the document id, e.g. `bc-18-ubnd-quang-ngai-2021`, or its IRI.")
def get_document(ident: str, request: Request, store=Depends(get_store)):
    """A browser (Accept: text/html first) gets a page showing the text, where `#char=B,E`
    marks and scrolls to that span (the evidence links of the researcher page)."""
    if negotiate(request.headers.get("accept"), ["application/json", JSONLD, "text/html"]) == "text/html":
        return HTMLResponse(resources.files("api").joinpath("static", "document.html").read_text("utf-8"))
    iri = to_iri(ident, "doc/")
    return node_or_jsonld(request, store, iri, catalog.document(store, iri))
