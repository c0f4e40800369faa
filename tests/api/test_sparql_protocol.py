"""The W3C SPARQL 1.1 Protocol tests (w3c/rdf-tests sparql/sparql11/protocol/manifest.ttl) that
apply to a read-only query endpoint, sent as raw HTTP to the running server. The tests' graphs
data0..data3 are loaded by the fixture; query_multiple_dataset uses two named-graph-uri
parameters (the manifest percent-encodes the '&' between them, an erratum)."""
from __future__ import annotations

import json
from urllib.parse import quote

import httpx
import pytest
from served import QD_1395

K = "http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata"
D = "http://kasei.us/2009/09/sparql/data/data"
FORM = {"content-type": "application/x-www-form-urlencoded"}
DIRECT = {"content-type": "application/sparql-query"}
BOOLEAN_TYPES = ("application/sparql-results+xml", "application/sparql-results+json")
TABULAR_TYPES = BOOLEAN_TYPES + ("text/csv", "text/tab-separated-values")
RDF_TYPES = ("application/rdf+xml", "text/turtle", "application/n-triples", "application/ld+json")


@pytest.fixture(scope="module", params=["embedded", "oxigraph"])
def server(request, server):
    """Every case against `chidao serve` over a folder and over an Oxigraph server."""
    return server if request.param == "embedded" else request.getfixturevalue("remote_server")


# name, method, path (after /sparql), headers, body, expected: "true" | "tabular" | "RDF" | "4xx"
CASES = [
    ("query_post_form", "POST", f"?default-graph-uri={K}0.rdf", FORM, "query=ASK%20%7B%7D", "true"),
    ("query_dataset_default_graphs_get", "GET",
     "?query=" + quote(f"ASK {{ <{D}1.rdf> a ?type . <{D}2.rdf> a ?type . }}")
     + f"&default-graph-uri={K}1.rdf&default-graph-uri={K}2.rdf", {}, None, "true"),
    ("query_dataset_default_graphs_post", "POST", f"?default-graph-uri={K}1.rdf&default-graph-uri={K}2.rdf",
     DIRECT, f"ASK {{ <{D}1.rdf> a ?type . <{D}2.rdf> a ?type . }}", "true"),
    ("query_dataset_named_graphs_post", "POST", f"?named-graph-uri={K}1.rdf&named-graph-uri={K}2.rdf", DIRECT,
     f"ASK {{ GRAPH ?g1 {{ <{D}1.rdf> a ?type }} GRAPH ?g2 {{ <{D}2.rdf> a ?type }} }}", "true"),
    ("query_dataset_named_graphs_get", "GET",
     "?query=" + quote(f"ASK {{ GRAPH ?g1 {{ <{D}1.rdf> a ?type }} GRAPH ?g2 {{ <{D}2.rdf> a ?type }} }}")
     + f"&named-graph-uri={K}1.rdf&named-graph-uri={K}2.rdf", {}, None, "true"),
    ("query_dataset_full", "POST", f"?default-graph-uri={K}3.rdf&named-graph-uri={K}1.rdf&named-graph-uri={K}2.rdf",
     DIRECT, f"ASK {{ <{D}3.rdf> a ?type GRAPH ?g1 {{ <{D}1.rdf> a ?type }} GRAPH ?g2 {{ <{D}2.rdf> a ?type }} }}",
     "true"),
    ("query_multiple_dataset", "POST", f"?named-graph-uri={K}1.rdf&named-graph-uri={K}2.rdf", DIRECT,
     f"ASK FROM <{D}3.rdf> {{ GRAPH ?g1 {{ <{D}1.rdf> a ?type }} GRAPH ?g2 {{ <{D}2.rdf> a ?type }} }}", "true"),
    ("query_get", "GET", f"?query=ASK%20%7B%7D&default-graph-uri={K}0.rdf", {}, None, "true"),
    ("query_content_type_select", "POST", f"?default-graph-uri={K}0.rdf", DIRECT, "SELECT (1 AS ?value) {}", "tabular"),
    ("query_content_type_ask", "POST", f"?default-graph-uri={K}0.rdf", DIRECT, "ASK {}", "boolean"),
    ("query_content_type_describe", "POST", f"?default-graph-uri={K}0.rdf", DIRECT, "DESCRIBE <http://example.org/>", "RDF"),
    ("query_content_type_construct", "POST", f"?default-graph-uri={K}0.rdf", DIRECT,
     "CONSTRUCT { <s> <p> 1 } WHERE {}", "RDF"),  # as the W3C test writes it: relative IRIs
    ("query_post_direct", "POST", f"?default-graph-uri={K}0.rdf", DIRECT, "ASK {}", "true"),
    ("bad_query_method", "PUT", "?query=ASK%20%7B%7D", {}, None, "4xx"),
    ("bad_multiple_queries", "GET", "?query=ASK%20%7B%7D&query=SELECT%20%2A%20%7B%7D", {}, None, "4xx"),
    ("bad_query_wrong_media_type", "POST", "", {"content-type": "text/plain"}, "ASK {}", "4xx"),
    ("bad_query_missing_form_type", "POST", "", {}, "query=ASK%20%7B%7D", "4xx"),
    ("bad_query_missing_direct_type", "POST", "", {}, "ASK {}", "4xx"),
    ("bad_query_non_utf8", "POST", "", {"content-type": "application/sparql-query; charset=UTF-8"},
     "ASK { <http://example/ÿ> ?p ?o }".encode("latin-1"), "4xx"),
    ("bad_query_syntax", "GET", "?query=ASK%20%7B", {}, None, "4xx"),
    ("bad_update_get", "GET", "?update=" + quote("CLEAR ALL"), {}, None, "4xx"),
]


