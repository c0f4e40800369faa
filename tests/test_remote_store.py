"""`--store URL`: the bundled sample ingested into a real Oxigraph server (`oxigraph serve`) and
into an embedded store holds the same quads, and lineage, search, status and stats answer alike;
a second ingest skips every document; another process's write empties a reader's cache."""
from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from chidao import lineage as lin
from chidao import listing
from chidao.endpoints import endpoints
from chidao.local_servers.oxigraph_server import OxigraphServer
from chidao.remote import RemoteStore
from chidao.status import status
from chidao.store import Store

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples"
QD_1395 = "https://w3id.org/chidao/eli/qd/2016/1395/uy-ban-nhan-dan-tinh-quang-ngai"
DOC_GRAPH = "https://w3id.org/chidao/graph/bc-18-ubnd-quang-ngai-2021"


def chidao(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "chidao.cli", *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=300)


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory):
    with OxigraphServer(tmp_path_factory.mktemp("oxigraph") / "data") as server:
        yield server


@pytest.fixture(scope="module")
def index_env(tmp_path_factory) -> dict:
    return {"CHIDAO_INDEX": str(tmp_path_factory.mktemp("remote-index"))}


@pytest.fixture(scope="module")
def ingested(oxigraph, index_env, tmp_path_factory):
    """(first ingest's output, the embedded store's folder): the sample in both stores by the CLI."""
    first = chidao("ingest", "--quiet", "--store", oxigraph.query_url, str(SAMPLE), env=index_env)
    assert first.returncode == 0, first.stderr
    folder = tmp_path_factory.mktemp("embedded") / "store"
    assert chidao("ingest", "--quiet", "--store", str(folder), str(SAMPLE)).returncode == 0
    return first.stdout, folder


@pytest.fixture(scope="module")
def stores(ingested, oxigraph, index_env):
    os.environ["CHIDAO_INDEX"] = index_env["CHIDAO_INDEX"]
    try:
        remote = RemoteStore(oxigraph.query_url, read_only=True)
    finally:
        del os.environ["CHIDAO_INDEX"]
    embedded = Store(ingested[1], read_only=True)
    yield remote, embedded
    remote.close()


def graph_digest(store, graph: str) -> tuple[int, str]:
    """(quads, sha256 of the sorted N-Triples) of one graph; blank node labels and the ingest
    time (the two runs' only differences) made equal."""
    lines = sorted(re.sub(r"_:\w+", "_:b", f"{r['s']} {r['p']} {r['o']} .")
                   for r in store.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}", prefixes=False)
                   if not str(r["p"]).endswith("#startedAtTime>"))
    return len(lines), hashlib.sha256("\n".join(lines).encode()).hexdigest()


def test_same_graphs_and_quads(stores):
    remote, embedded = stores
    assert remote.graphs() == embedded.graphs() and DOC_GRAPH in remote.graphs()
    assert remote.count() == embedded.count()
    for g in embedded.graphs():
        assert graph_digest(remote, g) == graph_digest(embedded, g), g


def test_same_answers(stores):
    remote, embedded = stores
    assert remote.stats() == embedded.stats()
    assert lin.trace(remote, QD_1395, "both", evidence=True) == lin.trace(embedded, QD_1395, "both", evidence=True)
    for typed in ("quyet dinh 1395", "QĐ 1395", "kế hoạch"):
        assert listing.search_results(remote, typed) == listing.search_results(embedded, typed), typed
    assert status(remote, QD_1395).as_json() == status(embedded, QD_1395).as_json()
    in_sparql = (ROOT / "api" / "examples" / "text-search-in-sparql.rq").read_text("utf-8")  # cdo:textMatch, textScore
    assert remote.select(in_sparql) == embedded.select(in_sparql) != []


def test_cli_reads_the_server(ingested, oxigraph, index_env):
    for args in (["lineage", "QĐ 1395", "--depth", "2"], ["status", "1395/QĐ-UBND", "--on", "2021-01-01", "--json"],
                 ["query", "instruments", "--format", "csv"], ["stats", "--json"]):
        remote = chidao(*args, "--store", oxigraph.query_url, env=index_env)
        embedded = chidao(*args, "--store", str(ingested[1]))
        assert remote.returncode == embedded.returncode == 0, remote.stderr
        assert remote.stdout == embedded.stdout, args


def test_export_holds_every_quad_once(stores):
    import pyoxigraph as ox

    remote, embedded = stores
    quads = list(ox.parse(remote.export("nquads"), format=ox.RdfFormat.N_QUADS))
    assert len(quads) == embedded.count() and {q.graph_name.value for q in quads} == set(embedded.graphs())


def test_second_ingest_skips_every_document(ingested, oxigraph, index_env):
    assert "ingested 1 document(s)" in ingested[0]
    again = chidao("ingest", "--quiet", "--store", oxigraph.query_url, str(SAMPLE), env=index_env)
    assert again.returncode == 0 and "ingested 0 document(s), 0 failed, 1 unchanged" in again.stdout, again.stdout


