"""chidao's read paths on Virtuoso (issue 13): the sample, plus two decrees that give statuses,
loaded into a real Virtuoso 7.2 started for the module, answer as the embedded store does.

Both stores are read through `store.select` only; the Virtuoso side through the read-only
`chidao.remote.RemoteStore` on its /sparql endpoint. Where SPARQL leaves an answer to the
server (rows of a page without ORDER BY, the order inside GROUP_CONCAT, GROUP_CONCAT over no
values) the comparison says so; every such place is in docs/virtuoso.md.
"""
from __future__ import annotations

import datetime as dt
import json
import socket

import httpx
import pyoxigraph as ox
import pytest
from test_status import DECREE, UNDATED

from chidao import card, catalog, lineage, listing, paths, status
from chidao.loading import ingest_paths
from chidao.local_servers import virtuoso_server
from chidao.named_queries import named_query, query_names
from chidao.remote import RemoteStore
from chidao.store import Store

pytestmark = pytest.mark.skipif(virtuoso_server.binary() is None,
                                reason="virtuoso-t not installed (Debian's virtuoso-opensource; `make test` installs it)")

DAYS = (dt.date(2024, 6, 30), dt.date(2024, 7, 1))


@pytest.fixture(scope="module")
def local(tmp_path_factory, sample_path) -> Store:
    folder = tmp_path_factory.mktemp("docs")
    (folder / "nd-09-2024.txt").write_text(DECREE, "utf-8")
    (folder / "tt-15-2023.txt").write_text(UNDATED, "utf-8")
    store = Store(None)
    assert not ingest_paths(store, [sample_path, folder]).failures
    return store


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with virtuoso_server.start(tmp_path_factory.mktemp("virtuoso")) as running:
        yield running
    assert running.process.poll() is not None


@pytest.fixture(scope="module")
def remote(server, local) -> RemoteStore:
    graphs: dict[str, list] = {}
    for quad in ox.parse(local.export("nquads"), format=ox.RdfFormat.N_QUADS):
        graphs.setdefault(quad.graph_name.value, []).append(quad.triple)
    for graph, triples in graphs.items():
        server.put_graph(graph, ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES))
    store = RemoteStore(server.query_url)
    yield store
    store.close()


def _nodes(store, cls: str) -> list[str]:
    return sorted(r["n"] for r in store.select(f"SELECT DISTINCT ?n WHERE {{ ?n a {cls} }}"))


def _graph_count(store, graph: str) -> int:
    return store.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")[0]["n"]


def test_every_graph_arrives_whole(local, remote):
    assert local.graphs() and all(_graph_count(remote, g) == _graph_count(local, g) for g in local.graphs())


def test_long_answers_are_not_cut(remote):
    """Debian's ini cuts answers at 10 000 rows without an error (ResultSetMaxRows); ours does not."""
    rows = remote.select("SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert len(rows) == remote.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")[0]["n"] > 10_000
    assert remote.count() < len(rows)  # the server's own graphs are no documents
    assert len(remote.select("SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o OFFSET 10000 LIMIT 10")) == 10


def test_updates_need_the_user_and_password(server):
    update = {"update": "INSERT DATA { GRAPH <urn:x:test> { <urn:x:a> <urn:x:b> 1 } }"}
    assert httpx.post(server.query_url, data=update).status_code >= 400  # anonymous /sparql: read only
    assert httpx.post(server.update_url, data=update, auth=httpx.DigestAuth(server.user, "wrong")).status_code == 401
    assert httpx.post(server.update_url, data=update, auth=server.auth()).status_code == 200
    assert RemoteStore(server.query_url).ask("ASK { GRAPH <urn:x:test> { <urn:x:a> <urn:x:b> 1 } }")
    # a graph made by INSERT was never CREATEd: only DROP SILENT (or CLEAR) removes it
    assert httpx.post(server.update_url, data={"update": "DROP GRAPH <urn:x:test>"}, auth=server.auth()).status_code == 500
    assert httpx.post(server.update_url, data={"update": "DROP SILENT GRAPH <urn:x:test>"}, auth=server.auth()).status_code == 200
    assert not RemoteStore(server.query_url).ask("ASK { GRAPH <urn:x:test> { ?s ?p ?o } }")


