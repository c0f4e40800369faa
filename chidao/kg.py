"""The notebook face of chidao: `chidao.open()` → a KnowledgeGraph with DataFrame answers.

A thin, typed facade over the store so that a researcher gets from `import chidao` to a
table or a picture in a few lines. It writes no queries of its own where one exists: tables
come from the named queries (chidao/queries/*.rq), search from chidao.listing.search_results
(as /search, from the local text index of the store or of the server), lineage from chidao.lineage (as
/lineage and `chidao lineage`). Everything works the same on a
local store and on a SPARQL server (chidao.remote.RemoteStore); ingest needs the server's
update endpoint (known for Oxigraph server's /query, else $CHIDAO_UPDATE_ENDPOINT).
"""
from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path

import networkx as nx
import pandas as pd

from chidao import lineage as lin
from chidao import listing, resolver
from chidao.loading import IngestReport, ingest_paths
from chidao.named_queries import named_query
from chidao.remote import RemoteStore
from chidao.status import status as status_of
from chidao.store import Store, store_location

_EDGE_COLUMNS = ["subject_label", "relation", "object_label", "direction", "depth", "cue", "evidence",
                 "date", "subject", "predicate", "object", "parent", "child", "document", "begin"]


class KnowledgeGraph:
    """A chidao store opened for analysis.

    >>> kg = chidao.open(":memory:")                          # doctest: +SKIP
    >>> kg.ingest(["examples/"])                              # doctest: +SKIP
    >>> kg.find("QĐ 1395").head(1)                            # doctest: +SKIP
    >>> kg.lineage_edges("task 2", direction="up")            # doctest: +SKIP
    """

    def __init__(self, store: Store | RemoteStore):
        self.store = store

    def __repr__(self) -> str:
        where = getattr(self.store, "endpoint", None) or getattr(self.store, "path", None) or "memory"
        return f"<chidao.KnowledgeGraph {where}>"

    # -- writing --------------------------------------------------------------------------
    def ingest(self, paths: Iterable[str | os.PathLike]) -> IngestReport:
        """Read files or folders into the store (see `chidao ingest`).

        >>> report = kg.ingest(["examples/"]); report.failures      # doctest: +SKIP
        []
        """
        return ingest_paths(self.store, paths)

    # -- tables ---------------------------------------------------------------------------
    def sparql(self, query: str, **bindings) -> pd.DataFrame:
        """Run a SELECT query (usual prefixes predeclared) and return a DataFrame.

        Keyword arguments are bound as values, never pasted into the query:

        >>> kg.sparql("SELECT ?d WHERE { ?i eli:id_local ?sym ; eli:date_document ?d }",
        ...           sym="1395/QĐ-UBND")                     # doctest: +SKIP
                    d
        0  2016-08-03
        """
        rows = self.store.select(query, **bindings)
        if rows:
            return pd.DataFrame(rows)
        return pd.DataFrame(columns=_select_variables(query))

    def instruments(self) -> pd.DataFrame:
        """Every instrument once: IRI, label, symbol, type (Vietnamese name), dates (a list:
        texts may give one instrument two dates) and issuers.

        >>> kg.instruments().groupby("type").size()          # doctest: +SKIP
        """
        table = self.sparql(named_query("instruments"))
        table["dates"] = [sorted(d.split(" | ")) if isinstance(d, str) and d else [] for d in table["dates"]]
        return table

    def bodies(self) -> pd.DataFrame:
        """Every body (org:Organization) and how many instruments it passed."""
        return self.sparql(named_query("bodies"))

    def documents(self) -> pd.DataFrame:
        """The ingested source documents and the instrument each is the text of."""
        return self.sparql(named_query("documents"))

    def tasks(self) -> pd.DataFrame:
        """Tasks and recommendations: ordinal, text, period, addressees and what drives them.

        >>> kg.tasks()[["kind", "ordinal", "addressees"]].head()   # doctest: +SKIP
        """
        return self.sparql(named_query("tasks"))

    def figures(self) -> pd.DataFrame:
        """Every reported figure (cdo:FigureObservation) as a tidy table: value, unit kind,
        reference year, criterion, quoted words, and whether the audit flags it (`flagged`, `mismatch`)."""
        return self.sparql(named_query("figures"))

    def audit(self) -> pd.DataFrame:
        """The audit as one table: figure mismatches (stated vs computed, with the rule) and date
        conflicts (one row per date given), each with the quoted words and their offset.

        >>> kg.audit().groupby("finding").size()              # doctest: +SKIP
        finding
        date conflict      2
        figure mismatch    1
        """
        mismatches = self.sparql(named_query("mismatches")).assign(finding="figure mismatch")
        conflicts = self.sparql(named_query("date_conflicts")).assign(finding="date conflict")
        table = pd.concat([mismatches, conflicts], ignore_index=True)
        first = ["finding", "label", "symbol", "stated", "computed", "value", "rule", "quote"]
        return table[[c for c in first if c in table] + [c for c in table if c not in first]]

    # -- finding things -------------------------------------------------------------------
    def find(self, text: str, limit: int = 20) -> pd.DataFrame:
        """Instruments and tasks for what a person types — '1395/QĐ-UBND', 'QĐ 1395',
        'quyet dinh 1395', title words with or without diacritics — best first (the same
        ranking as the HTTP API's /search).

        >>> kg.find("quyet dinh 1395")[["symbol", "label"]].head(1)   # doctest: +SKIP
                 symbol                                     label
        0  1395/QĐ-UBND  Quyết định 1395/QĐ-UBND ngày 03/8/2016 …
        """
        found = listing.search_results(self.store, text, limit)
        rows = [{**{k: e[k] for k in ("id", "kind", "label", "symbol", "type", "year", "score", "snippet")},
                 "dates": " | ".join(e["dates"]) or None,
                 "issuers": "; ".join(i["name"] for i in e["issuers"]) or None} for e in found]
        return pd.DataFrame(rows, columns=["id", "kind", "label", "symbol", "type", "dates", "year",
                                           "issuers", "score", "snippet"])

    def resolve(self, ref: str) -> str:
        """The one node `ref` means (chidao.resolver, as the page and the CLI): an IRI, a symbol,
        'task 2' / 'nhiệm vụ 2' / 'kiến nghị 1', else a search hit clearly ahead of the rest.
        Raises LookupError when nothing matches or several nodes fit (naming them)."""
        found = resolver.resolve(self.store, ref)
        if found.best:
            return found.best
        if not found.candidates:
            raise LookupError(f"nothing in the store matches {ref!r}")
        raise LookupError(f"{ref!r} is ambiguous; did you mean: " + ", ".join(h.iri for h in found.candidates))

    def status(self, ref: str, on: str | dt.date | None = None) -> dict:
        """Whether `ref` (see `resolve`) is in force on the day `on` (today by default), with
        the facts that decide it, as `chidao status --json` prints it.

        >>> kg.status("31/2015/NĐ-CP", on="2024-07-01")["status"]          # doctest: +SKIP
        'not_in_force'
        """
        day = dt.date.fromisoformat(on) if isinstance(on, str) else on
        return status_of(self.store, self.resolve(ref), day, ref).as_json()

    # -- lineage --------------------------------------------------------------------------
    def lineage_edges(self, ref: str, direction: str = "both", depth: int | None = None) -> pd.DataFrame:
        """The lineage of `ref` (see `resolve`) as a DataFrame, one row per edge: labels,
        relation (CURIE), direction (up: what drives it; down: what it drives), depth, cue word,
        the quoted evidence, the subject's date(s), and the document and offset of the evidence.

        >>> kg.lineage_edges("task 2", "up")[["subject_label", "relation", "object_label"]]  # doctest: +SKIP
        """
        edges = lin.lineage(self.store, self.resolve(ref), direction, depth)
        rows = [{**asdict(e), "relation": e.relation, "parent": e.parent, "child": e.child} for e in edges]
        return pd.DataFrame(rows, columns=_EDGE_COLUMNS)

    def lineage(self, ref: str, direction: str = "both", depth: int | None = None) -> nx.MultiDiGraph:
        """The lineage of `ref` as a networkx graph (a MultiDiGraph, so a DiGraph too): edges run
        child → parent (from what depends to what drives it); nodes carry `label`, edges
        `relation`, `cue` and `evidence`.

        >>> g = kg.lineage("task 2", direction="up")           # doctest: +SKIP
        >>> nx.pagerank(g)                                      # doctest: +SKIP
        """
        return lin.lineage_graph(lin.lineage(self.store, self.resolve(ref), direction, depth))

    def graph(self) -> nx.MultiDiGraph:
        """Every followed lineage relation in the store as one networkx graph, edges child →
        parent like `lineage`, nodes labelled: the input for graph measures.

        >>> g = kg.graph(); sorted(nx.pagerank(nx.DiGraph(g)).items(), key=lambda kv: -kv[1])[:3]  # doctest: +SKIP
        """
        table = lin.relations()
        g = nx.MultiDiGraph()
        for s, o, p in lin.relation_graph(self.store, [p for p, r in table.items() if r.followed]).edges(keys=True):
            child, parent = (s, o) if table[p].parent == "object" else (o, s)
            g.add_edge(child, parent, relation=table[p].curie)
        for r in self.store.select("SELECT ?n ?label WHERE { ?n rdfs:label ?label }"):
            if r["n"] in g:
                g.nodes[r["n"]]["label"] = r["label"]
        return g

    def evidence(self, subject: str, relation: str, object: str) -> pd.DataFrame:
        """Every mention stating `subject relation object` (relation as IRI or CURIE such as
        'eli:implements'): document, offsets, quoted words and the whole sentence around them.

        >>> e = kg.lineage_edges("task 2", "up").iloc[0]                   # doctest: +SKIP
        >>> kg.evidence(e.subject, e.relation, e.object).sentence[0]      # doctest: +SKIP
        """
        predicate = relation if relation.startswith(("http://", "https://")) else lin.expand(relation)
        return pd.DataFrame(lin.evidence(self.store, subject, predicate, object),
                            columns=["doc", "source", "begin", "end", "quote", "sentence"])


