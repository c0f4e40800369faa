"""The served store, reopened when another process has written it since.

A read-only Oxigraph store is a snapshot taken when it is opened, so `chidao serve` never saw
documents ingested after it started. Every write bumps the store's generation file
(chidao.store.generation); each request compares it (one small file read) and, when it moved,
opens a fresh read-only Store — new snapshot, empty answer cache, text index caught up by the
writer (the SPARQL workers do the same before each query: api.query_pool). Requests already running keep the store they
started with. A server that takes updates itself is the only writer and never needs to reopen.

RocksDB opens read-only by reading the file list the writer last recorded; a writer compacting
at that moment may have removed a listed file ("Corruption: … No such file"). The writer is not
harmed by it: the open is tried again (chidao.store.open_read_only), and until one succeeds the
previous snapshot is served.

A SPARQL server (chidao.remote.RemoteStore) needs no reopening: every request reads the server
as it is, and the store drops its cached answers itself when another process wrote.
"""
from __future__ import annotations

import threading
from pathlib import Path

from chidao.remote import RemoteStore
from chidao.store import Store, generation, open_read_only


class LiveStore:
    def __init__(self, path: Path | str, *, read_only: bool):
        self.path, self.read_only = path, read_only
        self._lock = threading.Lock()
        if isinstance(path, str):  # a server's query endpoint URL
            self._generation = None
            self._store = RemoteStore(path, read_only=read_only)
            if not read_only:
                self._store.take_writer_lock()
            return
        self._generation = generation(path)
        self._store = open_read_only(path) if read_only else Store(path)

    def current(self) -> Store | RemoteStore:
        if isinstance(self._store, RemoteStore):
            return self._store
        if self.read_only and generation(self.path) != self._generation:
            with self._lock:
                seen = generation(self.path)
                if seen != self._generation:
                    try:
                        self._store = open_read_only(self.path)
                    except (OSError, RuntimeError):
                        return self._store  # serve the previous snapshot; try again next request
                    self._generation = seen
        return self._store

