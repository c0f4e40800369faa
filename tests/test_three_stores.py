"""The same documents ingested into the embedded store, an Oxigraph server and Virtuoso (both
started here on loopback; Virtuoso written over HTTP and through its SQL interface) hold the same
quads and give the same lineage, search and status answers: on the bundled sample and on a
sample of the scale corpus (../shared/scale)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox
import pytest
from test_virtuoso_atomic import _odbc_missing

from chidao import lineage as lin
from chidao import listing
from chidao.local_servers import virtuoso_server
from chidao.local_servers.oxigraph_server import OxigraphServer
from chidao.remote import RemoteStore
from chidao.status import status
from chidao.store import Store
from chidao.store_digest import differences, digest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("CHIDAO_SHARED", ROOT.parent / "shared"))
GAZETTE = SHARED / "scale" / "gazette"
SCALE_SAMPLE = 12  # official texts, the first by name: decrees, laws, decisions citing each other
QD_1395 = "https://w3id.org/chidao/eli/qd/2016/1395/uy-ban-nhan-dan-tinh-quang-ngai"
SERVERS = ["oxigraph", "virtuoso", "virtuoso over SQL"]


def chidao(*args: str, env: dict) -> None:
    done = subprocess.run([sys.executable, "-m", "chidao.cli", *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, **env}, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture(scope="module")
def corpora(tmp_path_factory) -> dict[str, Path]:
    out = {"sample": ROOT / "examples"}
    if GAZETTE.is_dir():
        folder = tmp_path_factory.mktemp("scale-sample")
        for f in sorted(GAZETTE.glob("*.txt"))[:SCALE_SAMPLE]:
            shutil.copy(f, folder / f.name)
        out["scale sample"] = folder
    return out


@contextmanager
def started(kind: str, folder: Path):
    """(query URL, environment for chidao) of a fresh server of that kind."""
    if kind == "oxigraph":
        with OxigraphServer(folder / "data") as s:
            yield s.query_url, {}
        return
    if not virtuoso_server.binary():
        pytest.skip("Debian's virtuoso-opensource is not installed (`make system-deps` installs it)")
    if kind == "virtuoso over SQL" and _odbc_missing():
        pytest.skip(_odbc_missing())
    with virtuoso_server.start(folder) as s:
        sql = {"CHIDAO_STORE_SQL": s.sql_address} if kind == "virtuoso over SQL" else {}
        yield s.query_url, {"CHIDAO_STORE_USER": s.user, "CHIDAO_STORE_PASSWORD": s.password, **sql}


@pytest.fixture(scope="module", params=[(k, c) for k in SERVERS for c in ("sample", "scale sample")], ids=" on ".join)
def pair(request, corpora, tmp_path_factory):
    """(remote store, embedded store) holding the same corpus, each ingested by the CLI."""
    kind, corpus = request.param
    if corpus not in corpora:
        pytest.skip(f"{GAZETTE} is absent: the scale corpus lives in ../shared")
    with started(kind, tmp_path_factory.mktemp(kind.replace(" ", "-"))) as (url, env):
        env = {**env, "CHIDAO_INDEX": str(tmp_path_factory.mktemp("index"))}
        folder = tmp_path_factory.mktemp("embedded") / "store"
        for store in (url, str(folder)):
            chidao("ingest", "--quiet", "--store", store, str(corpora[corpus]), env=env)
        saved = {k: os.environ.get(k) for k in env}
        os.environ.update(env)
        remote = RemoteStore(url, read_only=True)
        yield remote, Store(folder, read_only=True)
        remote.close()
        for k, v in saved.items():
            os.environ.pop(k) if v is None else os.environ.__setitem__(k, v)


def hubs(store, n: int = 3) -> list[str]:
    """The instruments cited most, where lineage has something to say."""
    rows = store.select("SELECT ?i (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s eli:cites|eli:based_on|eli:implements ?i } "
                        f"GROUP BY ?i ORDER BY DESC(?n) ?i LIMIT {n}")
    return [r["i"] for r in rows]


def test_same_quads(pair):
    remote, embedded = pair
    assert differences(digest(embedded), digest(remote)) == []


def test_same_lineage_search_and_status(pair):
    remote, embedded = pair
    nodes = hubs(embedded)
    assert nodes and hubs(remote) == nodes
    for node in nodes + ([QD_1395] if embedded.select(f"SELECT ?p WHERE {{ <{QD_1395}> ?p ?o }} LIMIT 1") else []):
        for direction in ("up", "down"):
            mine = lin.trace(embedded, node, direction, 2, per_group=500, evidence=True)
            theirs = lin.trace(remote, node, direction, 2, per_group=500, evidence=True)
            assert sorted(theirs.edges, key=repr) == sorted(mine.edges, key=repr), (node, direction)
            assert sorted(theirs.groups, key=repr) == sorted(mine.groups, key=repr), (node, direction)
        assert status(remote, node).as_json() == status(embedded, node).as_json(), node
    for typed in ("quyet dinh", "nghị định", "ủy ban nhân dân", "QĐ 1395"):
        assert listing.search_results(remote, typed) == listing.search_results(embedded, typed), typed


def test_graph_queries_answer_triples(pair):
    """A CONSTRUCT gives triples on every store (Virtuoso answers one in JSON rows when the
    request also accepts JSON)."""
    remote, embedded = pair
    construct = "CONSTRUCT { ?i rdfs:label ?label } WHERE { ?i a eli:LegalResource ; rdfs:label ?label }"
    mine = {str(t) for t in embedded.query(construct)}
    assert mine and {str(t) for t in remote.query(construct)} == mine


def test_export_gives_every_quad(pair):
    """N-Quads export holds the embedded store's quads on every store, blank nodes included
    (Virtuoso names them `nodeID://…` in result rows, which no N-Quads reader takes)."""
    remote, embedded = pair

    def shape(store) -> dict[str, int]:
        quads = ox.parse(store.export("nquads"), format=ox.RdfFormat.N_QUADS)
        return Counter(q.graph_name.value for q in quads)

    assert shape(remote) == shape(embedded)
