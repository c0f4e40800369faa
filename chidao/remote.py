"""A chidao store kept in a SPARQL 1.1 server (Oxigraph server, Virtuoso …): `--store URL`.

It answers what `chidao.store.Store` answers — SELECT rows, pyoxigraph query results, the
protocol's datasets, counts, export — by sending SPARQL over HTTP, so lineage, status, the CLI,
the service and notebooks read a server as they read a folder. Writing is in
chidao.remote_writes (the same graph replacements the embedded store applies).

The full-text index cannot live in the server (a generic SPARQL server has no chidao FTS5): it
is a local folder, $CHIDAO_INDEX or a cache folder named after the URL, kept current by ingest
and rebuilt from the server by `chidao reindex --store URL`.

Derived answers (`cache`) are dropped when the server's generation value moved: every writer
rewrites it after each batch, and a reader looks at it at most once a second.
"""
from __future__ import annotations

import hashlib
import io
import os
import re
import time
from pathlib import Path

import httpx
import pyoxigraph as ox
from rdflib import Graph

from chidao.endpoints import endpoints
from chidao.remote_writes import GENERATION_GRAPH, RemoteWrites
from chidao.sparql_text import inline
from chidao.store import _FROM, EXPORT_FORMATS, VOCABULARY_GRAPH, Stats, _to_term, bind_values, python_value, stats
from chidao.store_lock import held_elsewhere
from chidao.textindex import FILE_NAME as TEXT_FILE
from chidao.textindex import TextIndex
from ontology import PREFIXES, sparql_prefixes

