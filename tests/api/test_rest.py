"""The REST traversal API over the sample, with httpx: lists with filters and pages, one node
with evidence, search as people type, lineage and path, JSON-LD, problem+json, bound parameters."""
from __future__ import annotations

import re

import httpx
import pytest
import rdflib
from served import BC_18, QD_1395

from chidao.lineage import relations


def get(server, path, **kw):
    return httpx.get(server.url + path, timeout=30, **kw)


def test_instruments_filters_and_pages(server):
    everything = get(server, "/instruments", params={"limit": 1000}).json()
    assert everything["total"] >= 20
    page = get(server, "/instruments", params={"limit": 5, "offset": 5}).json()
    assert [i["id"] for i in page["items"]] == [i["id"] for i in everything["items"][5:10]]
    by_type = get(server, "/instruments", params={"type": "QĐ", "year": 2016}).json()["items"]
    assert QD_1395 in {i["id"] for i in by_type} and all(i["typeCode"] == "QĐ" for i in by_type)
    assert get(server, "/instruments", params={"type": "quyet dinh"}).json()["total"] >= len(by_type)
    by_issuer = get(server, "/instruments", params={"issuer": "quang ngai"}).json()["items"]
    assert QD_1395 in {i["id"] for i in by_issuer}
    assert all(any("Quảng Ngãi" in x["name"] for x in i["issuers"]) for i in by_issuer)
    assert [i["id"] for i in get(server, "/instruments", params={"symbol": "1395 / QĐ-UBND"}).json()["items"]] == [QD_1395]


def test_one_instrument_with_sources_and_evidence(server):
    body = get(server, "/instruments/eli/qd/2016/1395/uy-ban-nhan-dan-tinh-quang-ngai").json()
    assert body["id"] == QD_1395
    props = {(p["predicate"].rsplit("#", 1)[-1], p["value"]) for p in body["properties"]}
    assert ("id_local", "1395/QĐ-UBND") in props and ("date_document", "2016-08-03") in props
    dated = next(p for p in body["properties"] if p["predicate"].endswith("date_document"))
    assert any("03/8/2016" in ev["sentence"] for ev in dated["evidence"])
    assert body["sources"] and body["mentions"]
    assert all(m["quote"] in m["sentence"] for m in body["mentions"])
    assert any(i["subject"] == BC_18 for i in body["incoming"])


def test_jsonld_on_request(server):
    r = get(server, f"/instruments/{QD_1395}", headers={"accept": "application/ld+json"})
    assert r.headers["content-type"].startswith("application/ld+json")
    g = rdflib.Graph().parse(data=r.text, format="json-ld")
    assert (rdflib.URIRef(QD_1395), rdflib.URIRef("http://data.europa.eu/eli/ontology#id_local"), None) in g


@pytest.mark.parametrize("typed", ["1395/QĐ-UBND", "QĐ 1395", "qd 1395", "quyet dinh 1395", "Quyết định số 1395",
                                   "1395/QD-UBND"])
def test_search_the_way_people_type(server, typed):
    items = get(server, "/search", params={"q": typed}).json()["items"]
    assert items and items[0]["id"] == QD_1395, [i["label"] for i in items]


@pytest.mark.parametrize("words", ["phong trào toàn dân bảo vệ", "phong trao toan dan bao ve"])
def test_search_title_words_with_or_without_diacritics(server, words):
    items = get(server, "/search", params={"q": words}).json()["items"]
    assert BC_18 in [i["id"] for i in items[:3]], [i["label"] for i in items]


def test_search_kinds_pages_and_snippets(server):
    bodies = get(server, "/search", params={"q": "quang ngai", "kind": "body"}).json()["items"]
    assert bodies and {i["kind"] for i in bodies} == {"body"}
    first = get(server, "/search", params={"q": "nhiem vu", "limit": 2}).json()["items"]
    second = get(server, "/search", params={"q": "nhiem vu", "limit": 2, "offset": 2}).json()["items"]
    assert len(first) == 2 and not {i["id"] for i in first} & {i["id"] for i in second}
    hits = get(server, "/search", params={"q": "toan dan bao ve an ninh"}).json()["items"]
    assert any("«" in (i["snippet"] or "") for i in hits)  # the sentence that matched, words marked


