"""Agency paragraphs, canonical bodies, programmes and abbreviations (hand-checked on the seed)."""
from __future__ import annotations

import pytest

from ingest.recognize.programmes import find_programmes
from ingest.relate.agencies import canonical_agency
from ingest.tables.grammar import load_json

AGENCIES = {  # label as written → (canonical name, parent key, instruments cited in the paragraph)
    "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh": ("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Quảng Ngãi",
                                             "uy-ban-trung-uong-mat-tran-to-quoc-viet-nam", {"ctr/2013/9/bo-cong-an"}),
    "Công an tỉnh": ("Công an tỉnh Quảng Ngãi", "bo-cong-an", set()),
    "Sở Tư pháp": ("Sở Tư pháp tỉnh Quảng Ngãi", "uy-ban-nhan-dan-tinh-quang-ngai", {"bl/_/bo-luat-hinh-su"}),
    "Sở Văn hóa, Thể thao và Du lịch": ("Sở Văn hóa, Thể thao và Du lịch tỉnh Quảng Ngãi",
                                        "uy-ban-nhan-dan-tinh-quang-ngai", set()),
    "Sở Giáo dục và Đào tạo": ("Sở Giáo dục và Đào tạo tỉnh Quảng Ngãi", "uy-ban-nhan-dan-tinh-quang-ngai",
                               {"tt/2012/23/bo-cong-an"}),
    "Sở Lao động - Thương binh và Xã hội": ("Sở Lao động - Thương binh và Xã hội tỉnh Quảng Ngãi",
                                            "uy-ban-nhan-dan-tinh-quang-ngai", set()),
    "Bộ Chỉ huy Bộ đội Biên phòng tỉnh": ("Bộ Chỉ huy Bộ đội Biên phòng tỉnh Quảng Ngãi", "bo-quoc-phong", set()),
    "Hội Liên hiệp Phụ nữ tỉnh": ("Hội Liên hiệp Phụ nữ tỉnh Quảng Ngãi", "hoi-lien-hiep-phu-nu-viet-nam",
                                  {"kh/2017/372/bo-cong-an"}),
    "Hội Cựu chiến binh tỉnh": ("Hội Cựu chiến binh tỉnh Quảng Ngãi", "trung-uong-hoi-cuu-chien-binh-viet-nam",
                                {"ctr/2014/4/bo-cong-an"}),
}


def _agency_activities(ex):
    return [i for i in ex.items if i.kind == "activity" and not i.local.startswith("report-")]


def test_nine_agencies_with_their_activities(sample_extraction):
    acts = _agency_activities(sample_extraction)
    got = {}
    for a in acts:
        (body, span), = a.bodies
        got[span.text] = (body.name, body.parent_key, {u.instrument for u in a.uses})
    assert got == AGENCIES


def test_agency_bodies_in_the_store(sample_store):
    rows = sample_store.select("""
        SELECT ?name ?alt ?parent WHERE {
          ?a a cdo:AgencyActivity ; cdo:performedBy ?b ; cdo:text ?t .
          ?b skos:prefLabel ?name ; org:subOrganizationOf ?p . ?p skos:prefLabel ?parent .
          OPTIONAL { ?b skos:altLabel ?alt } }""")
    by_name = {r["name"]: r for r in rows}
    assert by_name["Sở Tư pháp tỉnh Quảng Ngãi"]["parent"] == "Ủy ban nhân dân tỉnh Quảng Ngãi"
    assert by_name["Sở Tư pháp tỉnh Quảng Ngãi"]["alt"] == "Sở Tư pháp"
    assert by_name["Công an tỉnh Quảng Ngãi"]["parent"] == "Bộ Công an"
    assert len({r["name"] for r in rows} & {v[0] for v in AGENCIES.values()}) == 9


def test_programmes_named_by_agencies(sample_store):
    rows = sample_store.select("""
        SELECT ?label WHERE { ?a a cdo:AgencyActivity ; cdo:performedBy/skos:altLabel "Hội Liên hiệp Phụ nữ tỉnh"@vi ;
                                 cdo:concernsProgramme/skos:prefLabel ?label }""")
    assert {r["label"] for r in rows} == {"Xây dựng gia đình 5 không, 3 sạch",
                                          "Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh"}
    names = {r["n"] for r in sample_store.select("SELECT ?n WHERE { ?p a cdo:Programme ; skos:prefLabel ?n }")}
    assert {"Camera an ninh", "6 không", "Dân vận khéo"} <= names
    assert "Bộ luật Hình sự" not in names  # a law in quotes is an instrument, not a programme


@pytest.mark.parametrize("example", load_json("agencies.json")["examples"], ids=lambda e: e["label"])
def test_agency_table_examples(example):
    body, parent = canonical_agency(example["label"], "Quảng Ngãi")
    assert body.name == example["canonical"]
    assert parent.name == example["parent"]


def test_non_agency_labels_are_not_agencies():
    assert canonical_agency("Kết quả", "Quảng Ngãi") is None
    assert canonical_agency("Năm 2016", "Quảng Ngãi") is None


@pytest.mark.parametrize("example", load_json("programmes.json")["examples"], ids=lambda e: e["text"][:30])
def test_programme_table_examples(example):
    assert [p.name for p in find_programmes(example["text"])] == example["names"]


def test_abbreviations_recorded(sample_extraction, sample_store):
    got = {(a.short, a.long) for a in sample_extraction.abbreviations if a.target is None}
    assert got == {("ANTQ", "an ninh Tổ quốc"), ("ANTT", "an ninh, trật tự")}
    alts = sample_store.select("""SELECT ?alt WHERE { ?i eli:id_local "1395/QĐ-UBND" ; skos:altLabel ?alt }""")
    assert [r["alt"] for r in alts] == ["Quyết định số 1395/QĐ-UBND"]
    terms = sample_store.select('SELECT ?l WHERE { ?t a skos:Concept ; skos:altLabel "ANTQ"@vi ; skos:prefLabel ?l }')
    assert [r["l"] for r in terms] == ["an ninh Tổ quốc"]


def test_minister_is_a_post_of_the_ministry(sample_store):
    rows = sample_store.select("""
        SELECT ?symbol ?body WHERE { ?i eli:id_local ?symbol ; prov:wasAttributedTo ?p .
            ?p a org:Post ; skos:prefLabel "Bộ trưởng Bộ Công an"@vi ; org:postIn/skos:prefLabel ?body }""")
    assert {(r["symbol"], r["body"]) for r in rows} == {("08/CT-BCA-V28", "Bộ Công an"), ("10/CT-BCA-V28", "Bộ Công an")}
