"""The graph store: an embedded, persistent Oxigraph dataset with one named graph per document.

Replacing a document's graph is a single SPARQL update (DROP + INSERT DATA), which Oxigraph
applies in one transaction: a crash mid-way leaves the old graph or the new one, never half.
Queries see the union of all document graphs as their default graph.

Every write also updates the full-text index (chidao.textindex) of the graphs it touched, and
queries can call the index (cdo:textMatch, cdo:textScore: chidao.sparql_text).
"""
from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from chidao.endpoints import is_endpoint
from chidao.sparql_text import functions as text_functions
from chidao.store_lock import StoreInUse, WriterLock, held_elsewhere, in_use_message
from chidao.textindex import FILE_NAME as TEXT_FILE
from chidao.textindex import TextIndex
from ontology import PREFIXES

DEFAULT_STORE = "chidao-store"
VOCABULARY_GRAPH = "https://w3id.org/chidao/graph/vocabulary"
STORE_ENV = "CHIDAO_STORE"
GENERATION_FILE = "chidao-generation"  # rewritten after every write: readers in other processes reopen

EXPORT_FORMATS = {
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "turtle": ox.RdfFormat.TURTLE,
    "jsonld": ox.RdfFormat.JSON_LD,
}
RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "xml": ox.QueryResultsFormat.XML,
}


def store_path(path: str | os.PathLike | None = None) -> Path:
    """--store beats $CHIDAO_STORE beats ./chidao-store."""
    return Path(path or os.environ.get(STORE_ENV) or DEFAULT_STORE)


def store_location(location: str | os.PathLike | None = None) -> str | Path:
    """The same, where an http(s) URL names a SPARQL server's query endpoint (chidao.remote)."""
    chosen = location or os.environ.get(STORE_ENV) or DEFAULT_STORE
    return str(chosen) if is_endpoint(str(chosen)) else Path(chosen)


def replacement(graph_iri: str, ntriples: str) -> str:
    """The SPARQL update that replaces one named graph, applied in one transaction by the
    embedded store and sent as one request to a server (chidao.remote_writes)."""
    return f"DROP SILENT GRAPH <{graph_iri}> ;\nINSERT DATA {{ GRAPH <{graph_iri}> {{\n{ntriples}\n}} }}"


def ntriples_of(nquads: bytes) -> str:
    """N-Quads of one graph as N-Triples (what INSERT DATA … GRAPH <g> { } takes), in order."""
    triples = ox.serialize([q.triple for q in ox.parse(nquads, format=ox.RdfFormat.N_QUADS)],
                           format=ox.RdfFormat.N_TRIPLES)
    return triples.decode("utf-8")


def indexed_update(store, sparql: str, run) -> None:
    """`run()` a SPARQL 1.1 Update on `store`, then rebuild the text index of the graphs it names
    (all of it when the update does not name its graphs)."""
    named = set(_GRAPH_NAMED.findall(sparql))
    for g in named:
        store.text.mark_pending(g)
    run()
    store._changed()
    if _GRAPH_ANY.search(sparql):
        store.text.rebuild(store)
    else:
        for g in named:
            store.text.index_graph(store, g)


def generation(path: Path) -> str | None:
    """What the last write to the store at `path` wrote in its generation file: a read-only
    Store sees the data as it was when opened, so a server compares this to know when to reopen."""
    try:
        return (path / GENERATION_FILE).read_text()
    except OSError:
        return None


def open_read_only(path: Path, attempts: int = 5) -> Store:
    """A read-only Store of a store another process may be writing: RocksDB reads the file list
    the writer last recorded, and a compaction may remove a listed file meanwhile ("Corruption:
    … No such file", the store itself intact), so the open is tried again a few times."""
    for attempt in range(attempts):
        try:
            return Store(path, read_only=True)
        except (OSError, RuntimeError):
            if attempt == attempts - 1:
                raise
            time.sleep(0.02 * (attempt + 1))


@dataclass(frozen=True)
class DocumentQuads:
    """One document graph as ingest workers hand it over: N-Quads of its facts, apart the
    marker quads that say it is complete (written last), and its text-index rows."""

    graph: str
    body: bytes
    marker: bytes
    index_rows: list[tuple] = ()
    symbols: list[tuple[str, str]] = ()


@dataclass(frozen=True)
class Stats:
    documents: int
    triples: int
    instruments: int
    bodies: int
    statements: int