def test_what_writes_must_respect(server):
    """The limits docs/virtuoso.md gives the remote store (chidao.remote), on this server."""
    def update(text: str) -> int:
        return httpx.post(server.update_url, data={"update": text}, auth=server.auth(), timeout=120).status_code

    def insert(n: int, graph: str = "urn:x:limits") -> int:
        triples = "\n".join(f'<urn:x:s{i}> <urn:x:p> "{i}" .' for i in range(n))
        return update(f"INSERT DATA {{ GRAPH <{graph}> {{ {triples} }} }}")

    def data(start: int) -> str:
        triples = "\n".join(f'<urn:x:s{i}> <urn:x:p> "{i}" .' for i in range(start, start + 4000))
        return f"INSERT DATA {{ GRAPH <urn:x:limits> {{ {triples} }} }}"

    assert insert(4000) == 200 and insert(5000) == 400  # the parser's stack, not the bytes
    several = " ;\n".join(data(start) for start in (0, 4000, 8000))
    assert update(f"DROP SILENT GRAPH <urn:x:limits> ;\n{several}") == 200  # … per INSERT DATA, not per request
    assert RemoteStore(server.query_url).select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH <urn:x:limits> { ?s ?p ?o } }") == [{"n": 12000}]
    assert update("INSERT DATA { GRAPH <urn:x:limits> { _:b <urn:x:p> 1 } }") == 400
    assert update("DROP SILENT GRAPH <urn:x:limits> ; INSERT DATA { GRAPH <urn:x:limits> { <urn:x:a> <urn:x:p> 1 } } ; "
                  "CREATE GRAPH <urn:x:limits>") == 500  # the graph exists: the last operation fails …
    rows = RemoteStore(server.query_url).select("SELECT ?s WHERE { GRAPH <urn:x:limits> { ?s ?p ?o } }")
    assert rows == [{"s": "urn:x:a"}]  # … and the two before it stay applied
    assert update("DROP SILENT GRAPH <urn:x:limits>") == 200


def test_lineage_with_evidence_is_the_same(local, remote):
    nodes = _nodes(local, "eli:LegalResource") + _nodes(local, "cdo:Task")
    assert nodes == _nodes(remote, "eli:LegalResource") + _nodes(remote, "cdo:Task")
    for node in nodes:
        assert lineage.trace(remote, node, evidence=True, quotes=3) == lineage.trace(local, node, evidence=True, quotes=3)
        assert lineage.chains(remote, node) == lineage.chains(local, node)


def test_lineage_pages_count_alike_and_cover_the_same_edges(local, remote):
    """A page of one relation's edges has no ORDER BY (Oxigraph's index order is its order), so
    its members are the server's choice; the counts and the pages together are not."""
    hub = next(n for n in _nodes(local, "eli:LegalResource") if n.endswith("qd/2016/1395/uy-ban-nhan-dan-tinh-quang-ngai"))

    def paged(store):
        first = lineage.trace(store, hub, "down", depth=1, per_group=2)
        edges = set()
        for offset in range(0, max(g.total for g in first.groups), 2):
            edges |= {(e.subject, e.predicate, e.object) for e in
                      lineage.trace(store, hub, "down", depth=1, per_group=2, offset=offset).edges}
        return [(g.predicate, g.total) for g in first.groups], edges

    counts, edges = paged(local)
    assert max(n for _, n in counts) > 2 and paged(remote) == (counts, edges)
    assert edges == {(e.subject, e.predicate, e.object) for e in lineage.trace(local, hub, "down", depth=1).edges}


def test_shortest_paths_are_the_same(local, remote):
    nodes = _nodes(local, "eli:LegalResource")
    for source, target in zip(nodes[::4], nodes[3::4]):
        assert paths.shortest_path(remote, source, target) == paths.shortest_path(local, source, target)