@pytest.mark.parametrize("name,method,path,headers,body,expected", CASES, ids=[c[0] for c in CASES])
def test_w3c_protocol_case(server, name, method, path, headers, body, expected):
    r = httpx.request(method, server.sparql + path, headers=headers, content=body, timeout=30)
    if expected == "4xx":
        assert 400 <= r.status_code < 500, (r.status_code, r.text)
        if r.status_code != 405:
            assert r.headers["content-type"].startswith("application/problem+json")
            assert r.json()["detail"]
        return
    assert 200 <= r.status_code < 400, (r.status_code, r.text)
    ctype = r.headers["content-type"].split(";")[0]
    if expected in ("true", "boolean"):
        assert ctype in BOOLEAN_TYPES
        if expected == "true":
            assert json.loads(r.text)["boolean"] is True
    elif expected == "tabular":
        assert ctype in TABULAR_TYPES
    else:
        assert ctype in RDF_TYPES


def test_dataset_params_change_the_answer(server):
    """Not vacuous: naming another default graph makes the same ASK false."""
    q = quote(f"ASK {{ <{D}1.rdf> a ?type . <{D}2.rdf> a ?type . }}")
    r = httpx.get(f"{server.sparql}?query={q}&default-graph-uri={K}3.rdf", timeout=30)
    assert r.json()["boolean"] is False
    union = httpx.get(f"{server.sparql}?query={q}", timeout=30)
    assert union.json()["boolean"] is True  # without dataset parameters: the union of all graphs


def test_from_in_the_query_is_honoured(server):
    q = quote(f"ASK FROM <{D}3.rdf> {{ <{D}1.rdf> a ?type }}")
    assert httpx.get(f"{server.sparql}?query={q}", timeout=30).json()["boolean"] is False


