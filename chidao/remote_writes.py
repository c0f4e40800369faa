"""The writing half of chidao.remote.RemoteStore: document graphs replaced in a SPARQL server.

Each document already in the server is one update request, `DROP SILENT GRAPH <g> ; INSERT
DATA { GRAPH <g> { … } }` (chidao.store.replacement, the text the embedded store applies), its
marker quads (the sha256 of its file) last: Oxigraph applies one request in one transaction, so
a kill leaves the old graph or the new one, and a server that applied a request in order would
still write the marker last. Documents it does not hold yet go together as N-Quads to the
flavour's bulk endpoint where it has one (Oxigraph's /store: one transaction for the batch,
twice as fast as an update each), as the embedded store bulk-loads them. SPARQL Update rather
than the Graph Store Protocol's PUT: the bytes sent are the embedded store's own.

Virtuoso (docs/virtuoso.md) takes at most 4,990 triples per INSERT DATA and no blank nodes
there, and over HTTP commits each request even when an operation in it failed: a graph is
written as DROP and several INSERT DATA. Given its SQL address ($CHIDAO_STORE_SQL) those run in
one SQL transaction per graph (chidao.virtuoso_sql): readers see the old graph or the new one,
and a failure leaves the old one. Without it they go over HTTP, joined into requests of up to
8 MB: a document that fits one is one transaction, a larger one takes several (a reader may see
it half-written; the marker, last, still makes the next ingest finish it), and the one graph
with blank nodes (the vocabulary) goes by a Graph Store PUT.

After each batch the writer rewrites the generation value in the server (a graph of its own,
left out of graphs(), counts and export); readers in other processes see it move and drop
their cached answers. Writers hold the lock of the local text-index folder: one at a time.
"""
from __future__ import annotations

import os
import re
import time

from rdflib import Graph

from chidao.store import VOCABULARY_GRAPH, DocumentQuads, indexed_update, ntriples_of, replacement
from chidao.store_lock import WriterLock
from chidao.virtuoso_sql import VirtuosoSql
from ontology import sparql_prefixes

GENERATION_GRAPH = "https://w3id.org/chidao/graph/generation"
_VALUE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#value"
INSERT_DATA_LINES = 4000
INSERT_DATA_CHARS = 2_000_000  # N-Triples per INSERT DATA where the flavour caps INSERT DATA
REQUEST_BYTES = 8_000_000  # such INSERT DATA joined into one HTTP request (Virtuoso refuses a body
# of ~10 MB: "SR578: The expected result length of string concatenation is too large")
_BLANK_NODE = re.compile(r"^_:|\s_:\S+ \.$", re.MULTILINE)


