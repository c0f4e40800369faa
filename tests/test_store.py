"""The embedded store: persistence, atomic replacement, identity across documents, export."""
from __future__ import annotations

import json

import pytest
from rdflib import Dataset, Graph, Literal, URIRef

from chidao.loading import ingest_paths
from chidao.store import Store
from ingest import iris


def test_reingest_leaves_count_unchanged(tmp_path, sample_path):
    store = Store(tmp_path / "s")
    ingest_paths(store, [sample_path])
    first = store.count()
    ingest_paths(store, [sample_path])
    assert store.count() == first > 1000
    assert len(store.graphs()) == 2  # the document graph and the vocabulary graph


def test_store_persists_on_disk(tmp_path, sample_path):
    path = tmp_path / "s"
    store = Store(path)
    ingest_paths(store, [sample_path])
    n = store.count()
    del store
    assert Store(path, read_only=True).count() == n


def test_failed_replacement_keeps_the_old_graph(tmp_path):
    store = Store(tmp_path / "s")
    g = URIRef("https://w3id.org/chidao/graph/x")
    good = Graph()
    good.add((URIRef("http://ex/a"), URIRef("http://ex/p"), Literal("old")))
    store.replace_graph(str(g), good)
    bad = '<http://ex/a> <http://ex/p> "new" .\n<http://ex/bad iri> <http://ex/p> "x" .'  # not valid N-Triples
    with pytest.raises(SyntaxError):  # Oxigraph's parse error
        store.replace_graph_nt(str(g), bad)
    with pytest.raises(SyntaxError):
        store.replace_graph_nquads(str(g), f'<http://ex/a> <http://ex/p> "new" <{g}> .\n'
                                           f'<http://ex/bad iri> <http://ex/p> "x" <{g}> .\n'.encode())
    rows = store.select("SELECT ?o WHERE { <http://ex/a> <http://ex/p> ?o }")
    assert rows == [{"o": "old"}]


def test_same_symbol_from_two_provinces_stays_two_nodes(tmp_path, sample_path):
    other = tmp_path / "yen-bai.txt"
    other.write_text("UBND TỈNH YÊN BÁI\nSố: 12/BC-UBND\nYên Bái, ngày 5 tháng 3 năm 2017\n\nBÁO CÁO\n\n"
                     "Kết quả thực hiện\n\nThực hiện Quyết định số 1395/QĐ-UBND ngày 03/8/2016 của UBND "
                     "tỉnh Yên Bái và Thông tư số 23/2012/TT-BCA ngày 27/4/2012 của Bộ Công an.\n",
                     encoding="utf-8")
    store = Store(tmp_path / "s")
    report = ingest_paths(store, [sample_path, other])
    assert not report.failures
    rows = store.select("SELECT ?i WHERE { ?i eli:id_local '1395/QĐ-UBND' }")
    assert {r["i"] for r in rows} == {
        str(iris.instrument("qd/2016/1395/uy-ban-nhan-dan-tinh-quang-ngai")),
        str(iris.instrument("qd/2016/1395/uy-ban-nhan-dan-tinh-yen-bai")),
    }
    # …while the central circular cited by both documents is one node, cited by both reports
    citing = store.select("SELECT DISTINCT ?r WHERE { ?r eli:cites ?t . ?t eli:id_local '23/2012/TT-BCA' }")
    assert len(citing) == 2


@pytest.mark.parametrize("fmt", ["trig", "nquads", "turtle", "jsonld"])
def test_export_round_trips(sample_store, fmt):
    data = sample_store.export(fmt)
    if fmt in ("trig", "nquads"):
        ds = Dataset()
        ds.parse(data=data.decode("utf-8"), format=fmt)
        n = sum(1 for _ in ds.quads((None, None, None, None)))
        assert n == sample_store.count()
    elif fmt == "turtle":
        assert len(Graph().parse(data=data.decode("utf-8"), format="turtle")) > 1000
    else:
        assert json.loads(data)
        ds = Dataset()
        ds.parse(data=data.decode("utf-8"), format="json-ld")
        assert sum(1 for _ in ds.quads((None, None, None, None))) == sample_store.count()


def test_bindings_are_never_pasted(sample_store):
    evil = "1395/QĐ-UBND' } UNION { ?i ?p ?o"
    assert sample_store.select("SELECT ?i WHERE { ?i eli:id_local ?sym }", sym=evil) == []
    assert len(sample_store.select("SELECT ?i WHERE { ?i eli:id_local ?sym }", sym="1395/QĐ-UBND")) == 1


def test_unchanged_document_is_skipped_unless_the_extractor_changed(tmp_path, sample_path):
    store = Store(tmp_path / "s")
    ingest_paths(store, [sample_path])
    assert ingest_paths(store, [sample_path]).results[0].skipped
    store.update("""DELETE { GRAPH ?g { ?run cdo:toolVersion ?v } } INSERT { GRAPH ?g { ?run cdo:toolVersion "old" } }
                    WHERE { GRAPH ?g { ?run cdo:toolVersion ?v } }""")
    again = ingest_paths(store, [sample_path]).results[0]
    assert again.ok and not again.skipped
