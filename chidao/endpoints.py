"""Where a SPARQL server takes queries, updates and credentials, from the URL chidao is given.

A server is named by its query endpoint (`--store http://127.0.0.1:7878/query`). Servers differ
in where updates go and how they authenticate, so those come from a table of known flavours
keyed by the shape of the URL — one entry per server product — and the environment overrides
any of it (a proxy, another path, credentials):

    CHIDAO_UPDATE_ENDPOINT   the SPARQL Update URL
    CHIDAO_STORE_USER        user name (with CHIDAO_STORE_PASSWORD)
    CHIDAO_STORE_PASSWORD
    CHIDAO_STORE_AUTH        basic | digest (default: the flavour's)
    CHIDAO_STORE_SQL         host:port of the server's SQL interface (Virtuoso's ISQL port, 1111 by
                             default), where the flavour has one: documents are then replaced in one
                             transaction each, as the same user (chidao.virtuoso_sql)
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

UPDATE_ENV = "CHIDAO_UPDATE_ENDPOINT"
USER_ENV = "CHIDAO_STORE_USER"
PASSWORD_ENV = "CHIDAO_STORE_PASSWORD"
AUTH_ENV = "CHIDAO_STORE_AUTH"
SQL_ENV = "CHIDAO_STORE_SQL"


@dataclass(frozen=True)
class Flavour:
    """One server product: how its query URL ends, the update URL's ending in its place, the
    HTTP auth it asks for on updates, and the query parameter (if any) that makes the default
    graph the union of all graphs (chidao's queries read the union)."""

    name: str
    query_path: str  # the query URL ends with this (a regular expression on the path)
    update_path: str | None  # replaces the matched part; None: read-only
    auth: str | None = None  # None | "basic" | "digest"
    union_parameter: str | None = None  # sent as ?name on queries without a dataset of their own
    # where N-Quads POSTed are loaded in one transaction (replaces the matched part): graphs the
    # server does not hold yet go there together, twice as fast as one update each
    bulk_path: str | None = None
    # Triples per INSERT DATA (Virtuoso's parser takes at most 4,990): a graph is then replaced
    # by DROP and several INSERT DATA in one request, marker triples last
    insert_data_limit: int | None = None
    # Graph Store endpoint (replaces the matched part) and its graph parameter, for graphs with
    # blank nodes where INSERT DATA refuses them (Virtuoso; its PUT in turn refuses a body whose
    # first 64 KB hold no line end, as a document's text does)
    graph_store_path: str | None = None
    graph_parameter: str = "graph"
    server_graphs: tuple[str, ...] = ()  # the server's own graphs, left out of graphs(), counts, export
    # where the URL's shape is shared (`…/sparql`: Virtuoso, `chidao serve`, Fuseki …), the
    # server's HTTP `Server` header must match this too (asked once, when the store is opened)
    server_header: str | None = None
    # `GRAPH ?g { }` lists the graphs from the graph index (Oxigraph); Virtuoso leaves ?g unbound
    # there, so graphs are found by their quads (a scan: use where listing graphs is rare)
    empty_graph_pattern: bool = True
    # graphs can be replaced in one transaction through the server's SQL interface, where over
    # HTTP they cannot (Virtuoso: docs/virtuoso.md, "Writing"); used when $CHIDAO_STORE_SQL is set
    sql_writes: bool = False


FLAVOURS = [
    Flavour("oxigraph", r"/query$", "/update", union_parameter="union-default-graph", bulk_path="/store"),
    Flavour("virtuoso", r"/sparql/?$", "/sparql-auth", auth="digest", insert_data_limit=4000,
            graph_store_path="/sparql-graph-crud-auth",
            graph_parameter="graph-uri", server_graphs=("http://www.openlinksw.com/schemas/virtrdf#",
                                                        "http://www.w3.org/ns/ldp#", "http://localuriqaserver/sparql"),
            empty_graph_pattern=False, server_header=r"^Virtuoso/", sql_writes=True),
]
# Any other URL: queries only (the server is taken to read the union by default, as Virtuoso,
# Fuseki with tdb:unionDefaultGraph and `chidao serve` do), unless $CHIDAO_UPDATE_ENDPOINT is set.
GENERIC = Flavour("generic", r"$", None)


@dataclass(frozen=True)
class Endpoints:
    query: str
    update: str | None
    flavour: Flavour
    auth: httpx.Auth | None = None
    graph_store: str | None = None
    bulk: str | None = None
    sql: tuple[str, str, str] | None = None  # (host:port, user, password) of the SQL interface


def is_endpoint(location: object) -> bool:
    """A --store value names a server (not a folder) when it is an http(s) URL."""
    return isinstance(location, str) and location.startswith(("http://", "https://"))


def endpoints(query_url: str, environ: dict | None = None) -> Endpoints:
    """The endpoints and credentials of the server whose query endpoint is `query_url`."""
    env = os.environ if environ is None else environ
    parts = urlsplit(query_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"{query_url!r} is not an http(s) URL of a SPARQL query endpoint")
    flavour = next((f for f in FLAVOURS if re.search(f.query_path, parts.path)
                    and (f.server_header is None or re.search(f.server_header, _server(query_url)))), GENERIC)
    update = env.get(UPDATE_ENV) or None
    if update is None and flavour.update_path is not None:
        path = re.sub(flavour.query_path, flavour.update_path, parts.path, count=1)
        update = parts._replace(path=path, query="", fragment="").geturl()
    def beside(path: str | None) -> str | None:
        """The URL of another endpoint of the same server (none when updates go elsewhere)."""
        if path is None or UPDATE_ENV in env:
            return None
        return parts._replace(path=re.sub(flavour.query_path, path, parts.path, count=1), query="", fragment="").geturl()

    return Endpoints(query_url, update, flavour, _auth(env, flavour.auth), beside(flavour.graph_store_path),
                     beside(flavour.bulk_path), _sql(env, flavour, query_url))


def _server(query_url: str) -> str:
    """The HTTP `Server` header of the endpoint ("" when it does not answer)."""
    try:
        return httpx.get(query_url, params={"query": "ASK {}"}, timeout=10).headers.get("server", "")
    except httpx.HTTPError:
        return ""


def _sql(env, flavour: Flavour, query_url: str) -> tuple[str, str, str] | None:
    """$CHIDAO_STORE_SQL with the store's credentials; refused where the server has no SQL writes."""
    address = env.get(SQL_ENV)
    if not address:
        return None
    if not flavour.sql_writes:
        raise ValueError(f"${SQL_ENV} is set, but {query_url} is a {flavour.name} server: only Virtuoso's SQL interface is known")
    if not env.get(USER_ENV):
        raise ValueError(f"${SQL_ENV} needs ${USER_ENV} and ${PASSWORD_ENV}: the SQL account that writes")
    return address, env[USER_ENV], env.get(PASSWORD_ENV) or ""


def _auth(env, default: str | None) -> httpx.Auth | None:
    user, password = env.get(USER_ENV), env.get(PASSWORD_ENV)
    if not user:
        return None
    kind = (env.get(AUTH_ENV) or default or "basic").lower()
    if kind == "digest":
        return httpx.DigestAuth(user, password or "")
    if kind == "basic":
        return httpx.BasicAuth(user, password or "")
    raise ValueError(f"${AUTH_ENV}={kind!r}: use basic or digest")