def test_a_document_without_its_marker_is_read_again(stores, oxigraph, index_env, monkeypatch):
    """What a kill before a document's marker would leave: the next run replaces the graph."""
    remote = stores[0]
    monkeypatch.setenv("CHIDAO_INDEX", index_env["CHIDAO_INDEX"])
    writer = RemoteStore(oxigraph.query_url)
    writer.update(f"DELETE WHERE {{ GRAPH <{DOC_GRAPH}> {{ ?d cdo:sha256 ?sha }} }}")
    writer.close()
    before = graph_digest(remote, DOC_GRAPH)[0]
    again = chidao("ingest", "--quiet", "--store", oxigraph.query_url, str(SAMPLE), env=index_env)
    assert "ingested 1 document(s)" in again.stdout, again.stdout
    assert graph_digest(remote, DOC_GRAPH)[0] == before + 1


def test_reindex_rebuilds_the_local_index(ingested, oxigraph, index_env, stores):
    done = chidao("reindex", "--store", oxigraph.query_url, env=index_env)
    assert done.returncode == 0 and re.match(r"indexed \d+ nodes from 2 graphs", done.stdout), done.stdout
    remote, embedded = stores
    assert listing.search_results(remote, "quyet dinh 1395") == listing.search_results(embedded, "quyet dinh 1395")


def test_a_write_elsewhere_empties_the_cache(stores, oxigraph, index_env, monkeypatch):
    remote = stores[0]
    monkeypatch.setattr("chidao.remote.GENERATION_CHECK_SECONDS", 0)
    remote.cache["answer"] = {"kept": 1}
    assert remote.cache.get("answer") == {"kept": 1}  # nothing written since
    monkeypatch.setenv("CHIDAO_INDEX", index_env["CHIDAO_INDEX"])
    writer = RemoteStore(oxigraph.query_url)
    writer.add_triples("https://w3id.org/chidao/graph/test-cache", "<urn:a> <urn:b> <urn:c> .")
    writer.drop_graph("https://w3id.org/chidao/graph/test-cache")
    writer.close()
    assert "answer" not in remote.cache


def test_serve_forwards_updates_only_when_enabled(ingested, oxigraph, index_env, tmp_path):
    import httpx
    from served_server import _api_conftest

    api = _api_conftest()
    update = {"content-type": "application/sparql-update"}
    change = "INSERT DATA { GRAPH <urn:chidao:test-serve> { <urn:a> rdfs:label \"Sở Tư pháp\"@vi } }"
    reader = api.start_server(oxigraph.query_url, tmp_path / "reader.log", **index_env)
    try:
        assert httpx.post(reader.url + "/sparql/update", headers=update, content=change, timeout=30).status_code == 403
    finally:
        api.stop_server(reader)
    writer = api.start_server(oxigraph.query_url, tmp_path / "writer.log", CHIDAO_UPDATE_TOKEN="t0ken", **index_env)
    try:
        r = httpx.post(writer.url + "/sparql/update", headers={**update, "authorization": "Bearer t0ken"},
                       content=change.encode(), timeout=30)
        assert r.status_code == 204, r.text
    finally:
        api.stop_server(writer)
    label = httpx.get(oxigraph.query_url, params={"query": "SELECT ?l WHERE { GRAPH <urn:chidao:test-serve> { ?s ?p ?l } }"},
                      headers={"accept": "application/sparql-results+json"}, timeout=30).json()
    assert [b["l"]["value"] for b in label["results"]["bindings"]] == ["Sở Tư pháp"]  # NFC, as sent


def test_flavours():
    ox = endpoints("http://127.0.0.1:7878/query", {})
    assert ox.update == "http://127.0.0.1:7878/update" and ox.flavour.union_parameter and ox.auth is None
    other = endpoints("https://example.org/sparql", {"CHIDAO_UPDATE_ENDPOINT": "https://example.org/up",
                                                     "CHIDAO_STORE_USER": "u", "CHIDAO_STORE_PASSWORD": "p",
                                                     "CHIDAO_STORE_AUTH": "digest"})
    assert other.update == "https://example.org/up" and type(other.auth).__name__ == "DigestAuth"
    assert endpoints("https://example.org/sparql", {}).update is None
    with pytest.raises(ValueError, match="only Virtuoso"):  # an SQL address for a server without SQL writes
        endpoints("http://127.0.0.1:7878/query", {"CHIDAO_STORE_SQL": "127.0.0.1:1111", "CHIDAO_STORE_USER": "u"})
    with pytest.raises(ValueError, match="not an http"):
        endpoints("ftp://example.org/query", {})


def test_read_only_and_unreachable_servers_say_so(stores, tmp_path):
    r = chidao("ingest", "--store", "http://127.0.0.1:9/query", str(SAMPLE), env={"CHIDAO_INDEX": str(tmp_path)})
    assert r.returncode == 1 and "did not answer" in r.stderr
    with pytest.raises(PermissionError, match="read-only"):
        stores[0].add_triples("urn:g", "<urn:a> <urn:b> <urn:c> .")


@pytest.mark.parametrize("sparql", ["SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }",
                                    "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"])
def test_a_forwarded_query_cut_at_the_cap_stops_reading_there(stores, sparql):
    """The service's /sparql over a server answers at most its result cap: the server's answer
    is parsed as it arrives, so the rest of a large one is never read into memory."""
    from api.query_pool import QueryRequest, execute

    remote, embedded = stores
    answer = execute(remote, QueryRequest(sparql, "json", "ntriples"), cap=10)
    assert answer.truncated and answer.rows == 10
    whole = len(remote._query(sparql, remote._streamed.request.headers["accept"], remote._union()).content)
    assert remote._streamed.num_bytes_downloaded < whole / 10, (remote._streamed.num_bytes_downloaded, whole)