class Store:
    """A chidao dataset. `Store(path)` opens (or creates) it on disk; `Store(None)` in memory."""

    def __init__(self, path: str | os.PathLike | None = None, *, read_only: bool = False):
        self.path = Path(path) if path is not None else None
        self.read_only = read_only
        self.rows_read = 0  # rows handed to Python by select(): tests bound a route's cost with it
        self.cache: dict = {}  # answers derived from the data (labels, counts); every write clears it
        if self.path is None:
            self._ox = ox.Store()
        elif read_only:
            self._ox = ox.Store.read_only(str(self.path))
        else:
            self.path.mkdir(parents=True, exist_ok=True)
            self._writer = WriterLock(self.path)
            try:
                self._ox = ox.Store(str(self.path))
            except OSError as e:  # RocksDB's LOCK, held by a process that took no writer lock
                self._writer.release()
                if "LOCK" not in str(e):
                    raise
                raise StoreInUse(in_use_message(self.path, None)) from None
        self.text = TextIndex(None if self.path is None else self.path / TEXT_FILE)
        self._text_checked = False

    @classmethod
    def open(cls, path: str | os.PathLike | None = None, *, read_only: bool = False) -> Store:
        return cls(store_path(path), read_only=read_only)

    # -- writing -------------------------------------------------------------------------
    def replace_graph(self, graph_iri: str, graph: Graph) -> None:
        """Atomically replace one named graph with the triples of `graph`."""
        self.replace_graph_nt(graph_iri, graph.serialize(format="nt"))

    def replace_graph_nt(self, graph_iri: str, nt: str) -> None:
        """The same from N-Triples text (what ingest workers hand to the writing process)."""
        self.text.mark_pending(graph_iri)
        self._ox.update(replacement(graph_iri, nt))
        self._changed()
        self.text.index_graph(self, graph_iri)

    def write_documents(self, documents: list[DocumentQuads]) -> None:
        """Write a batch of document graphs, each one replacing what the store held for it.

        Graphs the store does not hold yet go through Oxigraph's bulk loader together (one
        transactional write per graph cost more than the extraction itself); graphs it holds
        are replaced one transaction each. A document counts as done only once its marker
        quads (the sha256 of its file) are written, in one transaction after the bulk load:
        a kill mid-batch leaves unmarked graphs, which the next run reads and replaces. The
        text index takes the rows the workers computed (pending marks cover a kill here too)."""
        present = set(self.graphs())
        fresh = [d for d in documents if d.graph not in present]
        for d in documents:
            self.text.mark_pending(d.graph)
        if fresh:
            self._ox.bulk_load(input=b"".join(d.body for d in fresh), format=ox.RdfFormat.N_QUADS)
            self._ox.load(input=b"".join(d.marker for d in fresh), format=ox.RdfFormat.N_QUADS)
        for d in documents:
            if d.graph in present:
                self.replace_graph_nquads(d.graph, d.body + d.marker, index=False)
        self.text.write_rows([(d.graph, list(d.index_rows), list(d.symbols), True) for d in documents])
        self._changed()

    def replace_graph_nquads(self, graph_iri: str, nquads: bytes, *, index: bool = True) -> None:
        """Atomically replace one named graph with N-Quads of that graph (one transaction)."""
        self.text.mark_pending(graph_iri)
        self._ox.update(replacement(graph_iri, ntriples_of(nquads)))
        self._changed()
        if index:
            self.text.index_graph(self, graph_iri)

    def add_triples(self, graph_iri: str, nt: str) -> None:
        """Add N-Triples to a graph in one transaction (derived facts, which the text index
        does not hold: see chidao.reconcile.ConflictFlags)."""
        self._ox.update(f"INSERT DATA {{ GRAPH <{graph_iri}> {{\n{nt}\n}} }}")
        self._changed()

    def scratch_add(self, nquads: bytes) -> None:
        """Add N-Quads as they are, not indexed: for a scratch store (textindex.DocumentIndexer)."""
        self._ox.load(nquads, format=ox.RdfFormat.N_QUADS)

    def scratch_remove(self, graph_iri: str) -> None:
        self._ox.remove_graph(ox.NamedNode(graph_iri))

    def bulk_load(self, nquads: Path) -> None:
        """Load an N-Quads file as fast as Oxigraph can (no transaction: for building benchmark
        stores, not for ingest); its graphs are text-indexed on the next search_index()."""
        self._ox.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
        self._changed()
        self._text_checked = False

    def load_vocabulary(self) -> None:
        """Keep the ontology and code lists (labels of types, relations) queryable in the store."""
        from ontology import load_ontology

        self.replace_graph(VOCABULARY_GRAPH, load_ontology())

    def drop_graph(self, graph_iri: str) -> None:
        self.text.mark_pending(graph_iri)
        self._ox.update(f"DROP SILENT GRAPH <{graph_iri}>")
        self._changed()
        self.text.index_graph(self, graph_iri)

    def _changed(self) -> None:
        """After every write: derived answers are stale here, and in readers of other processes."""
        self.cache.clear()
        self._new_generation()

    def _new_generation(self) -> None:
        if self.path is not None and not self.read_only:
            (self.path / GENERATION_FILE).write_text(f"{os.getpid()} {time.time_ns()}")

    def flush(self) -> None:
        if self.path is not None:
            self._ox.flush()
            self._new_generation()  # what a reader opening now sees may have moved to disk

    # -- reading -------------------------------------------------------------------------
    def query(self, sparql: str, *, prefixes: bool = True, substitutions: dict | None = None):
        """Run SPARQL over the union of document graphs; the usual prefixes are predeclared."""
        return self._ox.query(sparql, use_default_graph_as_union=True, custom_functions=text_functions(self),
                              prefixes=PREFIXES if prefixes else None, substitutions=substitutions)

    def protocol_query(self, sparql: str, *, default_graphs: list[str] = (), named_graphs: list[str] = (),
                       base_iri: str | None = None):
        """A query as the SPARQL 1.1 Protocol defines it: the protocol's dataset (default-graph-uri,
        named-graph-uri) wins over the query's FROM / FROM NAMED; with neither, the default graph is
        the union of all graphs. (Oxigraph ignores FROM when asked for the union, hence the check.)
        `base_iri` resolves relative IRIs (`<s>`), as an endpoint resolves them against its URL."""
        options: dict = {"custom_functions": text_functions(self), "base_iri": base_iri}
        if default_graphs or named_graphs:
            options["default_graph"] = [ox.NamedNode(g) for g in default_graphs] or ox.DefaultGraph()
            options["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
        elif not _FROM.search(sparql):
            options["use_default_graph_as_union"] = True
        return self._ox.query(sparql, prefixes=PREFIXES, **options)

    def update(self, sparql: str) -> None:
        """A SPARQL 1.1 Update, applied in one transaction; then the text index of the graphs it
        names is rebuilt (all of it when the update does not name its graphs)."""
        indexed_update(self, sparql, lambda: self._ox.update(sparql, prefixes=PREFIXES))

    # -- the full-text index -----------------------------------------------------------------
    def search_index(self) -> TextIndex:
        """The text index, first brought up to date with the store (once per open store; not
        while another process writes the store: that writer keeps the index current)."""
        if not self._text_checked and not (self.path is not None and held_elsewhere(self.path)):
            self.text.catch_up(self)
            self._text_checked = True
        return self.text

    def reindex(self) -> int:
        """Rebuild the text index from the graph (`chidao reindex`); rows written."""
        self._text_checked = True
        return self.text.rebuild(self)

    def select(self, sparql: str, **bindings) -> list[dict[str, object]]:
        """SELECT rows as dicts of Python values (str/int/float/bool/None).

        Keyword bindings become a VALUES block of RDF terms serialised by Oxigraph (escaped),
        so no input can change the query's meaning."""
        if bindings:
            sparql = bind_values(sparql, {k: _to_term(v) for k, v in bindings.items()})
        result = self.query(sparql)
        names = [v.value for v in result.variables]
        rows = [{n: _py(row[n]) for n in names} for row in result]
        self.rows_read += len(rows)
        return rows

    def serialize_results(self, sparql: str, fmt: str) -> bytes:
        result = self.query(sparql)
        if isinstance(result, ox.QuerySolutions) or isinstance(result, ox.QueryBoolean):
            return result.serialize(format=RESULT_FORMATS[fmt])
        rdf = {"json": ox.RdfFormat.JSON_LD, "csv": ox.RdfFormat.N_TRIPLES,
               "tsv": ox.RdfFormat.N_TRIPLES, "xml": ox.RdfFormat.RDF_XML}[fmt]
        return result.serialize(format=rdf)

    def export(self, fmt: str) -> bytes:
        """The whole dataset; formats without named graphs get the union of all graphs."""
        rdf_format = EXPORT_FORMATS[fmt]
        if rdf_format.supports_datasets:
            return self._ox.dump(format=rdf_format, prefixes=PREFIXES)
        triples = self._ox.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
        return ox.serialize(triples, format=rdf_format, prefixes=PREFIXES)

    def to_rdflib(self, *, with_vocabulary: bool = False) -> Graph:
        """The union of document graphs as an rdflib Graph (for pySHACL and small analyses)."""
        keep = "" if with_vocabulary else f"FILTER(?g != <{VOCABULARY_GRAPH}>)"
        triples = self._ox.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {keep} }}")
        return Graph().parse(data=triples.serialize(format=ox.RdfFormat.N_TRIPLES).decode("utf-8"),
                             format="nt")

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self._ox.named_graphs())

    def count(self) -> int:
        """Quads in all named graphs (a COUNT query: len() would scan in Python)."""
        rows = self._ox.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(next(iter(rows))["n"].value)

    def stats(self) -> Stats:
        return stats(self)


