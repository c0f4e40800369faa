"""A document's replacement on Virtuoso is atomic when chidao writes through its SQL interface
($CHIDAO_STORE_SQL, issue 13): a reader on /sparql sees the old graph or the whole new one, and
a write that fails part way leaves the old graph as it was. Over HTTP neither holds
(docs/virtuoso.md, "Writing"): the first two tests fail when the same writes go over HTTP, and
the third when the transaction loads with DB.DBA.TTLP (it commits inside)."""
from __future__ import annotations

import subprocess
import sys
import threading
import time

import httpx
import pytest

from chidao.endpoints import PASSWORD_ENV, SQL_ENV, USER_ENV, endpoints
from chidao.local_servers import virtuoso_server
from chidao.remote import RemoteStore
from chidao.remote_writes import REQUEST_BYTES, _operations, _requests
from chidao.virtuoso_sql import VirtuosoSql, driver


def _odbc_missing() -> str | None:
    try:
        import pyodbc  # noqa: F401
    except ImportError as e:
        return f"pyodbc does not load ({e}): `make setup-dev system-deps` installs it and Debian's libodbc2"
    if driver() is None:
        return "Virtuoso's ODBC driver is missing: Debian's libvirtodbc0 (`make system-deps`)"
    return None


pytestmark = [
    pytest.mark.skipif(virtuoso_server.binary() is None,
                       reason="virtuoso-t not installed (Debian's virtuoso-opensource; `make test` installs it)"),
    pytest.mark.skipif(_odbc_missing() is not None, reason=_odbc_missing() or ""),
]

GRAPH = "https://w3id.org/chidao/graph/test-atomic"
OLD, NEW = 3_000, 40_000  # NEW: about 10 MB of N-Triples, more than one HTTP request holds


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with virtuoso_server.start(tmp_path_factory.mktemp("virtuoso")) as running:
        yield running


def _opened(server, monkeypatch, tmp_path, sql: bool):
    for name, value in ((USER_ENV, server.user), (PASSWORD_ENV, server.password), ("CHIDAO_INDEX", str(tmp_path / "index"))):
        monkeypatch.setenv(name, value)
    if sql:
        monkeypatch.setenv(SQL_ENV, server.sql_address)
    return RemoteStore(server.query_url)


@pytest.fixture
def store(server, monkeypatch, tmp_path):
    """A writing RemoteStore on the server, given its SQL address."""
    opened = _opened(server, monkeypatch, tmp_path, sql=True)
    yield opened
    opened.close()


def triples(n: int, tag: str) -> str:
    """n N-Triples lines (~250 bytes each), each object naming its batch, with text a document might hold."""
    return "\n".join(f'<urn:x:s{i}> <urn:x:p> "{tag} {i}: Điều {i} – “Sở Tư pháp” {{d \'x\'}} ? \\\\ \\" {"ệ" * 60}" .'
                     for i in range(n))