@pytest.mark.parametrize("accept,expected", [
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv;q=0.5, text/tab-separated-values;q=0.9", "text/tab-separated-values"),
    ("application/sparql-results+json;q=0.1, text/csv", "text/csv"),
    ("text/*", "text/csv"),
    (None, "application/sparql-results+json"),
])
def test_select_negotiation_honours_q_values(server, accept, expected):
    headers = {"accept": accept} if accept else {}
    r = httpx.post(server.sparql, headers={**DIRECT, **headers}, content="SELECT (1 AS ?x) {}", timeout=30)
    assert r.status_code == 200 and r.headers["content-type"].split(";")[0] == expected


@pytest.mark.parametrize("accept,expected", [
    ("application/n-triples", "application/n-triples"),
    ("application/ld+json", "application/ld+json"),
    ("application/rdf+xml;q=0.9, text/turtle;q=0.4", "application/rdf+xml"),
    ("application/sparql-results+json, */*;q=0.1", "text/turtle"),
])
def test_describe_returns_rdf_never_a_table(server, accept, expected):
    r = httpx.post(server.sparql, headers={**DIRECT, "accept": accept}, content=f"DESCRIBE <{QD_1395}>", timeout=30)
    assert r.status_code == 200 and r.headers["content-type"].split(";")[0] == expected
    assert "1395" in r.text


def test_unacceptable_accept_is_406(server):
    r = httpx.get(server.sparql, params={"query": "SELECT * {} "}, headers={"accept": "image/png"}, timeout=30)
    assert r.status_code == 406 and "image/png" in r.json()["detail"]


def test_syntax_error_message_is_readable(server):
    r = httpx.get(server.sparql, params={"query": "SELECT ?x WHERE { ?x ?y }"}, timeout=30)
    assert r.status_code == 400 and r.json()["detail"].startswith("lỗi cú pháp SPARQL: ") and "SPARQL syntax error" in r.json()["detail"]


def test_update_refused_on_query_endpoint(server):
    r = httpx.post(server.sparql, headers={"content-type": "application/sparql-update"},
                   content="CLEAR ALL", timeout=30)
    assert r.status_code == 400 and "/sparql/update" in r.json()["detail"]
    r = httpx.post(server.sparql, headers=DIRECT, content="CLEAR ALL", timeout=30)
    assert r.status_code == 400


def test_service_description_in_turtle(server):
    import rdflib
    r = httpx.get(server.sparql, headers={"accept": "text/turtle"}, timeout=30)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    g = rdflib.Graph().parse(data=r.text, format="turtle")
    SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    service = next(g.subjects(rdflib.RDF.type, SD.Service))
    assert (service, SD.endpoint, rdflib.URIRef(server.sparql)) in g
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in g
    assert (service, SD.supportedLanguage, SD.SPARQL11Update) not in g  # read-only server


def test_cors_preflight_and_header(server):
    r = httpx.options(server.sparql, headers={"origin": "https://example.org", "access-control-request-method": "POST",
                                               "access-control-request-headers": "content-type"}, timeout=30)
    assert r.status_code == 200 and r.headers["access-control-allow-origin"] in ("*", "https://example.org")
    r = httpx.get(server.sparql, params={"query": "ASK {}"}, headers={"origin": "https://example.org"}, timeout=30)
    assert r.headers["access-control-allow-origin"] in ("*", "https://example.org")


def test_browser_gets_the_query_editor(server):
    r = httpx.get(server.sparql, headers={"accept": "text/html,application/xhtml+xml,*/*;q=0.8"}, timeout=30)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "/static/vendor/yasgui.min.js" in r.text
    assert httpx.get(server.url + "/static/vendor/yasgui.min.js", timeout=30).status_code == 200
    examples = httpx.get(server.sparql + "/examples", timeout=30).json()
    assert {"instruments-by-issuer", "what-implements-qd-1395", "which-directive-drives-a-task"} <= {e["name"] for e in examples}
    for ex in examples:  # every example is valid SPARQL on this endpoint
        r = httpx.post(server.sparql, headers=DIRECT, content=ex["query"].encode(), timeout=30)
        assert r.status_code == 200, (ex["name"], r.text)