def _select_variables(query: str) -> list[str]:
    """Column names for an empty answer: the projected variables of a SELECT."""
    head = re.split(r"\bWHERE\b", query, maxsplit=1, flags=re.IGNORECASE)[0]
    found = re.findall(r"\((?:[^()]|\([^()]*\))*\bAS\s+\?(\w+)\s*\)|\?(\w+)", head, flags=re.IGNORECASE)
    return list(dict.fromkeys(a or b for a, b in found))


_OPEN_STORES: dict[Path, Store] = {}


def open(location: str | os.PathLike | None = None) -> KnowledgeGraph:
    """Open a store: None → $CHIDAO_STORE or ./chidao-store; ":memory:" → in memory;
    "http(s)://…" → a SPARQL server's query endpoint (chidao.remote; writable when its update
    endpoint is known); anything else → a store directory (created if missing).

    >>> kg = chidao.open("http://127.0.0.1:7878/query")   # doctest: +SKIP
    """
    if location == ":memory:":
        return KnowledgeGraph(Store(None))
    where = store_location(location)
    if isinstance(where, str):
        return KnowledgeGraph(RemoteStore(where))
    # An on-disk store can be open once per process (RocksDB lock): share it between handles.
    path = where.resolve()
    if path not in _OPEN_STORES:
        _OPEN_STORES[path] = Store(path)
    return KnowledgeGraph(_OPEN_STORES[path])
