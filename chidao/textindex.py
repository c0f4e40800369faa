"""The full-text index: SQLite FTS5 (Python's standard library) beside the Oxigraph store.

Why FTS5: it ships with Python (no server, no extra wheel), ranks with BM25 and per-column
weights, has prefix indexes, snippets and transactions, and lives in one file next to the
store. tantivy would be faster on millions of rows but adds a Rust wheel and a second
transaction model for what are, at national scale, a few hundred thousand short rows.

One row per (document graph, node): an instrument, task, recommendation, activity, programme or
body as that document states it — symbol, names and titles, type names, issuer names, the task's
text, and the sentences around its mentions (the evidence) — and an instrument's type and year
as facets (lists filtered by type and year page here: in the union graph a type's instruments
repeat once per citing document). Text is folded (ingest.text.fold:
diacritics off, đ→d, lower case, leading zeros off numbers) before FTS5 sees it, so every match
is accent-insensitive; the original wording is kept beside it for exact (diacritic) ranking.

The index follows the store's writes (Store.replace_graph_nt / drop_graph call `index_graph`):
before the graph changes its IRI is recorded as pending, after the new rows are written the
mark is cleared in the same SQLite transaction, so a crash between the two stores leaves a
pending mark that `catch_up` re-indexes from the store. `rebuild` (chidao reindex) starts over.
"""
from __future__ import annotations

import re
import sqlite3
import threading
import unicodedata
from pathlib import Path

import pyoxigraph as ox

from chidao.evidence import sentence_around
from ingest.tables.text import fold
from ontology import expand

FILE_NAME = "chidao-text.sqlite"  # inside the store directory (RocksDB ignores foreign files)
SCHEMA_VERSION = "6"
COLUMNS = ("symbol", "name", "type", "issuer", "body", "context")
MAX_SENTENCES = 20  # evidence sentences indexed per node and document
SENTENCE_WINDOW = 300  # characters looked at on each side of a mention

TASK_KINDS = ("task", "recommendation", "activity")  # what a task list holds
KIND_CLASSES = {"instrument": "eli:LegalResource", "task": "cdo:Task", "recommendation": "cdo:Recommendation",
                "activity": "cdo:AgencyActivity", "programme": "cdo:Programme", "body": "org:Organization"}

# field → graph pattern over ?node in GRAPH <g> (the second part, if any, reads the union graph).
_FIELD_PATTERNS = {
    "symbol": ("?node eli:id_local|skos:notation ?value", ""),
    "name": ("?node rdfs:label|eli:title|skos:prefLabel|skos:altLabel ?value", ""),
    "type": ("?node eli:type_document ?t", "?t skos:notation|skos:prefLabel ?value"),
    # a body's name as the same document writes it (build labels every body it names), so the
    # rows of a graph depend on that graph alone: ingest workers compute them (DocumentIndexer)
    "issuer": ("?node eli:passed_by|cdo:addressedTo|cdo:performedBy ?b . ?b skos:prefLabel ?value", ""),
    "body": ("?node cdo:text ?value", ""),
}
# Facets (not text): the type concept and the year, as they are.
_FACET_PATTERNS = {"doctype": ("?node eli:type_document ?value", ""), "year": ("?node cdo:year ?value", "")}