def test_status_and_card_are_the_same(local, remote):
    found = set()
    for node in _nodes(local, "eli:LegalResource"):
        for day in DAYS:
            mine = status.status(local, node, day)
            assert status.status(remote, node, day) == mine
            found.add(mine.status)
        described = catalog.describe(local, node)
        assert catalog.describe(remote, node) == described
        assert card.card(remote, described, mine) == card.card(local, described, mine)
    assert {"not_yet_in_force", "in_force", "partly_in_force", "not_in_force", "unknown"} <= found


def test_documents_and_mentions_are_the_same(local, remote):
    for doc in _nodes(local, "cdo:SourceDocument"):
        assert catalog.document(remote, doc) == catalog.document(local, doc)
    for node in _nodes(local, "cdo:Task"):
        assert catalog.mentions_of(remote, node) == catalog.mentions_of(local, node)


def _unordered(page: listing.Page) -> tuple:
    """A page holding the whole list, its rows in any order (no ORDER BY: the server's order)."""
    assert page.total <= page.limit
    return page.total, sorted(json.dumps(item, sort_keys=True, default=str) for item in page.items)


def test_lists_and_facets_are_the_same(local, remote):
    assert _unordered(listing.instruments(remote, limit=200)) == _unordered(listing.instruments(local, limit=200))
    assert _unordered(listing.documents(remote)) == _unordered(listing.documents(local))
    for kind in (None, *listing.TASK_KINDS):
        assert _unordered(listing.tasks(remote, kind=kind, limit=200)) == _unordered(listing.tasks(local, kind=kind, limit=200))
    for offset in (0, 5, 30):  # ranked: the same rows in the same order
        assert listing.bodies(remote, limit=5, offset=offset) == listing.bodies(local, limit=5, offset=offset)
    assert listing.instrument_facets(remote) == listing.instrument_facets(local)
    for body in sorted({r["b"] for r in local.select("SELECT ?b WHERE { ?i eli:passed_by ?b }")}):
        assert _unordered(listing.instruments(remote, issuer=body)) == _unordered(listing.instruments(local, issuer=body))
        assert _unordered(listing.tasks(remote, issuer=body)) == _unordered(listing.tasks(local, issuer=body))
        assert listing.instrument_facets(remote, issuer=body) == listing.instrument_facets(local, issuer=body)


def test_list_pages_hold_every_node_once(local, remote):
    """Pages without ORDER BY follow each store's own order: their members differ, never their union."""
    def paged(store) -> list[str]:
        total = listing.instruments(store, limit=1).total
        return [item["id"] for offset in range(0, total, 7) for item in listing.instruments(store, limit=7, offset=offset).items]

    ids = paged(remote)
    assert len(ids) == len(set(ids)) and sorted(ids) == sorted(paged(local))


def _cell(value):
    """GROUP_CONCAT's values in any order, and "" for none (Oxigraph: unbound)."""
    if value is None:
        return ""
    for sep in (" | ", "; "):
        if isinstance(value, str) and sep in value:
            return sep.join(sorted(value.split(sep)))
    return value


@pytest.mark.parametrize("name", query_names())
def test_named_queries_give_the_same_rows(local, remote, name):
    def rows(store):
        return sorted(json.dumps({k: _cell(v) for k, v in r.items()}, sort_keys=True) for r in store.select(named_query(name)))

    assert rows(remote) == rows(local)


def test_a_port_taken_before_virtuoso_listens_starts_it_over(tmp_path, monkeypatch):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        ports = iter([taken.getsockname()[1], *(virtuoso_server._free_port() for _ in range(3))])
        monkeypatch.setattr(virtuoso_server, "_free_port", lambda: next(ports))
        with virtuoso_server.start(tmp_path) as running:
            assert running.http_port != taken.getsockname()[1]
            assert RemoteStore(running.query_url).select("SELECT (1 AS ?one) WHERE {}") == [{"one": 1}]