class RemoteWrites:
    """Mixed into RemoteStore, which provides _request, endpoints, text, cache and select()."""

    def write_documents(self, documents: list[DocumentQuads]) -> None:
        """A batch of document graphs, one atomic replacement each, then their text-index rows
        (pending marks first: a kill in between is caught up from the server)."""
        for d in documents:
            self.text.mark_pending(d.graph)
        fresh = self._fresh(documents) if self.endpoints.bulk else []
        if fresh:
            self.take_writer_lock()
            self._request("POST", self.endpoints.bulk, content=b"".join(d.body + d.marker for d in fresh),
                          headers={"Content-Type": "application/n-quads"})
        loaded = {d.graph for d in fresh}
        for d in documents:
            if d.graph not in loaded:
                self._replace(d.graph, ntriples_of(d.body + d.marker))
        self.text.write_rows([(d.graph, list(d.index_rows), list(d.symbols), True) for d in documents])
        self._changed()

    def _fresh(self, documents: list[DocumentQuads]) -> list[DocumentQuads]:
        """The documents whose graph the server does not hold."""
        values = " ".join(f"<{d.graph}>" for d in documents)
        held = {r["g"] for r in self.select(f"SELECT ?g WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ }} }}")}
        return [d for d in documents if d.graph not in held]

    def replace_graph(self, graph_iri: str, graph: Graph) -> None:
        self.replace_graph_nt(graph_iri, graph.serialize(format="nt"))

    def replace_graph_nt(self, graph_iri: str, nt: str) -> None:
        self.text.mark_pending(graph_iri)
        self._replace(graph_iri, nt)
        self._changed()
        self.text.index_graph(self, graph_iri)

    def replace_graph_nquads(self, graph_iri: str, nquads: bytes, *, index: bool = True) -> None:
        self.text.mark_pending(graph_iri)
        self._replace(graph_iri, ntriples_of(nquads))
        self._changed()
        if index:
            self.text.index_graph(self, graph_iri)

    def add_triples(self, graph_iri: str, nt: str) -> None:
        """Derived facts, added in requests of INSERT_DATA_LINES triples (Virtuoso's parser takes
        at most 4,990 in one INSERT DATA); adding them again is harmless."""
        for chunk in _chunks(nt.splitlines(), INSERT_DATA_LINES, INSERT_DATA_CHARS):
            self._update(f"INSERT DATA {{ GRAPH <{graph_iri}> {{\n{chunk}\n}} }}")
        self._changed()

    def load_vocabulary(self) -> None:
        from ontology import load_ontology

        self.replace_graph(VOCABULARY_GRAPH, load_ontology())

    def drop_graph(self, graph_iri: str) -> None:
        self.text.mark_pending(graph_iri)
        self._update(f"DROP SILENT GRAPH <{graph_iri}>")
        self._changed()
        self.text.index_graph(self, graph_iri)

    def update(self, sparql: str) -> None:
        """A SPARQL 1.1 Update as given (prefixes predeclared), then the text index of its graphs."""
        indexed_update(self, sparql, lambda: self._update(sparql_prefixes() + sparql))

    def flush(self) -> None:
        """Nothing to flush: the server committed every request it answered."""

    def _changed(self) -> None:
        self._cache.clear()
        self._generation = f"{os.getpid()} {time.time_ns()}"
        self._update(f"DROP SILENT GRAPH <{GENERATION_GRAPH}> ;\n"
                     f'INSERT DATA {{ GRAPH <{GENERATION_GRAPH}> {{ <{GENERATION_GRAPH}> <{_VALUE}> "{self._generation}" }} }}')

    def take_writer_lock(self) -> None:
        """Refuse on a read-only handle; else take the index folder's writer lock (once)."""
        if self.read_only:
            raise PermissionError(f"{self.endpoint} is open read-only here")
        if self._writer is None:
            self._writer = WriterLock(self.index_dir)

    def _replace(self, graph_iri: str, ntriples: str) -> None:
        """One graph replaced: DROP + INSERT DATA in one request. Where the flavour caps INSERT
        DATA, the same operations in one SQL transaction when its SQL address is known, else in
        requests of REQUEST_BYTES (one for most documents; marker triples last: a write cut short
        leaves the document unmarked, and the next ingest writes it again), a graph with blank
        nodes by a Graph Store PUT."""
        limit = self.endpoints.flavour.insert_data_limit
        if limit is None:
            self._update(replacement(graph_iri, ntriples))
        elif self.endpoints.sql:
            self.take_writer_lock()
            self._sql_session().transaction(_operations(graph_iri, ntriples, limit))
        elif self.endpoints.graph_store and _BLANK_NODE.search(ntriples):
            self.take_writer_lock()
            self._request("PUT", self.endpoints.graph_store, content=ntriples.encode("utf-8"),
                          headers={"Content-Type": "text/turtle"},
                          params={self.endpoints.flavour.graph_parameter: graph_iri})
        else:
            for request in _requests(_operations(graph_iri, ntriples, limit)):
                self._update(request)

    def _sql_session(self) -> VirtuosoSql:
        if self._sql is None:
            self._sql = VirtuosoSql(*self.endpoints.sql)
        return self._sql

    def _update(self, sparql: str) -> None:
        self.take_writer_lock()
        url = self.endpoints.update
        if url is None:
            raise PermissionError(f"no update endpoint known for {self.endpoint} (a {self.endpoints.flavour.name} URL): "
                                  "set $CHIDAO_UPDATE_ENDPOINT")
        self._request("POST", url, content=sparql.encode("utf-8"), headers={"Content-Type": "application/sparql-update"})


def _operations(graph_iri: str, ntriples: str, limit: int):
    """DROP SILENT GRAPH <g>; the triples with blank nodes in one INSERT … WHERE {} (INSERT DATA
    refuses them, one template keeps a blank node one node, and Virtuoso compiles a template to
    SQL, so not thousands: the vocabulary has 16); then the others in order, marker triples last,
    as INSERT DATA of at most `limit` triples and INSERT_DATA_CHARS each."""
    yield f"DROP SILENT GRAPH <{graph_iri}>"
    blank, ground = [], []
    for line in ntriples.splitlines():
        (blank if _BLANK_NODE.search(line) else ground).append(line)
    if blank:
        body = "\n".join(blank)
        yield f"INSERT {{ GRAPH <{graph_iri}> {{\n{body}\n}} }} WHERE {{ }}"
    for chunk in _chunks(ground, limit, INSERT_DATA_CHARS):
        yield f"INSERT DATA {{ GRAPH <{graph_iri}> {{\n{chunk}\n}} }}"


def _requests(operations):
    """The operations joined by ` ;` into requests of at most REQUEST_BYTES (one operation
    alone may be more): a graph that fits is replaced in one request, which Virtuoso runs as one
    transaction, so a reader never sees it half-written."""
    request: list[str] = []
    held = 0
    for operation in operations:
        size = len(operation.encode("utf-8"))
        if request and held + size > REQUEST_BYTES:
            yield " ;\n".join(request)
            request, held = [], 0
        request.append(operation)
        held += size
    yield " ;\n".join(request)


def _chunks(lines: list[str], most: int, size: int):
    """The lines joined in order, at most `most` lines and about `size` bytes a chunk."""
    chunk: list[str] = []
    held = 0
    for line in lines:
        if chunk and (len(chunk) == most or held + len(line) > size):
            yield "\n".join(chunk)
            chunk, held = [], 0
        chunk.append(line)
        held += len(line)
    if chunk:
        yield "\n".join(chunk)