_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS graphs(graph TEXT PRIMARY KEY, pending INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS entries(id INTEGER PRIMARY KEY, graph TEXT NOT NULL, iri TEXT NOT NULL,
                                   kind TEXT NOT NULL, symbol TEXT NOT NULL, original TEXT NOT NULL,
                                   sentences TEXT NOT NULL, doctype TEXT, year INTEGER,
                                   weight INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS entries_graph ON entries(graph);
CREATE INDEX IF NOT EXISTS entries_iri ON entries(iri, weight);
CREATE INDEX IF NOT EXISTS entries_facets ON entries(kind, doctype, year, iri);
CREATE INDEX IF NOT EXISTS entries_years ON entries(kind, year, iri);
CREATE TABLE IF NOT EXISTS symbols(key TEXT NOT NULL, iri TEXT NOT NULL, graph TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS symbols_key ON symbols(key);
CREATE INDEX IF NOT EXISTS symbols_graph ON symbols(graph);
CREATE VIRTUAL TABLE IF NOT EXISTS text USING fts5({", ".join(COLUMNS)},
    tokenize="unicode61 remove_diacritics 0", prefix='2 3');
"""

_ZEROS = re.compile(r"(?<![0-9])0+(?=[0-9])")
_WORD = re.compile(r"\w+")


def normal(text: str) -> str:
    """The folded form both index and queries use: 'Quyết định 09/QĐ' -> 'quyet dinh 9/qd'."""
    return _ZEROS.sub("", fold(text))


def words(text: str) -> list[str]:
    return _WORD.findall(normal(text))


def symbol_key(text: str) -> str:
    """'1395/QĐ-UBND', '1395 / qd-ubnd' and '01395/QĐ-UBND' share one key."""
    return re.sub(r"\s+", "", normal(text))


def exact_words(text: str) -> list[str]:
    """Words as written (NFC, lower case, diacritics kept)."""
    return _WORD.findall(unicodedata.normalize("NFC", text).lower())


class TextIndex:
    """The FTS5 file of one store (`path` None: in memory, for Store(None))."""

    def __init__(self, path: Path | None):
        self.path = path
        self.fresh = path is None or not path.exists()
        self._db = sqlite3.connect(":memory:" if path is None else str(path), check_same_thread=False, timeout=30,
                                   isolation_level=None)
        self._lock = threading.Lock()
        self._db.execute("PRAGMA journal_mode=WAL" if path is not None else "PRAGMA journal_mode=MEMORY")
        self._db.execute("PRAGMA synchronous=NORMAL")
        version = None
        try:
            version = self._db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
        except sqlite3.OperationalError:
            pass
        if version is not None and version[0] == SCHEMA_VERSION:
            return  # nothing to write: a reader must not wait for a writer's transaction
        if version is not None:  # an older layout: start over
            self._drop_all()
            self.fresh = True
        self._db.executescript(_SCHEMA)
        self._db.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))

    def _drop_all(self) -> None:
        for table in ("text", "symbols", "entries", "graphs", "meta"):
            self._db.execute(f"DROP TABLE IF EXISTS {table}")

    # -- reading (chidao.search builds the queries) ---------------------------------------
    def rows(self, sql: str, params=()) -> list[tuple]:
        with self._lock:
            return self._db.execute(sql, params).fetchall()

    # -- writing --------------------------------------------------------------------------
    def mark_pending(self, graph: str) -> None:
        with self._lock:
            self._db.execute("INSERT INTO graphs VALUES (?, 1) ON CONFLICT(graph) DO UPDATE SET pending=1", (graph,))

    def index_graph(self, store, graph: str) -> int:
        """Replace the rows of one document graph with what the store now holds; rows written."""
        rows, symbols = graph_rows(store, graph)
        self.write_rows([(graph, rows, symbols, bool(rows) or store_has_graph(store, graph))])
        return len(rows)

    def write_rows(self, graphs: list[tuple[str, list[tuple], list[tuple[str, str]], bool]]) -> None:
        """Replace the rows of each (graph, rows, symbol keys, graph present) in one transaction."""
        with self._lock:
            db = self._db
            db.execute("BEGIN")
            try:
                for graph, rows, symbols, present in graphs:
                    db.execute("DELETE FROM text WHERE rowid IN (SELECT id FROM entries WHERE graph = ?)", (graph,))
                    db.execute("DELETE FROM entries WHERE graph = ?", (graph,))
                    db.execute("DELETE FROM symbols WHERE graph = ?", (graph,))
                    for iri, kind, original, sentences, columns, (doctype, year) in rows:
                        cur = db.execute("INSERT INTO entries(graph, iri, kind, symbol, original, sentences, doctype, year,"
                                         " weight) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                         (graph, iri, kind, columns[0], original, sentences, doctype, year,
                                          describes(original, sentences)))
                        db.execute(f"INSERT INTO text(rowid, {', '.join(COLUMNS)}) VALUES (?, ?, ?, ?, ?, ?, ?)",
                                   (cur.lastrowid, *columns))
                    db.executemany("INSERT INTO symbols VALUES (?, ?, ?)", [(k, i, graph) for k, i in symbols])
                    if present:
                        db.execute("INSERT OR REPLACE INTO graphs VALUES (?, 0)", (graph,))
                    else:
                        db.execute("DELETE FROM graphs WHERE graph = ?", (graph,))
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise

    def catch_up(self, store) -> int:
        """Index what the store holds and the index does not (pending marks, graphs never
        indexed, graphs gone); the graphs re-indexed."""
        have = dict(self.rows("SELECT graph, pending FROM graphs"))
        present = set(store.graphs())
        todo = [g for g in present if have.get(g, 1)] + [g for g in have if g not in present]
        for g in todo:
            self.index_graph(store, g)
        return len(todo)

    def rebuild(self, store) -> int:
        """Drop every row and index the whole store again (`chidao reindex`); rows written."""
        with self._lock:
            self._drop_all()
            self._db.executescript(_SCHEMA)
            self._db.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
        return sum(self.index_graph(store, g) for g in store.graphs())

    def size(self) -> int:
        return self.rows("SELECT COUNT(*) FROM entries")[0][0]

    def close(self) -> None:
        self._db.close()


def describes(original: str, sentences: str) -> int:
    """How much a row says about its node (symbol, names and type; then its evidence): the
    graph of its heaviest row describes a node best (chidao.search.describing_graphs)."""
    return len(original) + len(sentences) // 100


def store_has_graph(store, graph: str) -> bool:
    return bool(store.select("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 1", g=ox.NamedNode(graph)))


def graph_rows(store, graph: str) -> tuple[list[tuple], list[tuple[str, str]]]:
    """The index rows of one graph and its symbol keys. A row: (iri, kind, symbol + names + type
    as written, evidence sentences as written (one per line), the folded columns)."""
    g = str(ox.NamedNode(graph))
    kinds = " ".join(f'({c} "{k}")' for k, c in KIND_CLASSES.items())
    nodes: dict[str, str] = {}
    for r in store.select(f"SELECT ?node ?kind WHERE {{ VALUES (?class ?kind) {{ {kinds} }} GRAPH {g} {{ ?node a ?class }} }}"):
        nodes.setdefault(r["node"], r["kind"])
    if not nodes:
        return [], []
    branches = " UNION ".join(
        f'{{ GRAPH {g} {{ VALUES (?class ?kind) {{ {kinds} }} ?node a ?class . {inside} }} {outside} BIND("{f}" AS ?field) }}'
        for f, (inside, outside) in (_FIELD_PATTERNS | _FACET_PATTERNS).items())
    values: dict[str, dict[str, list[str]]] = {n: {} for n in nodes}
    for r in store.select(f"SELECT DISTINCT ?node ?field ?value WHERE {{ {branches} }}"):
        if r["node"] in values and (isinstance(r["value"], str) or r["field"] in _FACET_PATTERNS):
            values[r["node"]].setdefault(r["field"], []).append(r["value"])
    for node, sentence in _evidence_sentences(store, g):
        if node in values:
            found = values[node].setdefault("context", [])
            if len(found) < MAX_SENTENCES and sentence not in found:
                found.append(sentence)
    rows, symbols = [], []
    for node, kind in nodes.items():
        f = values[node]
        original = " ".join(unicodedata.normalize("NFC", v) for k in ("symbol", "name", "type") for v in f.get(k, []))
        sentences = "\n".join(f.get("context", []))
        rows.append((node, kind, original, sentences, tuple(normal(" ".join(f.get(c, []))) for c in COLUMNS),
                     _facets(f)))
        symbols += [(symbol_key(s), node) for s in dict.fromkeys(f.get("symbol", []))]
    return rows, symbols


def _facets(f: dict[str, list]) -> tuple[str | None, int | None]:
    """(type concept IRI, year) of a node's row; a gYear reads back as text or a number."""
    year = next((int(str(y)[:4]) for y in f.get("year", []) if str(y)[:4].isdigit()), None)
    return next(iter(sorted(f.get("doctype", []))), None), year


def _evidence_sentences(store, g: str):
    """(node, sentence) for each mention stated in the graph, cut from the graph's own text."""
    texts = store.select(f"SELECT ?doc ?text WHERE {{ GRAPH {g} {{ ?doc nif:isString ?text }} }}")
    if not texts:
        return
    by_doc = {r["doc"]: r["text"] for r in texts}
    rows = store.select(f"""SELECT ?node ?doc ?b ?e WHERE {{ GRAPH {g} {{ ?node cdo:mention ?m .
        ?m nif:referenceContext ?doc ; nif:beginIndex ?b ; nif:endIndex ?e }} }}""")
    for r in sorted(rows, key=lambda r: (r["node"], r["b"])):
        text = by_doc.get(r["doc"])
        if text is not None and isinstance(r["b"], int) and isinstance(r["e"], int):
            yield r["node"], sentence_around(text, r["b"], r["e"], SENTENCE_WINDOW)



class DocumentIndexer:
    """Index rows of one document computed from its own quads, in an ingest worker: a small
    in-memory store holds the vocabulary (type names) and one document graph at a time, so the
    writing process only stores rows (querying the growing store for each graph took a third of
    a batch ingest). A body's name comes from the document itself: build writes every body it
    names with its label."""

    def __init__(self):
        from chidao.store import Store

        self.store = Store(None)
        self.store.load_vocabulary()

    def rows(self, graph: str, nquads: bytes) -> tuple[list[tuple], list[tuple[str, str]]]:
        """Index rows of the graph's quads; only the quads `graph_rows` reads are loaded (the
        statements, anchors and figures are most of a document and never indexed)."""
        kept = [line for line in nquads.splitlines(keepends=True) if _indexed(line)]
        self.store.scratch_add(b"".join(kept))
        try:
            return graph_rows(self.store, graph)
        finally:
            self.store.scratch_remove(graph)


def _expand(curie: str) -> bytes:
    return f"<{expand(curie)}>".encode()


# What graph_rows reads: the kinds' rdf:type, the fields' predicates, mentions' offsets and the text.
_INDEXED_PREDICATES = {_expand(c) for c in (
    "eli:id_local", "skos:notation", "rdfs:label", "eli:title", "skos:prefLabel", "skos:altLabel",
    "eli:type_document", "cdo:year", "eli:passed_by", "cdo:addressedTo", "cdo:performedBy", "cdo:text", "cdo:mention",
    "nif:referenceContext", "nif:beginIndex", "nif:endIndex", "nif:isString")}
_TYPE = _expand("rdf:type")
_KIND_OBJECTS = {_expand(c) for c in KIND_CLASSES.values()}


def _indexed(line: bytes) -> bool:
    parts = line.split(b" ", 3)
    return parts[1] in _INDEXED_PREDICATES or (parts[1] == _TYPE and parts[2] in _KIND_OBJECTS)
