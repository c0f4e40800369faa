"""SPARQL queries in worker processes that can be killed: the per-query timeout.

Oxigraph evaluates a query in Rust and Python cannot interrupt it, so a runaway query
(a cross product of everything) would hold a thread and a core forever. Each worker process
opens the store read-only and answers one query at a time over a pipe (reopening it when the
store's generation file says another process wrote it since); when the deadline
passes the parent kills the worker and starts a fresh one, and the server keeps answering.
Workers serialise the answer themselves (in the negotiated format, cut at the result cap),
so only bytes cross the pipe.
"""
from __future__ import annotations

import multiprocessing as mp
import queue
from dataclasses import dataclass, field
from pathlib import Path

_CTX = mp.get_context("spawn")  # never fork a process that holds RocksDB handles and threads


class QueryTimeout(Exception):
    pass


class QueryRejected(Exception):
    """The query text is not a valid SPARQL 1.1 query (syntax error, or an update)."""


class PoolBusy(Exception):
    pass


@dataclass(frozen=True)
class QueryRequest:
    sparql: str
    results_format: str | None  # for SELECT/ASK, or None if the client accepts no results format
    graph_format: str | None    # for CONSTRUCT/DESCRIBE
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    base_iri: str | None = None  # relative IRIs in the query resolve against it (the endpoint's URL)


@dataclass(frozen=True)
class QueryAnswer:
    kind: str          # "select" | "ask" | "graph"
    fmt: str | None    # short format name; None when the client accepts no format for `kind`
    body: bytes = b""
    rows: int = 0
    truncated: bool = False


def execute(store, req: QueryRequest, cap: int) -> QueryAnswer:
    """Run `req` on a chidao Store and serialise the answer (also used directly by bench/)."""
    import pyoxigraph as ox

    from api.results import serialize_boolean, serialize_rows, serialize_triples
    from ontology import PREFIXES

    try:
        result = store.protocol_query(req.sparql, default_graphs=list(req.default_graphs),
                                      named_graphs=list(req.named_graphs), base_iri=req.base_iri)
    except SyntaxError as e:
        raise QueryRejected(str(e)) from None
    if isinstance(result, ox.QueryBoolean):
        fmt = req.results_format
        return QueryAnswer("ask", fmt, serialize_boolean(bool(result), fmt) if fmt else b"", 1)
    if isinstance(result, ox.QuerySolutions):
        fmt = req.results_format
        if fmt is None:
            return QueryAnswer("select", None)
        variables = [v.value for v in result.variables]
        rows = []
        for solution in result:
            if len(rows) == cap:
                return QueryAnswer("select", fmt, serialize_rows(variables, rows, fmt), len(rows), True)
            rows.append([solution[v] for v in variables])
        return QueryAnswer("select", fmt, serialize_rows(variables, rows, fmt), len(rows))
    fmt = req.graph_format
    if fmt is None:
        return QueryAnswer("graph", None)
    triples, truncated = [], False
    for t in result:
        if len(triples) == cap:
            truncated = True
            break
        triples.append(t)
    return QueryAnswer("graph", fmt, serialize_triples(triples, fmt, PREFIXES), len(triples), truncated)


def _worker(store_path: str, cap: int, conn) -> None:
    from chidao.endpoints import is_endpoint
    from chidao.store import generation, open_read_only

    if is_endpoint(store_path):
        _remote_worker(store_path, cap, conn)
        return
    path = Path(store_path)
    seen = generation(path)
    store = open_read_only(path)
    while True:
        try:
            req = conn.recv()
        except EOFError:
            return
        if generation(path) != seen:  # written since (an ingest, an update): a fresh snapshot
            latest = generation(path)
            try:
                store, seen = open_read_only(path), latest
            except (OSError, RuntimeError):
                pass  # a compaction raced the open: this snapshot answers, the next query retries
        _answer(store, req, cap, conn)


def _remote_worker(url: str, cap: int, conn) -> None:
    """A worker over a SPARQL server: it forwards each query (the server is always current);
    killing it at the deadline frees the service, though the server may finish the query."""
    from chidao.remote import RemoteStore

    store = RemoteStore(url, read_only=True)
    while True:
        try:
            req = conn.recv()
        except EOFError:
            return
        _answer(store, req, cap, conn)


def _answer(store, req: QueryRequest, cap: int, conn) -> None:
    try:
        conn.send(("ok", execute(store, req, cap)))
    except QueryRejected as e:
        conn.send(("rejected", str(e)))
    except Exception as e:  # the worker must survive a bad query to answer the next one
        conn.send(("error", f"{type(e).__name__}: {e}"))


@dataclass
class _Worker:
    process: object
    conn: object


@dataclass
class QueryPool:
    """`size` worker processes over the store at `store_path` (read-only snapshots)."""
    store_path: str
    size: int = 2
    timeout: float = 10.0
    cap: int = 10000
    _idle: queue.Queue = field(default_factory=queue.Queue, init=False)

    def start(self) -> QueryPool:
        for _ in range(self.size):
            self._idle.put(self._spawn())
        return self

    def _spawn(self) -> _Worker:
        parent, child = _CTX.Pipe()
        p = _CTX.Process(target=_worker, args=(self.store_path, self.cap, child), daemon=True,
                         name="chidao-sparql-worker")
        p.start()
        child.close()
        return _Worker(p, parent)

    def _retire(self, w: _Worker) -> None:
        w.process.kill()
        w.process.join(timeout=5)
        w.conn.close()

    def run(self, req: QueryRequest) -> QueryAnswer:
        try:
            w = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            raise PoolBusy(f"all {self.size} query workers stayed busy for {self.timeout:g} s") from None
        if not w.process.is_alive():
            self._retire(w)
            w = self._spawn()
        try:
            w.conn.send(req)
            if not w.conn.poll(self.timeout):
                self._retire(w)
                w = self._spawn()
                raise QueryTimeout(f"query stopped after the {self.timeout:g} s time limit")
            status, payload = w.conn.recv()
        except (EOFError, OSError, BrokenPipeError) as e:
            self._retire(w)
            w = self._spawn()
            raise RuntimeError(f"query worker died: {e}") from None
        finally:
            self._idle.put(w)
        if status == "rejected":
            raise QueryRejected(payload)
        if status == "error":
            raise RuntimeError(payload)
        return payload

    def close(self) -> None:
        while True:
            try:
                self._retire(self._idle.get_nowait())
            except queue.Empty:
                return