def test_text_search_inside_sparql_over_http(server):
    """The SPARQL workers see the text index too: text and graph in one query."""
    query = ("SELECT DISTINCT ?i WHERE { ?i a eli:LegalResource ; eli:passed_by ?b . "
             "FILTER(cdo:textMatch(?i, \"quyet dinh 1395\")) }")
    rows = get(server, "/sparql", params={"query": query},
               headers={"Accept": "application/sparql-results+json"}).json()["results"]["bindings"]
    assert QD_1395 in {r["i"]["value"] for r in rows}


CV_1721 = "https://w3id.org/chidao/eli/cv/2017/1721/uy-ban-nhan-dan-tinh-quang-ngai"


def test_lineage_up_down_with_evidence(server):
    down = get(server, f"/lineage/{QD_1395}", params={"direction": "down", "depth": 2}).json()
    reports = [e for e in down["edges"] if e["subject"] == BC_18 and e["object"] == QD_1395]
    assert reports and reports[0]["relation"]["en"] == "reports on" and reports[0]["direction"] == "down"
    assert any("1395/QĐ-UBND" in ev["sentence"] for ev in reports[0]["evidence"])
    up = get(server, f"/lineage/{BC_18}", params={"direction": "up", "depth": 1}).json()
    assert QD_1395 in {e["object"] for e in up["edges"]} and all(e["depth"] == 1 for e in up["edges"])
    assert {n["id"] for n in up["nodes"]} >= {BC_18, QD_1395}
    only = get(server, f"/lineage/{QD_1395}", params={"relation": "eli:implements"}).json()
    assert only["edges"] and {e["predicate"] for e in only["edges"]} == {"http://data.europa.eu/eli/ontology#implements"}
    assert CV_1721 in {e["subject"] for e in only["edges"]}
    assert get(server, f"/lineage/{QD_1395}", params={"relation": "eli:nonsense"}).status_code == 422
    ld = get(server, f"/lineage/{QD_1395}", headers={"accept": "application/ld+json"})
    assert ld.headers["content-type"].startswith("application/ld+json")


def test_lineage_quotes_the_earliest_sentences_and_evidence_pages_the_rest(server):
    """An edge stated twice quotes one sentence by default and counts both; `quotes` asks for
    more; /evidence pages them all, in the same order."""
    one = get(server, f"/lineage/{QD_1395}", params={"direction": "both", "depth": 2}).json()["edges"]
    assert all(len(e["evidence"]) == min(1, e["mentions"]) for e in one)
    twice = [e for e in one if e["mentions"] > 1]
    assert twice, "the sample states some edge of QĐ 1395 twice"
    edge = twice[0]
    fact = {"subject": edge["subject"], "predicate": edge["predicate"], "object": edge["object"]}
    two = get(server, f"/lineage/{QD_1395}", params={"direction": "both", "depth": 2, "quotes": 2}).json()["edges"]
    same = next(e for e in two if (e["subject"], e["predicate"], e["object"]) == tuple(fact.values()))
    assert len(same["evidence"]) == 2 and same["evidence"][0] == edge["evidence"][0]
    every = get(server, "/evidence", params=fact).json()
    assert every["total"] == edge["mentions"] and every["sentences"][:2] == same["evidence"]
    second = get(server, "/evidence", params={**fact, "limit": 1, "offset": 1}).json()
    assert second["sentences"] == [same["evidence"][1]] and second["total"] == every["total"]
    curie = relations()[edge["predicate"]].curie
    assert get(server, "/evidence", params={**fact, "predicate": curie}).json()["total"] == every["total"]
    assert get(server, "/evidence", params={**fact, "object": edge["subject"]}).status_code == 404


def test_path_between_two_instruments(server):
    ct09 = "https://w3id.org/chidao/eli/ct-dang/2011/9/ban-chap-hanh-trung-uong-dang"
    body = get(server, "/path", params={"from": QD_1395, "to": ct09}).json()
    assert body["length"] == 2
    assert body["edges"][0]["subject"] == BC_18 and body["edges"][-1]["object"] == ct09


