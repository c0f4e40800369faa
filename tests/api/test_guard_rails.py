"""Guard rails: a runaway query is cut off by the timeout while other requests are answered;
answers are capped; updates only when enabled and only with the token."""
from __future__ import annotations

import threading
import time

import httpx
from served import QD_1395

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def test_runaway_query_is_stopped_while_lineage_answers(server):
    finished: list[str] = []
    runaway: dict = {}

    def run():
        runaway["r"] = httpx.post(server.sparql, headers={"content-type": "application/sparql-query"},
                                  content=RUNAWAY, timeout=60)
        finished.append("runaway")

    t = threading.Thread(target=run)
    t.start()
    time.sleep(0.5)  # let the runaway reach a worker
    lineage = httpx.get(f"{server.url}/lineage/{QD_1395}", params={"direction": "both"}, timeout=60)
    finished.append("lineage")
    t.join(60)
    assert lineage.status_code == 200 and lineage.json()["edges"]
    assert finished == ["lineage", "runaway"], "lineage should answer while the runaway query runs"
    r = runaway["r"]
    assert r.status_code == 503 and r.headers["content-type"].startswith("application/problem+json")
    assert "time limit" in r.json()["detail"]
    # the killed worker was replaced: the endpoint still answers
    again = httpx.get(server.sparql, params={"query": "ASK { ?s ?p ?o }"}, timeout=30)
    assert again.status_code == 200 and again.json()["boolean"] is True


def test_result_cap_truncates_and_says_so(server):
    r = httpx.get(server.sparql, params={"query": "SELECT * WHERE { ?s ?p ?o }"}, timeout=30)
    assert r.status_code == 200
    assert len(r.json()["results"]["bindings"]) == 1000
    assert r.headers["x-chidao-truncated"].startswith("true")
    small = httpx.get(server.sparql, params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 10"}, timeout=30)
    assert len(small.json()["results"]["bindings"]) == 10 and "x-chidao-truncated" not in small.headers


def test_updates_disabled_by_default(server):
    r = httpx.post(server.url + "/sparql/update", headers={"content-type": "application/sparql-update",
                                                           "authorization": "Bearer anything"},
                   content="CLEAR ALL", timeout=30)
    assert r.status_code == 403 and "disabled" in r.json()["detail"]
    assert httpx.get(server.sparql, params={"query": "ASK { ?s ?p ?o }"}, timeout=30).json()["boolean"]


def test_updates_need_the_token(writable_server):
    url = writable_server.url + "/sparql/update"
    sd = httpx.get(writable_server.sparql, headers={"accept": "application/n-triples"}, timeout=30).text
    assert "sparql-service-description#SPARQL11Update" in sd
    insert = 'INSERT DATA { GRAPH <urn:x-test:g> { <urn:x-test:a> <urn:x-test:p> "thêm" } }'
    ask = {"query": 'ASK { <urn:x-test:a> <urn:x-test:p> "thêm" }'}
    for auth in ({}, {"authorization": "Bearer wrong"}, {"authorization": "Basic czNjcmV0LXRva2Vu"}):
        r = httpx.post(url, headers={"content-type": "application/sparql-update", **auth}, content=insert, timeout=30)
        assert r.status_code == 401
    assert httpx.get(writable_server.sparql, params=ask, timeout=30).json()["boolean"] is False
    r = httpx.post(url, headers={"content-type": "application/sparql-update",
                                 "authorization": "Bearer s3cret-token"}, content=insert.encode(), timeout=30)
    assert r.status_code == 204, r.text
    assert httpx.get(writable_server.sparql, params=ask, timeout=30).json()["boolean"] is True
    r = httpx.post(url, headers={"authorization": "Bearer s3cret-token"},
                   data={"update": "INSERT DATA { <urn:x-test:a> <urn:x-test:p> }"}, timeout=30)
    assert r.status_code == 400 and "syntax" in r.json()["detail"]
    r = httpx.post(url, headers={"authorization": "Bearer s3cret-token",
                                 "content-type": "application/x-www-form-urlencoded"},
                   content=b"update=a&update=b", timeout=30)
    assert r.status_code == 400 and "2 'update' parameters" in r.json()["detail"]
