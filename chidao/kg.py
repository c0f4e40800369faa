"""The notebook face of chidao: `chidao.open()` → a KnowledgeGraph with DataFrame answers.

A thin, typed facade over the store so that a researcher gets from `import chidao` to a
table or a picture in a few lines; everything here is also reachable with plain SPARQL.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

import pandas as pd

from chidao.loading import IngestReport, ingest_paths
from chidao.named_queries import named_query
from chidao.remote import RemoteStore
from chidao.store import Store, store_path


class KnowledgeGraph:
    """A chidao store opened for analysis.

    >>> kg = chidao.open(":memory:")                          # doctest: +SKIP
    >>> kg.ingest(["examples/"])                              # doctest: +SKIP
    >>> kg.sparql("SELECT ?s WHERE { ?s a eli:LegalResource }")  # doctest: +SKIP
    """

    def __init__(self, store: "Store | RemoteStore"):
        self.store = store

    def ingest(self, paths: Iterable[str | os.PathLike]) -> IngestReport:
        """Read files or folders into the store (see `chidao ingest`); local stores only."""
        if not isinstance(self.store, Store):
            raise TypeError("a remote SPARQL endpoint is read-only here: ingest into a local store")
        return ingest_paths(self.store, paths)

    def sparql(self, query: str, **bindings) -> pd.DataFrame:
        """Run a SELECT query (usual prefixes predeclared) and return a DataFrame.

        Keyword arguments are bound as values, never pasted into the query:

        >>> kg.sparql("SELECT ?d WHERE { ?i eli:id_local ?sym ; eli:date_document ?d }",
        ...           sym="1395/QĐ-UBND")                     # doctest: +SKIP
        """
        rows = self.store.select(query, **bindings)
        return pd.DataFrame(rows)

    def instruments(self) -> pd.DataFrame:
        """Every instrument: label, symbol, type, date and issuers."""
        return self.sparql(named_query("instruments"))

    def bodies(self) -> pd.DataFrame:
        """Every body and how many instruments it passed."""
        return self.sparql(named_query("bodies"))

    def documents(self) -> pd.DataFrame:
        """The ingested source documents."""
        return self.sparql(named_query("documents"))


_OPEN_STORES: dict[Path, Store] = {}


def open(location: str | os.PathLike | None = None) -> KnowledgeGraph:  # noqa: A001 - mirrors io.open
    """Open a store: None → $CHIDAO_STORE or ./chidao-store; ":memory:" → in memory;
    "http(s)://…/sparql" → a running SPARQL endpoint (read-only); anything else → a store
    directory (created if missing)."""
    if isinstance(location, str) and location.startswith(("http://", "https://")):
        return KnowledgeGraph(RemoteStore(location))
    if location == ":memory:":
        return KnowledgeGraph(Store(None))
    # An on-disk store can be open once per process (RocksDB lock): share it between handles.
    path = store_path(location).resolve()
    if path not in _OPEN_STORES:
        _OPEN_STORES[path] = Store(path)
    return KnowledgeGraph(_OPEN_STORES[path])