def test_documents_and_bodies(server):
    docs = get(server, "/documents").json()["items"]
    assert len(docs) == 1
    doc = get(server, "/documents/bc-18-ubnd-quang-ngai-2021").json()
    assert doc["text"].startswith(doc["text"][:20]) and doc["mentions"]
    m = doc["mentions"][0]
    assert doc["text"][m["begin"]:m["end"]] == m["quote"]
    bodies = get(server, "/bodies", params={"q": "quang ngai"}).json()["items"]
    ubnd = next(b for b in bodies if b["name"] == "Ủy ban nhân dân tỉnh Quảng Ngãi")
    one = get(server, "/bodies/" + ubnd["path"]).json()
    assert QD_1395 in {i["instrument"] for i in one["issued"]}


def test_errors_are_problem_json(server):
    for path, status in [("/instruments/eli/nothing/here", 404), ("/lineage/eli/nothing", 404),
                         ("/lineage/" + QD_1395 + "?direction=sideways", 422), ("/search", 422),
                         ("/instruments/not a valid iri<>", 400)]:
        r = get(server, path)
        assert r.status_code == status, (path, r.text)
        assert r.headers["content-type"].startswith("application/problem+json") and r.json()["detail"]


def test_parameters_cannot_change_the_query(server):
    """Input meant to break out of a quoted value is just a value: no match, no error, no leak."""
    for hostile in ['1395" } UNION { ?x ?y ?z } #', "x> } ; DROP ALL ; <y", "') OR 1=1 --"]:
        r = get(server, "/instruments", params={"symbol": hostile, "q": hostile, "issuer": hostile})
        assert r.status_code == 200 and r.json()["total"] == 0
    r = get(server, "/instruments/" + 'eli/x> ?p ?o } UNION { ?s ?p ?o')
    assert r.status_code in (400, 404)


def test_openapi_documents_routes_with_examples(server):
    spec = get(server, "/openapi.json").json()
    for path in ["/sparql", "/instruments", "/search", "/lineage/{ident}", "/path", "/documents", "/bodies", "/tasks"]:
        assert path in spec["paths"], path
    search_q = next(p for p in spec["paths"]["/search"]["get"]["parameters"] if p["name"] == "q")
    assert "QĐ 1395" in str(search_q)


def test_pages_load_only_local_assets(server):
    """Offline: every script and stylesheet the pages load is served by the app itself."""
    import re
    for page in ("/", "/sparql", "/docs"):
        html = get(server, page, headers={"accept": "text/html"}).text
        assets = re.findall(r'(?:src|href)="([^"]+)"', html)
        assert assets and all(a.startswith("/") for a in assets), assets
        for a in assets:
            assert get(server, a).status_code == 200, a


TASK_2 = "https://w3id.org/chidao/doc/bc-18-ubnd-quang-ngai-2021/task/2"


@pytest.mark.parametrize(("typed", "meant"), [("task 2", TASK_2), ("nhiệm vụ 2", TASK_2),
                                              ("kiến nghị 2", TASK_2.replace("task", "recommendation")),
                                              ("QĐ 1395", QD_1395), ("quyet dinh 1395", QD_1395), ("1395", QD_1395)])
def test_search_lists_what_the_resolver_means_first(server, typed, meant):
    """The page opens the first hit: the node `chidao lineage` and kg.resolve take (chidao.resolver)."""
    assert get(server, "/search", params={"q": typed}).json()["items"][0]["id"] == meant


def test_nonsense_finds_nothing_over_http(server):
    assert get(server, "/search", params={"q": "xyz không có"}).json()["items"] == []


def test_errors_speak_vietnamese_with_the_english_alongside(server):
    cases = {"/instruments/eli/nothing/here": "không có thông tin nào về", "/lineage/eli/nothing": "không có thông tin nào về",
             "/lineage/" + QD_1395 + "?relation=eli:nothing": "quan hệ không xác định", "/search": "Tham số không hợp lệ",
             "/sparql?query=SELECT": "lỗi cú pháp SPARQL", "/no/such/route": "không có đường dẫn này"}
    for path, vi in cases.items():
        body = get(server, path).json()
        assert body["detail"].startswith(vi) and " — " in body["detail"] or body["detail"].startswith(vi + ":"), (path, body)
        assert " — " in body["title"], body  # 'Không tìm thấy — Not found'