def stats(store) -> Stats:
    """Counts of a store, embedded or remote (both answer select() and count())."""
    row = store.select("""
        SELECT (COUNT(DISTINCT ?doc) AS ?documents) (COUNT(DISTINCT ?i) AS ?instruments)
               (COUNT(DISTINCT ?b) AS ?bodies) (COUNT(DISTINCT ?st) AS ?statements) WHERE {
          { ?doc a cdo:SourceDocument } UNION { ?i a eli:LegalResource }
          UNION { ?b a org:Organization } UNION { ?st a cdo:Statement } }""")[0]
    return Stats(documents=row["documents"], triples=store.count(), instruments=row["instruments"],
                 bodies=row["bodies"], statements=row["statements"])


# Graphs an update names by IRI, and the forms that reach graphs it does not name.
_GRAPH_NAMED = re.compile(r"\b(?:GRAPH|WITH|INTO|TO)\s+<([^>\s]+)>", re.IGNORECASE)
_GRAPH_ANY = re.compile(r"\bGRAPH\s+[?$]|\b(?:CLEAR|DROP)\s+(?:SILENT\s+)?(?:ALL|NAMED)\b", re.IGNORECASE)
_FROM = re.compile(r"\bFROM\s+(NAMED\s+)?(<|[A-Za-z_][\w.-]*:)", re.IGNORECASE)
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def remembered(store, section: str, key, compute, limit: int = 1000):
    """`compute()`, kept in `store.cache[section]` under `key` until the next write clears the
    cache (a section holds at most `limit` answers, then starts over). Works for the embedded
    and the remote store alike: both carry a `cache` dict."""
    kept = store.cache.setdefault(section, {})
    value = kept.get(key)
    if value is None:
        if len(kept) >= limit:
            kept.clear()
        value = kept[key] = compute()
    return value


