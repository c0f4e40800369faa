"""Request size limits: a query string or body over CHIDAO_MAX_REQUEST_BYTES is refused with a
413 problem before the server buffers it; requests under the limit are answered as before."""
from __future__ import annotations

import socket
from urllib.parse import quote, urlsplit

import httpx
import pytest
from hostile_support import API

LIMIT = 20_000
SELECT = "SELECT (1 AS ?x) WHERE {}"


@pytest.fixture(scope="module")
def small_limit_server(sample_store, tmp_path_factory):
    server = API.start_server(sample_store, tmp_path_factory.mktemp("logs") / "limits.log",
                              CHIDAO_MAX_REQUEST_BYTES=str(LIMIT))
    yield server
    API.stop_server(server)


def _padded(size: int) -> str:
    """A valid query of about `size` bytes (a comment pads it)."""
    return SELECT + "\n#" + "x" * (size - len(SELECT) - 2)


def _is_413(r: httpx.Response) -> None:
    assert r.status_code == 413, (r.status_code, r.text[:200])
    assert r.headers["content-type"].startswith("application/problem+json")
    assert str(LIMIT) in r.json()["detail"]


def test_large_query_string_is_413(small_limit_server):
    ok = httpx.get(small_limit_server.sparql, params={"query": _padded(LIMIT // 2)}, timeout=30)
    assert ok.status_code == 200, ok.text
    _is_413(httpx.get(small_limit_server.sparql, params={"query": _padded(LIMIT * 3)}, timeout=30))
    _is_413(httpx.get(small_limit_server.url + "/search", params={"q": "x" * (LIMIT + 10)}, timeout=30))


def test_large_body_is_413(small_limit_server):
    direct = {"content-type": "application/sparql-query"}
    ok = httpx.post(small_limit_server.sparql, headers=direct, content=_padded(LIMIT // 2), timeout=30)
    assert ok.status_code == 200, ok.text
    _is_413(httpx.post(small_limit_server.sparql, headers=direct, content=_padded(LIMIT * 3), timeout=30))
    form = httpx.post(small_limit_server.sparql, data={"query": _padded(LIMIT * 3)}, timeout=30)
    _is_413(form)


def test_chunked_body_is_counted_as_it_arrives(small_limit_server):
    def chunks():  # no Content-Length: the server must count
        for _ in range(50):
            yield b"#" + b"x" * 999 + b"\n"

    r = httpx.post(small_limit_server.sparql, headers={"content-type": "application/sparql-query"},
                   content=chunks(), timeout=30)
    _is_413(r)
    assert httpx.get(small_limit_server.sparql, params={"query": SELECT}, timeout=30).status_code == 200


def test_default_limit_is_one_megabyte(token_server):
    direct = {"content-type": "application/sparql-query"}
    assert httpx.post(token_server.sparql, headers=direct, content=_padded(900_000), timeout=60).status_code == 200
    r = httpx.post(token_server.sparql, headers=direct, content=_padded(1_100_000), timeout=60)
    assert r.status_code == 413 and "1000000" in r.json()["detail"]
    assert _raw_get_status(token_server.url, "/sparql?query=" + quote(_padded(1_100_000))) == 413


def _raw_get_status(url: str, target: str) -> int:
    """Status of a GET whose URL is longer than httpx will build (64 KiB)."""
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=60) as s:
        s.sendall(f"GET {target} HTTP/1.1\r\nHost: {parts.netloc}\r\nConnection: close\r\n\r\n".encode())
        head = s.recv(100).decode("latin-1")
    return int(head.split(" ", 2)[1])