def count(server, graph: str = GRAPH) -> int:
    r = httpx.post(server.query_url, data={"query": f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"},
                   headers={"Accept": "application/sparql-results+json"}, timeout=60)
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


def quads(store, graph: str = GRAPH) -> set[tuple]:
    return {tuple(r.values()) for r in store.select(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")}


def test_the_sql_address_needs_the_account(server):
    assert endpoints(server.query_url, {SQL_ENV: server.sql_address, USER_ENV: "u"}).sql == (server.sql_address, "u", "")
    with pytest.raises(ValueError, match=USER_ENV):
        endpoints(server.query_url, {SQL_ENV: server.sql_address})


def test_a_failed_replacement_leaves_the_old_graph(store):
    """Thousands of good triples, then a line Virtuoso cannot parse: nothing of it stays."""
    store.replace_graph_nt(GRAPH, triples(OLD, "old"))
    old = quads(store)
    assert len(old) == OLD
    with pytest.raises((RuntimeError, SyntaxError)):
        store.replace_graph_nt(GRAPH, triples(NEW, "new") + '\n<urn:x:a> <urn:x:p> "unterminated .')
    assert quads(store) == old


def replaced_while_polling(store, server, old: str, new: str) -> list[tuple[bool, int]]:
    """(written meanwhile, count) of each poll of the graph's size on /sparql while `new` replaces `old`."""
    store.replace_graph_nt(GRAPH, old)
    seen: list[tuple[bool, int]] = []
    writing, done = threading.Event(), threading.Event()

    def poll():
        while not done.is_set():
            before = writing.is_set()
            n = count(server)
            seen.append((before and writing.is_set(), n))

    reader = threading.Thread(target=poll)
    reader.start()
    try:
        while not seen:
            time.sleep(0.01)
        writing.set()
        store.replace_graph_nt(GRAPH, new)
        writing.clear()
        time.sleep(0.2)
    finally:
        done.set()
        reader.join()
    return seen


def test_a_reader_sees_the_old_graph_or_the_whole_new_one(store, server):
    """A reader polls the graph's size while a document of 40,000 triples (10 MB) replaces it."""
    seen = replaced_while_polling(store, server, triples(OLD, "old"), triples(NEW, "new"))
    assert sum(during for during, _ in seen) >= 5  # the reader read while the document was written
    assert {n for _, n in seen} <= {OLD, NEW} and count(server) == NEW


def test_over_http_a_document_that_fits_one_request_is_replaced_whole(server, monkeypatch, tmp_path):
    """Without the SQL address a document of up to REQUEST_BYTES goes in one request (several
    INSERT DATA), which Virtuoso runs in one transaction; a larger one in several (the reader
    may then see it half-written)."""
    new = triples(NEW // 2, "new")
    assert len(list(_requests(_operations(GRAPH, new, 4000)))) == 1
    assert len(list(_requests(_operations(GRAPH, triples(NEW, "new"), 4000)))) > 1 and len(new.encode()) < REQUEST_BYTES
    store = _opened(server, monkeypatch, tmp_path, sql=False)
    try:
        seen = replaced_while_polling(store, server, triples(OLD, "old"), new)
    finally:
        store.close()
    assert sum(during for during, _ in seen) >= 3
    assert {n for _, n in seen} <= {OLD, NEW // 2} and count(server) == NEW // 2


def test_an_open_transaction_is_invisible(server):
    """Between the statements of one transaction a reader still gets the old graph, whole."""
    sql = VirtuosoSql(server.sql_address, server.user, server.password)
    sql.transaction([f"DROP SILENT GRAPH <{GRAPH}>", f"INSERT DATA {{ GRAPH <{GRAPH}> {{ {triples(OLD, 'old')} }} }}"])
    seen = []

    def updates():
        yield f"DROP SILENT GRAPH <{GRAPH}>"
        seen.append(count(server))
        yield f"INSERT DATA {{ GRAPH <{GRAPH}> {{ {triples(10, 'new')} }} }}"
        seen.append(count(server))

    try:
        sql.transaction(updates())
    finally:
        sql.close()
    assert seen == [OLD, OLD] and count(server) == 10


def test_graphs_with_blank_nodes_keep_them_linked(store):
    """The vocabulary's blank nodes go in one INSERT … WHERE {} (INSERT DATA refuses them)."""
    store.replace_graph_nt(GRAPH, "<urn:x:a> <urn:x:p> _:list .\n_:list <urn:x:first> \"1\" .\n_:list <urn:x:rest> _:tail .\n"
                                  "_:tail <urn:x:first> \"2\" .")
    assert store.select(f"SELECT ?one ?two WHERE {{ GRAPH <{GRAPH}> {{ <urn:x:a> <urn:x:p> ?l . ?l <urn:x:first> ?one ; "
                        "<urn:x:rest>/<urn:x:first> ?two } }") == [{"one": "1", "two": "2"}]
    assert len(quads(store)) == 4


def test_a_writer_killed_mid_transaction_leaves_the_old_graph(store, server):
    """A kill between two statements: the server rolls the transaction back when the session
    drops, and the next writer replaces the graph."""
    store.replace_graph_nt(GRAPH, triples(OLD, "old"))
    writer = subprocess.Popen([sys.executable, "-c", f"""
import sys, time
from chidao.virtuoso_sql import VirtuosoSql
def updates():
    yield "DROP SILENT GRAPH <{GRAPH}>"
    yield "INSERT DATA {{ GRAPH <{GRAPH}> {{ <urn:x:a> <urn:x:p> 1 }} }}"
    print("written", flush=True)
    time.sleep(600)
VirtuosoSql({server.sql_address!r}, {server.user!r}, {server.password!r}).transaction(updates())
"""], stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().strip() == "written" and count(server) == OLD
    finally:
        writer.kill()
        writer.wait()
    assert count(server) == OLD
    store.replace_graph_nt(GRAPH, triples(10, "new"))
    assert count(server) == 10
