"""A real chidao server (uvicorn, `chidao serve`) on a free loopback port over a store built from
the bundled sample, for tests that talk to it with real HTTP clients."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples" / "bc-18-ubnd-quang-ngai-2021.txt"
from served import W3C_GRAPHS


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    store: Path

    @property
    def sparql(self) -> str:
        return self.url + "/sparql"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(store: Path, log: Path, **env: str) -> Server:
    port = free_port()
    environ = {**os.environ, **env}
    environ.pop("CHIDAO_STORE", None)
    log_file = open(log, "wb")
    proc = subprocess.Popen([sys.executable, "-m", "chidao.cli", "serve", "--store", str(store),
                             "--host", "127.0.0.1", "--port", str(port)],
                            env=environ, stdout=log_file, stderr=subprocess.STDOUT, cwd=ROOT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}: {log.read_text('utf-8', 'replace')}")
        try:
            # /sparql: the one route outside the REST time limit, which a test may set to nothing
            if httpx.get(url + "/sparql", params={"query": "ASK {}"}, timeout=2).status_code == 200:
                return Server(url, proc, store)
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    proc.kill()
    raise RuntimeError(f"server did not answer within 60 s: {log.read_text('utf-8', 'replace')}")


def stop_server(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.process.kill()


@pytest.fixture(scope="session")
def built_store(tmp_path_factory) -> Path:
    store = tmp_path_factory.mktemp("served") / "store"
    subprocess.run([sys.executable, "-m", "chidao.cli", "ingest", "--quiet", "--store", str(store), str(SAMPLE)],
                   check=True, cwd=ROOT, capture_output=True)
    # The W3C protocol tests' graphs (ut:graphData data0..data3): each names itself a foaf:Document.
    load = "; ".join(f"INSERT DATA {{ GRAPH <{g}> {{ <{g}> a <http://xmlns.com/foaf/0.1/Document> }} }}"
                     for g in W3C_GRAPHS)
    subprocess.run([sys.executable, "-c", "import sys, pyoxigraph as ox; s = ox.Store(sys.argv[1]); "
                    "s.update(sys.argv[2]); s.flush()", str(store), load], check=True, cwd=ROOT)
    return store


@pytest.fixture(scope="session")
def server(built_store, tmp_path_factory):
    """Read-only server; a 3 s query timeout and a 1000-row result cap so the guard rails show."""
    srv = start_server(built_store, tmp_path_factory.mktemp("logs") / "server.log",
                       CHIDAO_QUERY_TIMEOUT="3", CHIDAO_RESULT_LIMIT="1000")
    yield srv
    stop_server(srv)


@pytest.fixture(scope="session")
def remote_server(tmp_path_factory):
    """The same served store kept in an Oxigraph server (`chidao serve --store URL`): the sample
    ingested by the CLI, the W3C graphs added by SPARQL Update, its text index in a temp folder."""
    from chidao.local_servers.oxigraph_server import OxigraphServer

    oxigraph = OxigraphServer(tmp_path_factory.mktemp("oxigraph") / "data").start()
    env = {"CHIDAO_INDEX": str(tmp_path_factory.mktemp("remote-index"))}
    subprocess.run([sys.executable, "-m", "chidao.cli", "ingest", "--quiet", "--store", oxigraph.query_url, str(SAMPLE)],
                   check=True, cwd=ROOT, capture_output=True, env={**os.environ, **env})
    for g in W3C_GRAPHS:
        httpx.post(oxigraph.url + "/update", timeout=30, headers={"content-type": "application/sparql-update"},
                   content=f"INSERT DATA {{ GRAPH <{g}> {{ <{g}> a <http://xmlns.com/foaf/0.1/Document> }} }}").raise_for_status()
    srv = start_server(oxigraph.query_url, tmp_path_factory.mktemp("logs") / "remote.log",
                       CHIDAO_QUERY_TIMEOUT="3", CHIDAO_RESULT_LIMIT="1000", **env)
    yield srv
    stop_server(srv)
    oxigraph.stop()


@pytest.fixture(scope="session")
def writable_server(built_store, tmp_path_factory):
    """A server over a copy of the store with SPARQL Update enabled behind a token."""
    copy = tmp_path_factory.mktemp("writable") / "store"
    shutil.copytree(built_store, copy)
    srv = start_server(copy, tmp_path_factory.mktemp("logs") / "writable.log", CHIDAO_UPDATE_TOKEN="s3cret-token")
    yield srv
    stop_server(srv)
