"""SPARQL 1.1 Protocol endpoint: queries (GET, POST form, POST direct) and, when enabled, updates.

The request is parsed by hand rather than by FastAPI parameters because the protocol's error
cases live below that layer: a repeated `query`, a body that is not UTF-8, a missing content type.
"""
from __future__ import annotations

import hmac
from importlib import resources
from urllib.parse import parse_qsl

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from api.deps import get_pool, get_store
from api.formats import CANONICAL, GRAPH_TYPES, RESULT_TYPES, negotiate
from api.problems import Problem
from api.query_pool import PoolBusy, QueryPool, QueryRejected, QueryRequest, QueryTimeout
from api.service_description import service_description
from api.settings import Settings, get_settings

router = APIRouter(tags=["SPARQL"])

FORM = "application/x-www-form-urlencoded"
QUERY_TYPE = "application/sparql-query"
UPDATE_TYPE = "application/sparql-update"
DOCS = {"description": "SPARQL 1.1 Protocol. Results by content negotiation: "
        + ", ".join(sorted(set(RESULT_TYPES) | set(GRAPH_TYPES))) + "."}


def _decode(raw: bytes, what: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise Problem(400, f"{what} is not valid UTF-8 (byte {e.start}); SPARQL requests must be UTF-8") from None


def _params(raw: bytes, what: str) -> list[tuple[str, str]]:
    try:
        return parse_qsl(raw.decode("ascii", "strict") if raw.isascii() else _decode(raw, what),
                         keep_blank_values=True, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        raise Problem(400, f"{what} has percent-encoded bytes that are not UTF-8") from None


def _all(params: list[tuple[str, str]], name: str) -> list[str]:
    return [v for k, v in params if k == name]


def _media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


async def _parse_query(request: Request) -> tuple[str | None, list[tuple[str, str]]]:
    """(query text or None, dataset parameters) for the three protocol operations."""
    url_params = _params(request.scope.get("query_string", b""), "the URL query string")
    if request.method == "GET":
        params = url_params
    else:
        ctype, body = _media_type(request), await request.body()
        if ctype == FORM:
            params = _params(body, "the form body")
        elif ctype == QUERY_TYPE:
            if _all(url_params, "query"):
                raise Problem(400, "a direct POST carries the query in its body; do not also pass ?query=")
            return _decode(body, "the request body"), url_params
        elif ctype == UPDATE_TYPE:
            raise Problem(400, "this is the query endpoint; send SPARQL Update to /sparql/update")
        elif not ctype:
            raise Problem(400, f"POST needs a Content-Type: {FORM} or {QUERY_TYPE}")
        else:
            raise Problem(400, f"unsupported Content-Type {ctype!r}; use {FORM} or {QUERY_TYPE}")
    if _all(params, "update"):
        raise Problem(400, "this is the query endpoint; send SPARQL Update to /sparql/update")
    queries = _all(params, "query")
    if len(queries) > 1:
        raise Problem(400, f"{len(queries)} 'query' parameters given; the protocol allows exactly one")
    return (queries[0] if queries else None), params


@router.api_route("/sparql", methods=["GET", "POST"], summary="SPARQL 1.1 query endpoint",
                  openapi_extra={"parameters": [
                      {"name": "query", "in": "query", "required": False, "schema": {"type": "string"},
                       "example": "SELECT ?symbol ?date WHERE { ?i eli:id_local ?symbol ; eli:date_document ?date }"},
                      {"name": "default-graph-uri", "in": "query", "required": False,
                       "schema": {"type": "array", "items": {"type": "string"}}},
                      {"name": "named-graph-uri", "in": "query", "required": False,
                       "schema": {"type": "array", "items": {"type": "string"}}}]},
                  **DOCS)
async def sparql(request: Request, pool: QueryPool = Depends(get_pool),
                 settings: Settings = Depends(get_settings)):
    query, params = await _parse_query(request)
    accept = request.headers.get("accept")
    if query is None:
        if request.method == "GET":
            return _endpoint_page(request, accept, settings)
        raise Problem(400, "no 'query' parameter in the request")
    results_mt = negotiate(accept, list(RESULT_TYPES))
    graph_mt = negotiate(accept, list(GRAPH_TYPES))
    if results_mt is None and graph_mt is None:
        raise Problem(406, f"Accept {accept!r} allows no SPARQL results or RDF format this endpoint "
                      f"serves: {', '.join(CANONICAL.values())}")
    req = QueryRequest(query, RESULT_TYPES.get(results_mt), GRAPH_TYPES.get(graph_mt),
                       tuple(_all(params, "default-graph-uri")), tuple(_all(params, "named-graph-uri")),
                       base_iri=str(request.url.replace(query="")))
    try:
        answer = await run_in_threadpool(pool.run, req)
    except QueryRejected as e:
        raise Problem(400, f"SPARQL syntax error: {e}") from None
    except QueryTimeout as e:
        raise Problem(503, f"{e}; add a LIMIT or narrow the pattern") from None
    except PoolBusy as e:
        raise Problem(503, str(e), headers={"Retry-After": "5"}) from None
    if answer.fmt is None:
        wanted = "SPARQL results" if answer.kind in ("select", "ask") else "RDF"
        raise Problem(406, f"a {answer.kind.upper()} query returns {wanted}; Accept {accept!r} allows none")
    headers = {"Vary": "Accept"}
    if answer.truncated:
        headers["X-Chidao-Truncated"] = f"true; limit={settings.result_limit}"
    return Response(answer.body, media_type=CANONICAL[answer.fmt], headers=headers)


def _endpoint_page(request: Request, accept: str | None, settings: Settings) -> Response:
    """No query: a browser gets the query editor, an RDF client the service description."""
    offers = list(GRAPH_TYPES) + ["text/html"]
    chosen = negotiate(accept, offers)
    if chosen == "text/html":
        return HTMLResponse(resources.files("api").joinpath("static", "sparql.html").read_text("utf-8"))
    if chosen is None:
        raise Problem(406, "the service description is served as " + ", ".join(GRAPH_TYPES))
    fmt = GRAPH_TYPES[chosen]
    endpoint = str(request.url.replace(query=""))
    body = service_description(endpoint, settings, fmt)
    return Response(body, media_type=CANONICAL[fmt], headers={"Vary": "Accept"})


@router.get("/sparql/examples", summary="Example queries shown in the query editor")
def examples() -> list[dict]:
    folder = resources.files("api").joinpath("examples")
    out = []
    for f in sorted(folder.iterdir(), key=lambda p: p.name):
        if f.name.endswith(".rq"):
            text = f.read_text("utf-8")
            out.append({"name": f.name[:-3], "title": text.splitlines()[0].lstrip("# "), "query": text})
    return out


@router.post("/sparql/update", summary="SPARQL 1.1 Update (only when enabled, bearer token)")
@router.post("/update", include_in_schema=False)
async def update(request: Request, settings: Settings = Depends(get_settings)):
    if not settings.updates_enabled:
        raise Problem(403, "updates are disabled on this server (set CHIDAO_UPDATE_TOKEN to enable)")
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    # exactly the token, compared in constant time: "Bearer <token> " is another token
    if scheme.lower() != "bearer" or not hmac.compare_digest(token.encode(), settings.update_token.encode()):
        raise Problem(401, "send 'Authorization: Bearer <token>'", headers={"WWW-Authenticate": "Bearer"})
    ctype, body = _media_type(request), await request.body()
    if ctype == UPDATE_TYPE:
        text = _decode(body, "the request body")
    elif ctype == FORM:
        updates = _all(_params(body, "the form body"), "update")
        if len(updates) != 1:
            raise Problem(400, f"{len(updates)} 'update' parameters given; the protocol needs exactly one")
        text = updates[0]
    else:
        raise Problem(400, f"unsupported Content-Type {ctype!r}; use {FORM} or {UPDATE_TYPE}")
    store = get_store(request)
    try:
        await run_in_threadpool(store.update, text)
    except SyntaxError as e:
        raise Problem(400, f"SPARQL Update syntax error: {e}") from None
    store.flush()  # the SPARQL workers see the change from the store's generation file
    return Response(status_code=204)
