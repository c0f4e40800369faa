"""The full-text index: follows every write, survives a crash between the two stores, rebuilds
from the graph, ranks the way people type, and answers inside SPARQL."""
from __future__ import annotations

import re
import shutil

import pytest

from chidao import search
from chidao.loading import ingest_paths
from chidao.store import Store
from chidao.textindex import normal, symbol_key

QD_1395 = "https://w3id.org/chidao/eli/qd/2016/1395/uy-ban-nhan-dan-tinh-quang-ngai"
CT_09 = "https://w3id.org/chidao/eli/ct-dang/2011/9/ban-chap-hanh-trung-uong-dang"


def test_folding_is_accent_case_and_zero_insensitive():
    assert normal("Quyết định số 09/QĐ-UBND") == "quyet dinh so 9/qd-ubnd"
    assert symbol_key("1395 / QĐ-UBND") == symbol_key("01395/qd-ubnd") == "1395/qd-ubnd"


@pytest.mark.parametrize("typed", ["1395/QĐ-UBND", "1395/qd-ubnd", "QĐ 1395", "quyet dinh 1395", "Quyết định số 1395"])
def test_ranked_the_way_people_type(sample_store, typed):
    hits = search.search(sample_store.search_index(), typed, 5)
    assert hits and hits[0].iri == QD_1395, hits


@pytest.mark.parametrize("typed", ["quyet dinh 1395", "kế hoạch", "an ninh", "quang ngai", "bao cao"])
def test_a_page_of_one_starts_as_a_page_of_twenty(sample_store, typed):
    index = sample_store.search_index()
    assert [h.iri for h in search.search(index, typed, 1)] == [h.iri for h in search.search(index, typed, 20)[:1]]
    assert [h.iri for h in search.search(index, typed, 5)] == [h.iri for h in search.search(index, typed, 20)[:5]]


@pytest.mark.parametrize("nonsense", ["xyz không có", "không có", "an ninh xyz", "quyết định 9999"])
def test_nonsense_finds_nothing(sample_store, nonsense):
    assert search.search(sample_store.search_index(), nonsense, 20) == []


@pytest.mark.parametrize(("typed", "first"), [("QĐ 1395", QD_1395), ("quyet dinh 1395", QD_1395),
                                              ("kế hoạch của Bộ Công an", "https://w3id.org/chidao/eli/kh/2017/372/bo-cong-an")])
def test_stop_words_are_let_go_not_required(sample_store, typed, first):
    assert search.search(sample_store.search_index(), typed, 5)[0].iri == first


def test_kế_hoạch_finds_plans_first(sample_store):
    hits = search.search(sample_store.search_index(), "kế hoạch", 3)
    assert [h.iri.split("/")[5] for h in hits[:2]] == ["kh", "kh"], hits


def test_a_typed_number_must_be_there(sample_store):
    hits = search.search(sample_store.search_index(), "quyết định 1396", 20)
    assert all("1396" in h.iri or "1396" in (h.snippet or "") for h in hits), hits


def test_evidence_sentences_are_searchable_and_keep_diacritics(sample_store):
    hits = search.search(sample_store.search_index(), "phong trao toan dan bao ve an ninh", 10)
    snippets = [h.snippet for h in hits if h.snippet]
    assert snippets and any("«phong» «trào» «toàn» «dân»" in s for s in snippets), snippets


def test_kinds_filter(sample_store):
    bodies = search.search(sample_store.search_index(), "quang ngai", 10, kinds=["body"])
    assert bodies and {h.kind for h in bodies} == {"body"}


def test_list_filters_use_the_index(sample_store):
    index = sample_store.search_index()
    assert QD_1395 in search.matching(index, "quyet dinh 1395", ["instrument"], 10)
    assert search.by_symbol(index, "1395/QD-UBND") == [QD_1395]
    assert search.matching(index, "zzzz", ["instrument"], 10) == []


def test_index_follows_replace_and_drop(tmp_path, sample_path):
    store = Store(tmp_path / "s")
    ingest_paths(store, [sample_path])
    graph = next(g for g in store.graphs() if "bc-18" in g)
    assert search.by_symbol(store.text, "1395/QĐ-UBND")
    store.drop_graph(graph)
    assert search.by_symbol(store.text, "1395/QĐ-UBND") == []
    assert store.text.rows("SELECT COUNT(*) FROM entries WHERE graph = ?", (graph,))[0][0] == 0


def test_sparql_update_reindexes_the_graphs_it_names(tmp_path):
    store = Store(None)
    g, i = "https://example.org/g", "https://example.org/i"
    store.update(f'INSERT DATA {{ GRAPH <{g}> {{ <{i}> a eli:LegalResource ; eli:id_local "77/QĐ-TEST" ; '
                 f'rdfs:label "Quyết định thử nghiệm" }} }}')
    assert search.by_symbol(store.text, "77/qd-test") == [i]
    assert [h.iri for h in search.search(store.text, "thu nghiem", 5)] == [i]
    store.update(f"DELETE WHERE {{ GRAPH <{g}> {{ <{i}> ?p ?o }} }}")
    assert search.by_symbol(store.text, "77/qd-test") == []