INDEX_ENV = "CHIDAO_INDEX"
GENERATION_CHECK_SECONDS = 1.0
RESULTS_JSON = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"
# a CONSTRUCT or DESCRIBE after the prologue: asked for N-Triples only (Virtuoso answers a
# graph query in SPARQL JSON rows when JSON is acceptable at all)
_GRAPH_FORM = re.compile(r"^(?:\s|#[^\n]*\n|(?:PREFIX|BASE)\b[^\n]*\n)*(?:CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)


def _accept(sparql: str) -> str:
    return N_TRIPLES if _GRAPH_FORM.match(sparql) else f"{RESULTS_JSON}, {N_TRIPLES};q=0.9"


def index_folder(query_url: str) -> Path:
    """$CHIDAO_INDEX, else ~/.cache/chidao/index/<host>-<port>-<hash of the URL>."""
    if os.environ.get(INDEX_ENV):
        return Path(os.environ[INDEX_ENV])
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    host = re.sub(r"[^\w.-]+", "-", query_url.split("://", 1)[1].split("/", 1)[0])
    return cache / "chidao" / "index" / f"{host}-{hashlib.sha256(query_url.encode()).hexdigest()[:12]}"


def _py(cell: dict | None):
    return None if cell is None else python_value(cell["value"], cell.get("datatype", ""))


class _Body(io.RawIOBase):
    """A streamed HTTP answer as a file: pyoxigraph parses it as it reads, so a forwarded query
    cut at the service's result cap stops reading there (the whole answer of a query over 20 M
    triples would be read into memory first)."""

    def __init__(self, response: httpx.Response):
        self._chunks = response.iter_bytes()
        self._left = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self._left:
            chunk = next(self._chunks, None)
            if chunk is None:
                return 0
            self._left = chunk
        n = min(len(buffer), len(self._left))
        buffer[:n], self._left = self._left[:n], self._left[n:]
        return n


class RemoteStore(RemoteWrites):
    """`RemoteStore("http://127.0.0.1:7878/query")`; `read_only` refuses every write."""

    def __init__(self, endpoint: str, *, read_only: bool = False, timeout: float = 60.0):
        self.endpoints = endpoints(endpoint)
        self.endpoint = endpoint
        self.path = None  # no folder: the CLI and the service ask for `endpoint`
        self.read_only = read_only
        self.rows_read = 0
        self._client = httpx.Client(timeout=timeout)
        self._cache: dict = {}
        self._generation = self.generation()
        self._checked = time.monotonic()
        self.index_dir = index_folder(endpoint)
        self.index_dir.mkdir(parents=True, exist_ok=True)
        self.text = TextIndex(self.index_dir / TEXT_FILE)
        self._text_checked = False
        self._writer = None
        self._sql = None  # chidao.virtuoso_sql.VirtuosoSql, opened by the first SQL write
        self._streamed: httpx.Response | None = None  # the last protocol_query's answer, being read

    def __repr__(self) -> str:
        return f"<chidao.RemoteStore {self.endpoint}>"

    # -- HTTP ------------------------------------------------------------------------------
    def _query(self, sparql: str, accept: str, params: list[tuple[str, str]] = (), *,
               stream: bool = False) -> httpx.Response:
        """POST the query (form-encoded: any length), text functions inlined (they read the local
        index: chidao.sparql_text.inline); a 400 is the server's syntax error."""
        if "text" in sparql:
            sparql = inline(self, sparql)
        return self._request("POST", self.endpoint, params=list(params), data={"query": sparql},
                             headers={"Accept": accept}, stream=stream)

    def _request(self, method: str, url: str, *, stream: bool = False, **request) -> httpx.Response:
        """One HTTP request to the server with its credentials (`stream`: the body is read as it
        is parsed); a 400 is the server's syntax error, any other failure a RuntimeError naming
        the URL."""
        try:
            r = self._client.send(self._client.build_request(method, url, **request),
                                  auth=self.endpoints.auth or httpx.USE_CLIENT_DEFAULT, stream=stream)
            if stream and r.status_code >= 300:
                r.read()
        except httpx.HTTPError as e:
            raise ConnectionError(f"SPARQL server {url} did not answer: {e}") from None
        if r.status_code == 400:
            raise SyntaxError(f"{url} answered 400: {r.text.strip()[:2000]}")
        if r.status_code >= 300:
            raise RuntimeError(f"{url} answered {r.status_code}: {r.text[:500]}")
        return r

    def _union(self) -> list[tuple[str, str]]:
        name = self.endpoints.flavour.union_parameter
        return [(name, "true")] if name else []

    # -- reading ---------------------------------------------------------------------------
    @property
    def cache(self) -> dict:
        """As Store.cache; emptied when another process wrote the server (checked ≤ 1/s)."""
        self._follow_writers()
        return self._cache

    def _follow_writers(self) -> None:
        """At most once a second: if the generation moved, forget cached answers and let the
        next search catch the text index up."""
        now = time.monotonic()
        if now - self._checked >= GENERATION_CHECK_SECONDS:
            self._checked = now
            seen = self.generation()
            if seen != self._generation:
                self._generation, self._text_checked = seen, False
                self._cache.clear()

    def generation(self) -> str | None:
        rows = self._query(f"SELECT ?v WHERE {{ GRAPH <{GENERATION_GRAPH}> {{ <{GENERATION_GRAPH}> ?p ?v }} }}",
                           RESULTS_JSON).json()["results"]["bindings"]
        return rows[0]["v"]["value"] if rows else None

    def query(self, sparql: str, *, prefixes: bool = True):
        """As Store.query: pyoxigraph QuerySolutions / QueryBoolean, or a list of ox.Triple."""
        return self._parsed(self._query((sparql_prefixes() if prefixes else "") + sparql, _accept(sparql),
                                        self._union()))

    def protocol_query(self, sparql: str, *, default_graphs: list[str] = (), named_graphs: list[str] = (),
                       base_iri: str | None = None):
        """As Store.protocol_query: the protocol's dataset is forwarded; without one (and no
        FROM) the default graph is the union; relative IRIs resolve against `base_iri`."""
        params = [("default-graph-uri", g) for g in default_graphs] + [("named-graph-uri", g) for g in named_graphs]
        if not params and not _FROM.search(sparql):
            params = self._union()
        text = (f"BASE <{base_iri}>\n" if base_iri else "") + sparql_prefixes() + sparql
        if self._streamed is not None:  # the previous answer, perhaps cut at the caller's cap
            self._streamed.close()
        self._streamed = self._query(text, _accept(sparql), params, stream=True)
        return self._parsed(self._streamed, _Body(self._streamed))

    @staticmethod
    def _parsed(r: httpx.Response, body=None):
        """The answer parsed from `body` (a stream, read only as far as the caller iterates),
        else from the whole content."""
        body = r.content if body is None else body
        if r.headers.get("content-type", "").startswith(RESULTS_JSON):
            return ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
        triples = ox.parse(body, format=ox.RdfFormat.N_TRIPLES)
        return triples if isinstance(body, _Body) else list(triples)

    def select(self, sparql: str, **bindings) -> list[dict[str, object]]:
        """As Store.select: rows of Python values, keyword bindings as a VALUES block."""
        if bindings:
            sparql = bind_values(sparql, {k: _to_term(v) for k, v in bindings.items()})
        data = self._query(sparql_prefixes() + sparql, RESULTS_JSON, self._union()).json()
        names = data["head"]["vars"]
        rows = [{n: _py(b.get(n)) for n in names} for b in data["results"]["bindings"]]
        self.rows_read += len(rows)
        return rows

    def ask(self, sparql: str) -> bool:
        data = self._query(sparql_prefixes() + sparql, RESULTS_JSON, self._union()).json()
        if "boolean" in data:
            return bool(data["boolean"])
        rows = data["results"]["bindings"]  # Virtuoso 7.2: a row of ?__ASK_RETVAL 1 when true, none when false
        return bool(rows) and bool(_py(next(iter(rows[0].values()))))

    @property
    def _not_ours(self) -> str:
        """A filter leaving out graphs that hold no documents: the writers' generation and the
        server's own (Virtuoso keeps ~2,500 quads of its settings in the default dataset)."""
        hidden = (GENERATION_GRAPH, *self.endpoints.flavour.server_graphs)
        return f"FILTER(?g NOT IN ({', '.join(f'<{g}>' for g in hidden)}))"

    def graphs(self) -> list[str]:
        quads = "" if self.endpoints.flavour.empty_graph_pattern else "?s ?p ?o"
        return sorted(r["g"] for r in self.select(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ {quads} }} {self._not_ours} }}"))

    def count(self) -> int:
        return self.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {self._not_ours} }}")[0]["n"]

    def stats(self) -> Stats:
        return stats(self)

    def export(self, fmt: str) -> bytes:
        """As Store.export: quads for TriG/N-Quads, the union of graphs for the others."""
        rdf_format = EXPORT_FORMATS[fmt]
        if rdf_format.supports_datasets:
            return ox.serialize(self._quads(), format=rdf_format, prefixes=PREFIXES)
        triples = self.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {self._not_ours} }}")
        return ox.serialize(triples, format=rdf_format, prefixes=PREFIXES)

    def _quads(self):
        """Every quad, one graph's CONSTRUCT at a time: in N-Triples a blank node keeps a label
        pyoxigraph reads (Virtuoso names them `nodeID://…` in result rows), and no one answer
        holds the whole store."""
        for graph in self.graphs():
            g = ox.NamedNode(graph)
            for t in self.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {g} {{ ?s ?p ?o }} }}"):
                yield ox.Quad(t.subject, t.predicate, t.object, g)

    def to_rdflib(self, *, with_vocabulary: bool = False) -> Graph:
        keep = "" if with_vocabulary else f"FILTER(?g != <{VOCABULARY_GRAPH}>)"
        r = self._query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {keep} {self._not_ours} }}",
                        N_TRIPLES)
        return Graph().parse(data=r.text, format="nt")

    # -- the full-text index ---------------------------------------------------------------
    def search_index(self) -> TextIndex:
        """The local text index, first caught up with the server (once, and again after
        another process wrote; not while a writer of this index runs: it keeps it current)."""
        self._follow_writers()
        if not self._text_checked and not held_elsewhere(self.index_dir):
            self.text.catch_up(self)
            self._text_checked = True
        return self.text

    def reindex(self) -> int:
        """Rebuild the local text index from the server (`chidao reindex --store URL`)."""
        self.take_writer_lock()
        self._text_checked = True
        return self.text.rebuild(self)

    def close(self) -> None:
        if self._streamed is not None:
            self._streamed.close()
        self._client.close()
        self.text.close()
        if self._sql is not None:
            self._sql.close()
        if self._writer is not None:
            self._writer.release()