def bind_values(sparql: str, terms: dict[str, ox.NamedNode | ox.Literal]) -> str:
    """Insert `VALUES (?a ?b) { (t1 t2) }` at the start of the first WHERE group."""
    for name in terms:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise ValueError(f"bad variable name {name!r}")
    m = _WHERE.search(sparql)
    if not m:
        raise ValueError("query has no WHERE clause to bind values in")
    variables = " ".join(f"?{k}" for k in terms)
    row = " ".join(str(t) for t in terms.values())
    return f"{sparql[:m.end()]} VALUES ({variables}) {{ ({row}) }} {sparql[m.end():]}"


def _to_term(value) -> ox.NamedNode | ox.Literal:
    if isinstance(value, (ox.NamedNode, ox.Literal)):
        return value
    if isinstance(value, str) and value.startswith(("http://", "https://")):
        return ox.NamedNode(value)
    return ox.Literal(value) if isinstance(value, str) else ox.Literal(str(value))


def _py(term):
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        return python_value(term.value, term.datatype.value if term.datatype else "")
    return term.value


_INTEGERS = ("#integer", "#nonNegativeInteger", "#int", "#long")


def python_value(lexical: str, datatype: str):
    """A literal's Python value: int, float or bool by its XSD datatype, else the string
    (the embedded store and the remote one answer alike)."""
    if datatype.endswith(_INTEGERS):
        return int(lexical)
    if datatype.endswith(("#decimal", "#double", "#float")):
        return float(lexical)
    if datatype.endswith("#boolean"):
        return lexical in ("true", "1")  # both are xsd:boolean's lexical forms (Virtuoso answers 1/0)
    return lexical
