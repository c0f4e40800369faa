"""The SPARQL endpoint at its edges: relative IRIs resolve against the endpoint's URL (the W3C
protocol test query_content_type_construct as written), and the update token is compared exactly."""
from __future__ import annotations

import httpx
from hostile_support import TOKEN

DIRECT = {"content-type": "application/sparql-query"}


def test_relative_iris_resolve_against_the_endpoint(token_server):
    r = httpx.post(token_server.sparql, headers={**DIRECT, "accept": "application/n-triples"},
                   content="CONSTRUCT { <s> <p> 1 } WHERE {}", timeout=30)
    assert r.status_code == 200, r.text
    assert r.text.startswith(f"<{token_server.url}/s> <{token_server.url}/p> "), r.text
    r = httpx.get(token_server.sparql, params={"query": "SELECT ?x WHERE { BIND(<a> AS ?x) }"}, timeout=30)
    assert r.status_code == 200 and r.json()["results"]["bindings"][0]["x"]["value"] == f"{token_server.url}/a"


def test_update_token_is_compared_exactly(token_server):
    url = token_server.url + "/sparql/update"
    insert = 'INSERT DATA { GRAPH <urn:x-test:g> { <urn:x-test:a> <urn:x-test:p> "x" } }'
    ask = {"query": 'ASK { <urn:x-test:a> <urn:x-test:p> "x" }'}
    # HTTP itself drops spaces and tabs around a header value; a no-break space (0xA0) or NEL
    # (0x85) reaches the app, and str.strip() used to drop them there too
    for token in (TOKEN.encode() + b"\xa0", TOKEN.encode() + b"\x85", b"\xa0" + TOKEN.encode(),
                  TOKEN[:-1].encode(), TOKEN.upper().encode(), b" " + TOKEN.encode()):
        r = httpx.post(url, headers={"content-type": "application/sparql-update",
                                     "authorization": b"Bearer " + token}, content=insert, timeout=30)
        assert r.status_code == 401, (token, r.status_code)
    assert httpx.get(token_server.sparql, params=ask, timeout=30).json()["boolean"] is False
    r = httpx.post(url, headers={"content-type": "application/sparql-update", "authorization": f"Bearer {TOKEN}"},
                   content=insert, timeout=30)
    assert r.status_code == 204
    assert httpx.get(token_server.sparql, params=ask, timeout=30).json()["boolean"] is True
