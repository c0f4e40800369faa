"""Places resolved with vietnamadminunits: the 63-province (LEGACY) list, the 34-province list
in force since 1 July 2025, and the package's conversion between them.

Expected codes were checked by hand against the package's own data, not computed by chidao:
`SELECT district, districtCode FROM admin_units_legacy WHERE provinceCode='51'` through
`vietnamadminunits.database.query` (Thị xã Đức Phổ 534, Huyện Trà Bồng 525, Huyện Bình Sơn 524,
Thành phố Quảng Ngãi 522, Huyện Mộ Đức 533, Huyện Ba Tơ 535 — no "Ba Tư"), the ward row
Phường Trần Phú 21013 of district 522; successors by grepping data/converter_2025.json
("phuongnghialo": [… "tinhquangngai_thanhphoquangngai_phuongtranphu" …]; "tinhquangngai_huyentrabong_
xatrabui": xacadam (default), xataytrabong) and the admin_units rows Phường Nghĩa Lộ 21028,
Xã Cà Đam 21136, Xã Tây Trà Bồng 21157, Xã Trà Bồng 21115; DICT_PROVINCE "tinhquangngai":
["tinhquangngai", "tinhkontum"]. `test_agrees_with_the_package_parser` re-checks the wards
through the package's public convert_address, an independent code path.
"""
from __future__ import annotations

import datetime as dt

from ingest.resolve.places import find_places

OLD, NEW = dt.date(2021, 2, 1), dt.date(2025, 9, 1)


def _by_name(places):
    return {p.name: p for p in places}


def test_seed_districts_resolve_to_legacy_codes(sample_extraction):
    places = _by_name(sample_extraction.places)
    qn = places["tỉnh Quảng Ngãi"]
    assert (qn.key, qn.code, qn.level, qn.successors) == ("vn/legacy/51", "51", "tỉnh", ("vn/51",))
    expected = {"huyện Đức Phổ": "534", "huyện Trà Bồng": "525", "huyện Bình Sơn": "524",
                "thành phố Quảng Ngãi": "522", "huyện Mộ Đức": "533"}
    for name, code in expected.items():
        p = places[name]
        assert (p.key, p.code, p.level, p.parent) == (f"vn/legacy/51/{code}", code, "huyện", "vn/legacy/51"), name
        assert p.successors == ("vn/51",) and "01/7/2025" in p.note, name  # districts abolished


def test_kind_written_and_official_kind_both_kept(sample_extraction):
    duc_pho = _by_name(sample_extraction.places)["huyện Đức Phổ"]
    assert (duc_pho.kind, duc_pho.official_kind, duc_pho.official_name) == ("huyện", "thị xã", "Thị xã Đức Phổ")
    # "(nay là thị xã Đức Phổ)" is the same official unit: one node, both forms among its mentions
    assert {m.text for m in duc_pho.mentions} >= {"huyện Đức Phổ", "thị xã Đức Phổ"}
    assert duc_pho.current is None


def test_seed_ward_with_its_district_and_its_successor(sample_extraction):
    places = {p.key: p for p in sample_extraction.places}
    tran_phu = _by_name(sample_extraction.places)["phường Trần Phú"]
    assert (tran_phu.key, tran_phu.code, tran_phu.parent) == ("vn/legacy/51/522/21013", "21013", "vn/legacy/51/522")
    assert tran_phu.successors == ("vn/51/21028",)
    assert (places["vn/51/21028"].official_name, places["vn/51/21028"].parent) == ("Phường Nghĩa Lộ", "vn/51")


def test_typo_stays_unresolved(sample_extraction):
    ba_tu = _by_name(sample_extraction.places)["huyện Ba Tư"]
    assert (ba_tu.key, ba_tu.code, ba_tu.successors) == ("vn/legacy/51/hist/huyen-ba-tu", None, ())
    assert ba_tu.parent == "vn/legacy/51"


def test_spelling_vowels_must_agree_tones_and_plain_text_may_differ():
    # Huyện Ba Tơ (535) has Thị trấn Ba Tơ 21484 and Xã Ba Tô 21523: both fold to "ba to"
    def code(text):
        return find_places(text, "Quảng Ngãi", OLD)[0].code

    assert (code("thị trấn Ba Tơ"), code("xã Ba Tô")) == ("21484", "21523")
    assert code("xã Ba To") == "21523"  # no diacritics written: the kind decides
    assert code("phường Phổ Hoà") == "21469"  # Phường Phổ Hòa, tone mark placed differently
    assert code("huyện Duc Pho") == "534"


