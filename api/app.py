"""The FastAPI app factory: `create_app(settings)` wires store, SPARQL workers, routers and pages.

Tests and `chidao serve` build the app the same way; the settings given here also answer the
`get_settings` dependency, so one app never reads another's environment."""
from __future__ import annotations

from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path

import swagger_ui_bundle
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from api import problems
from api.limits import RequestSizeLimit, RequestTimeLimit
from api.live_store import LiveStore
from api.query_pool import QueryPool
from api.routers import bodies, documents, instruments, lineage, search, sparql
from api.settings import Settings, get_settings
from chidao.store import store_location

STATIC = Path(str(resources.files("api").joinpath("static")))


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    path = store_location(settings.store)  # a folder, or a SPARQL server's query URL

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        if isinstance(path, Path) and not path.exists():
            raise RuntimeError(f"no store at {path} — run `chidao ingest` first or pass --store")
        app.state.live = LiveStore(path, read_only=not settings.updates_enabled)
        app.state.live.current().search_index()  # index whatever the text index lacks, before the first request
        app.state.pool = QueryPool(str(path), settings.query_workers, settings.query_timeout,
                                   settings.result_limit).start()
        try:
            yield
        finally:
            app.state.pool.close()

    # /docs is served from the app (Swagger UI's files come with the swagger-ui-bundle-v2 wheel):
    # FastAPI's default page loads them from a CDN and is blank offline. No ReDoc: it has no wheel.
    app = FastAPI(title="chidao", version="0.1.0", lifespan=lifespan, docs_url=None, redoc_url=None,
                  summary="Vietnamese directives, plans, reports and the bodies behind them, as a graph",
                  description="A standard SPARQL 1.1 endpoint at /sparql, REST traversal and lineage "
                              "with the sentences behind each link, and a page for researchers at /.")
    app.dependency_overrides[get_settings] = lambda: settings
    app.add_middleware(RequestTimeLimit, seconds=settings.request_timeout)
    app.add_middleware(RequestSizeLimit, max_bytes=settings.max_request_bytes)  # inside CORS: a 413 has its headers
    app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST", "OPTIONS"],
                       allow_headers=["*"], expose_headers=["X-Chidao-Truncated", "X-Chidao-Cache"])
    problems.install(app)
    for module in (sparql, search, lineage, instruments, bodies, documents):
        app.include_router(module.router)
    app.include_router(instruments.tasks_router)
    app.mount("/static/swagger", StaticFiles(directory=str(swagger_ui_bundle.swagger_ui_path)), name="swagger")
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/docs", include_in_schema=False)
    def api_docs() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url=app.openapi_url, title="chidao — API",
                                   swagger_js_url="/static/swagger/swagger-ui-bundle.js",
                                   swagger_css_url="/static/swagger/swagger-ui.css",
                                   swagger_favicon_url="/static/swagger/favicon-32x32.png")

    @app.get("/", include_in_schema=False)
    def index() -> HTMLResponse:
        return HTMLResponse((STATIC / "index.html").read_text("utf-8"))

    @app.get("/tables", include_in_schema=False)
    def tables() -> HTMLResponse:
        return HTMLResponse((STATIC / "tables.html").read_text("utf-8"))

    return app