def test_every_error_message_raised_has_its_vietnamese():
    """Each literal message given to Problem(...) in api/ matches a pattern of api/problems_vi.json
    (an f-string's fields stand for any text)."""
    import json
    import re
    from pathlib import Path

    api = Path(__file__).resolve().parents[2] / "api"
    patterns = [re.compile(p, re.DOTALL) for p, _ in json.loads((api / "problems_vi.json").read_text("utf-8"))["messages"]]
    raised = [m.group(1) for f in api.rglob("*.py")
              for m in re.finditer(r'Problem\(\d+,\s*f?"((?:[^"\\]|\\.)*)"(?:\)|,|\s*from)', f.read_text("utf-8"))]
    assert len(raised) > 15
    for message in raised:
        sample = re.sub(r"\{[^}]*\}", "x1", message)
        assert any(p.fullmatch(sample) for p in patterns), message


def test_example_queries_are_titled_in_vietnamese(server):
    examples = get(server, "/sparql/examples").json()
    assert len(examples) >= 5
    for ex in examples:
        assert re.search(r"[ăâđêôơưạảấầẩậắằẳặẹẻẽếềểệỉịọỏốồổộớờởợụủứừửựỳỵỷỹáàãéèíìóòõúùý]", ex["title"].lower()), ex["title"]
        assert "\n# (en) " in ex["query"]  # the English alongside


def test_lists_download_as_csv_and_json(server):
    import csv
    import io

    r = get(server, "/instruments", params={"type": "QĐ", "format": "csv"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert 'filename="instruments.csv"' in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    total = get(server, "/instruments", params={"type": "QĐ"}).json()["total"]
    assert len(rows) == total and {"id", "symbol", "label", "dates", "issuers"} <= set(rows[0])
    qd = next(row for row in rows if row["symbol"] == "1395/QĐ-UBND")
    assert qd["dates"] == "2016-08-03" and qd["issuers"] == "Ủy ban nhân dân tỉnh Quảng Ngãi"
    for path in ("/bodies", "/tasks", "/documents"):
        r = get(server, path, params={"format": "csv", "limit": 5})
        listed = get(server, path, params={"limit": 5}).json()["items"]
        assert r.status_code == 200 and len(list(csv.DictReader(io.StringIO(r.text)))) == len(listed) >= 1, path
        assert get(server, path, params={"format": "json", "limit": 5}).json()["items"]
    assert get(server, "/instruments", params={"format": "xml"}).status_code == 422


def test_instrument_facets_count_and_filter_back(server):
    body = get(server, "/instruments", params={"facets": "true", "limit": 1}).json()
    facets = body["facets"]
    assert sum(f["count"] for f in facets["status"]) == body["total"]  # few instruments: every status derived
    decisions = next(f for f in facets["type"] if f["label"] == "Quyết định (cá biệt)")
    again = get(server, "/instruments", params={"type": decisions["value"], "facets": "true"}).json()
    assert again["total"] == decisions["count"] and [f["label"] for f in again["facets"]["type"]] == ["Quyết định (cá biệt)"]
    y2016 = next(f for f in again["facets"]["year"] if f["value"] == "2016")
    assert get(server, "/instruments", params={"type": decisions["value"], "year": 2016}).json()["total"] == y2016["count"]
    ubnd = next(f for f in again["facets"]["issuer"] if f["label"] == "Ủy ban nhân dân tỉnh Quảng Ngãi")
    assert get(server, "/instruments", params={"type": decisions["value"], "issuer": ubnd["value"]}).json()["total"] == ubnd["count"]


def test_lineage_answers_from_its_cache_unless_asked_fresh(server):
    """A lineage answer is kept until the next write; `Cache-Control: no-cache` computes it again
    (the benchmark's uncached figures ask so), with the same body."""
    path = f"/lineage/{QD_1395}?direction=both&depth=2&limit=37"
    first, again = get(server, path), get(server, path)
    fresh = get(server, path, headers={"Cache-Control": "no-cache"})
    assert [first.headers["x-chidao-cache"], again.headers["x-chidao-cache"], fresh.headers["x-chidao-cache"]] == \
        ["miss", "hit", "miss"]
    assert first.json() == again.json() == fresh.json()
