"""Căn cứ preambles → eli:based_on, one per cited instrument, each with the clause as evidence."""
from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import RDF

from ingest import iris
from ingest.pipeline import extract, graph_for_source
from ingest.read.files import read_bytes
from ingest.relate.bases import bases
from ontology import CDO, ELI, NIF

DOC = """BỘ TÀI CHÍNH
Số: 333/QĐ-BTC
Hà Nội, ngày 23 tháng 02 năm 2026
QUYẾT ĐỊNH
Về việc công bố văn bản

Căn cứ Luật Chứng khoán ngày 26/11/2019;
Căn cứ Nghị định số 63/2010/NĐ-CP ngày 08/6/2010 của Chính phủ về kiểm soát thủ tục hành chính; Nghị định số 48/2013/NĐ-CP ngày 14/5/2013 của Chính phủ sửa đổi một số điều;
Căn cứ Thông tư số 01/2018/TT-VPCP ngày 23/11/2018 hướng dẫn thi hành Nghị định số 61/2018/NĐ-CP ngày 23/4/2018 của Chính phủ và Nghị định số 79/2025/NĐ-CP ngày 01/4/2025 của Chính phủ;
Theo đề nghị của Vụ trưởng Vụ Pháp chế,
QUYẾT ĐỊNH:
Điều 1. Công bố văn bản theo Nghị định số 30/2020/NĐ-CP.
"""


def test_one_basis_per_instrument_nested_ones_excluded():
    source = read_bytes(DOC.encode(), "qd.txt", "qd-333")
    ex = extract(source)
    by_key = {i.key: i for i in ex.instruments}
    found = [by_key[r.object].symbol or by_key[r.object].name for r in bases(source.text, ex.instruments)]
    assert found == ["Luật Chứng khoán", "63/2010/NĐ-CP", "48/2013/NĐ-CP", "01/2018/TT-VPCP", "79/2025/NĐ-CP"]
    assert "30/2020/NĐ-CP" not in found  # cited in an article, not a legal basis


def test_based_on_facts_carry_the_clause():
    source = read_bytes(DOC.encode(), "qd.txt", "qd-333")
    g = graph_for_source(source)
    itself = next(i for i in extract(source).instruments if i.is_document_itself)
    targets = set(g.objects(URIRef(iris.instrument(itself.key)), ELI.based_on))
    assert len(targets) == 5
    for st in g.subjects(RDF.type, CDO.Statement):
        if g.value(st, RDF.predicate) != ELI.based_on:
            continue
        ev = g.value(st, CDO.evidence)
        quote = str(g.value(ev, NIF.anchorOf))
        assert quote.startswith("Căn cứ") and isinstance(g.value(st, RDF.object), URIRef)
