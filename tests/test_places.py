"""Places resolved with the vietnam-provinces package (units in force since 1 July 2025)."""
from __future__ import annotations

import datetime as dt

from ingest.places import find_places


def _by_name(places):
    return {p.name: p for p in places}


def test_seed_places(sample_extraction):
    places = _by_name(sample_extraction.places)
    qn = places["tỉnh Quảng Ngãi"]
    assert (qn.key, qn.code) == ("vn/51", "51")
    duc_pho = places["huyện Đức Phổ"]
    assert duc_pho.code is None and duc_pho.parent == "vn/51"  # a 2021 district: historical unit
    assert duc_pho.current == places["thị xã Đức Phổ"].key  # "(nay là thị xã Đức Phổ)"
    assert duc_pho.close_match == "vn/51/21439"  # today's Phường Đức Phổ, by name only
    tra_bong = places["huyện Trà Bồng"]
    assert tra_bong.key == "vn/51/hist/huyen-tra-bong" and tra_bong.close_match == "vn/51/21115"
    assert places["Xã Trà Bồng"].code == "21115"
    # the provincial city is not the province
    assert places["thành phố Quảng Ngãi"].key != "vn/51"


def test_after_the_reorganisation_a_commune_resolves_to_its_code():
    text = "Ủy ban nhân dân xã Trà Bồng, tỉnh Quảng Ngãi báo cáo."
    places = _by_name(find_places(text, "Quảng Ngãi", dt.date(2025, 9, 1)))
    assert (places["xã Trà Bồng"].key, places["xã Trà Bồng"].code) == ("vn/51/21115", "21115")


def test_places_in_the_store(sample_store):
    rows = sample_store.select("""
        SELECT ?name ?cur ?code WHERE { ?p a cdo:Place ; skos:prefLabel ?name ; cdo:currentUnit ?c .
                                       ?c skos:prefLabel ?cur . OPTIONAL { ?p cdo:adminCode ?code } }""")
    assert [(r["name"], r["cur"]) for r in rows] == [("huyện Đức Phổ", "thị xã Đức Phổ")]


def test_place_of_issue_is_the_official_province(sample_store):
    rows = sample_store.select("""
        SELECT ?code WHERE { ?r a eli:LegalResource ; cdo:placeOfIssue/skos:exactMatch ?p .
                             ?p cdo:adminCode ?code }""")
    assert [r["code"] for r in rows] == ["51"]