def test_a_divided_commune_links_to_every_part_default_first():
    places = _by_name(find_places("UBND xã Trà Bùi, huyện Trà Bồng", "Quảng Ngãi", OLD))
    assert places["xã Trà Bùi"].code == "21142"
    assert places["xã Trà Bùi"].successors == ("vn/51/21136", "vn/51/21157")


def test_no_guessing_between_units():
    # there was no "xã Trà Bồng" before 2025 (only the district): no code, no successor
    places = _by_name(find_places("xã Trà Bồng", "Quảng Ngãi", OLD))
    assert places["xã Trà Bồng"].code is None
    # a name with the wrong diacritics is not read as a neighbour ("Ba Tư" is not "Ba Tơ")
    assert _by_name(find_places("thị trấn Ba Tư", "Quảng Ngãi", OLD))["thị trấn Ba Tư"].code is None


def test_a_former_name_known_to_the_package_links_to_the_unit_that_took_it_over():
    # admin_units_legacy: Huyện Trà Bồng has districtAlias ["huyentaytra", "taytra"] (merged 2020),
    # Xã An Phú (21262, Thành phố Quảng Ngãi) has wardAlias […, "xanghiaan", "nghiaan", …]
    places = _by_name(find_places("huyện Tây Trà và xã Nghĩa An", "Quảng Ngãi", OLD))
    tay_tra, nghia_an = places["huyện Tây Trà"], places["xã Nghĩa An"]
    assert (tay_tra.key, tay_tra.code, tay_tra.successors) == ("vn/legacy/51/hist/huyen-tay-tra", None, ("vn/legacy/51/525",))
    assert (nghia_an.code, nghia_an.successors) == (None, ("vn/legacy/51/522/21262",))
    assert "Huyện Trà Bồng" in tay_tra.note


def test_after_the_reorganisation_communes_resolve_to_current_codes():
    text = "Ủy ban nhân dân xã Trà Bồng, tỉnh Quảng Ngãi; phường Cẩm Thành; địa bàn huyện Đăk Hà cũ."
    places = _by_name(find_places(text, "Quảng Ngãi", NEW))
    assert (places["xã Trà Bồng"].key, places["xã Trà Bồng"].code) == ("vn/51/21115", "21115")
    assert (places["phường Cẩm Thành"].key, places["phường Cẩm Thành"].code) == ("vn/51/21025", "21025")
    assert (places["tỉnh Quảng Ngãi"].key, places["tỉnh Quảng Ngãi"].successors) == ("vn/51", ())
    # a district can only be a former one: found in Kon Tum, merged into Quảng Ngãi in 2025
    dak_ha = places["huyện Đăk Hà"]
    assert (dak_ha.key, dak_ha.code, dak_ha.successors) == ("vn/legacy/62/615", "615", ("vn/51",))


def test_agrees_with_the_package_parser(sample_extraction):
    from vietnamadminunits import convert_address

    units = {p.key: p for p in sample_extraction.places}
    wards = [p for p in units.values() if p.key.startswith("vn/legacy/") and p.level == "xã"]
    assert wards
    for w in wards:
        district = units[w.parent]
        new = convert_address(f"{w.official_name}, {district.official_name}, {units[district.parent].official_name}")
        assert (new.OldAdminUnit.ward_code, new.ward_code) == (w.code, units[w.successors[0]].code)


def test_places_in_the_store(sample_store):
    rows = sample_store.select("""
        SELECT ?code ?alt ?newcode WHERE { ?p a cdo:Place ; cdo:adminCode ?code ; skos:prefLabel "Thị xã Đức Phổ"@vi ;
                                           skos:altLabel ?alt ; cdo:currentUnit/cdo:adminCode ?newcode }""")
    assert {(r["code"], r["alt"], r["newcode"]) for r in rows} == {
        ("534", "huyện Đức Phổ", "51"), ("534", "thị xã Đức Phổ", "51")}
    evidence = sample_store.select("""
        SELECT ?quote WHERE { ?s rdf:predicate skos:altLabel ; rdf:object "thị xã Đức Phổ"@vi ;
                              cdo:evidence/nif:anchorOf ?quote }""")
    assert [r["quote"] for r in evidence] == ["thị xã Đức Phổ"]


def test_place_of_issue_is_the_province_of_the_documents_time(sample_store):
    rows = sample_store.select("""
        SELECT ?p ?code WHERE { ?r a eli:LegalResource ; cdo:placeOfIssue/skos:exactMatch ?p .
                                ?p cdo:adminCode ?code }""")
    assert [(str(r["p"]).rsplit("place/", 1)[1], r["code"]) for r in rows] == [("vn/legacy/51", "51")]