def test_words_side_by_side_as_typed_rank_first():
    """Both nodes hold every word; the one holding them in the order typed comes first, whichever
    is written first (the phrase is read from the candidates' own rows)."""
    for order in ((0, 1), (1, 0)):
        store = Store(None)
        labels = ["Kế hoạch an ninh mạng quốc gia", "Kế hoạch quốc gia về mạng lưới an ninh"]
        for n in order:
            store.update(f'INSERT DATA {{ GRAPH <https://example.org/g{n}> {{ <https://example.org/i{n}> '
                         f'a eli:LegalResource ; rdfs:label "{labels[n]}" }} }}')
        hits = search.search(store.text, "an ninh mạng", 5)
        assert [h.iri for h in hits] == ["https://example.org/i0", "https://example.org/i1"], hits
        assert hits[0].score - hits[1].score >= search.PHRASE_BONUS - 5, hits


def test_a_word_filter_pages_every_node_once_past_the_ranked_rows(sample_store, monkeypatch):
    """Only the newest MAX_RANKED matching rows are ranked; the pages past them still hold every
    matching node, each once, as many as the count says."""
    index = sample_store.search_index()
    total = search.count(index, "quang ngai", ())
    assert total > 8
    monkeypatch.setattr(search, "MAX_RANKED", 5)
    pages = [search.page(index, "quang ngai", (), 3, offset) for offset in range(0, total + 3, 3)]
    assert pages[-1] == []
    nodes = [n for p in pages for n in p]
    assert len(nodes) == len(set(nodes)) == total


def test_a_crash_between_the_stores_is_caught_up(tmp_path, sample_store):
    """A pending mark (graph written, index not) is re-indexed when the store is next opened."""
    copy = tmp_path / "copy"
    shutil.copytree(sample_store.path, copy)
    store = Store(copy)
    graph = next(g for g in store.graphs() if "bc-18" in g)
    store.text.mark_pending(graph)
    with store.text._lock:
        store.text._db.execute("DELETE FROM symbols WHERE graph = ?", (graph,))
    assert search.by_symbol(store.text, "1395/QĐ-UBND") == []
    assert search.by_symbol(store.search_index(), "1395/QĐ-UBND") == [QD_1395]


def test_reindex_rebuilds_the_same_index(tmp_path, sample_store):
    before = sample_store.search_index().size()
    copy = tmp_path / "copy"
    shutil.copytree(sample_store.path, copy, ignore=shutil.ignore_patterns("chidao-text.sqlite*"))
    store = Store(copy)
    assert store.text.size() == 0
    assert store.reindex() == before
    assert search.search(store.text, "QĐ 1395", 1)[0].iri == QD_1395


def test_text_functions_in_sparql(sample_store):
    rows = sample_store.select("""SELECT ?i WHERE { ?i a eli:LegalResource ; eli:passed_by ?b .
        ?b skos:prefLabel ?name FILTER(CONTAINS(?name, "Quảng Ngãi")) FILTER(cdo:textMatch(?i, "quyet dinh 1395")) }""")
    found = {r["i"] for r in rows}
    assert QD_1395 in found and CT_09 not in found
    assert found <= set(search.matching(sample_store.search_index(), "quyet dinh 1395", None, 100))
    ranked = sample_store.select("""SELECT DISTINCT ?i ?score WHERE { ?i a eli:LegalResource
        BIND(cdo:textScore(?i, "chi thi 09") AS ?score) FILTER(?score > 0) } ORDER BY DESC(?score) LIMIT 3""")
    assert ranked and ranked[0]["i"] == CT_09, ranked


@pytest.mark.parametrize("filters", [{"type": "QĐ"}, {"year": 2016}, {"type": "Quyết định", "year": 2016},
                                     {"type": "KH"}, {"type": "QĐ", "symbol": "1395/QĐ-UBND"}])
def test_type_and_year_facets_of_the_index_match_the_graph(sample_store, filters):
    """Lists filtered by type and year page in the index (one row per document and node); they
    name exactly the instruments the graph gives that type and year, each once."""
    from chidao.listing import _type_concepts, instruments

    page = instruments(sample_store, **filters, limit=1000)
    patterns = ["?node a eli:LegalResource ."]
    if "type" in filters:
        concepts = " ".join(f"<{c}>" for c in _type_concepts(sample_store, filters["type"]))
        patterns.append(f"VALUES ?t {{ {concepts} }} ?node eli:type_document ?t .")
    if "year" in filters:
        patterns.append(f'?node cdo:year "{filters["year"]}"^^xsd:gYear .')
    if "symbol" in filters:
        patterns.append(f'?node eli:id_local "{filters["symbol"]}" .')
    expected = {r["node"] for r in sample_store.select(f"SELECT DISTINCT ?node WHERE {{ {' '.join(patterns)} }}")}
    assert expected and page.total == len(expected) == len(page.items)
    assert {i["id"] for i in page.items} == expected


@pytest.mark.parametrize(("typed", "holds"), [("tuyên truyền", "tuyen truyen"), ("tuyen truy", "tuyen truyen")])
def test_a_last_word_without_its_tone_mark_may_be_half_typed(sample_store, typed, holds):
    hits = search.search(sample_store.search_index(), typed, 5)
    assert hits and all(holds in normal(h.snippet or "").replace("«", "").replace("»", "") for h in hits if h.snippet), hits


@pytest.mark.parametrize("typed", ["ma túy", "ma túy ", "ma tuy "])
def test_a_finished_word_is_not_the_start_of_another(sample_store, typed):
    """A tone mark or a space after it ends a word: 'ma túy' finds no 'ma … tuyên truyền'."""
    for hit in search.search(sample_store.search_index(), typed, 20):
        marked = re.findall(r"«([^»]*)»", hit.snippet or "")
        assert all(normal(w) in {"ma", "tuy"} for w in marked), hit
