"""An ELI-aware SPARQL user needs no chidao predicate to list instruments, dates and issuers."""
from __future__ import annotations

from chidao.validate import validate_graph
from ontology import unlabelled_terms

ELI_ONLY = """
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?symbol ?date ?issuer ?type WHERE {
  ?i a eli:LegalResource ; eli:id_local ?symbol ; eli:date_document ?date ;
     eli:passed_by ?b ; eli:type_document ?t .
  ?b a org:Organization ; skos:prefLabel ?issuer .
  ?t skos:prefLabel ?type . FILTER(LANG(?type) = "vi")
}"""


def test_instruments_dates_issuers_with_standard_terms(sample_store):
    rows = sample_store.query(ELI_ONLY, prefixes=False)
    got = {(r["symbol"].value, r["date"].value, r["issuer"].value, r["type"].value) for r in rows}
    assert ("1395/QĐ-UBND", "2016-08-03", "Ủy ban nhân dân tỉnh Quảng Ngãi", "Quyết định (cá biệt)") in got
    assert ("09-CT/TW", "2011-12-01", "Ban Bí thư Trung ương Đảng", "Chỉ thị (của Đảng)") in got
    assert ("23/2012/TT-BCA", "2012-04-27", "Bộ Công an", "Thông tư") in got


def test_seed_graph_validates(sample_store):
    result = validate_graph(sample_store.to_rdflib())
    assert result.conforms, result.violations[:5]


def test_every_term_used_is_labelled_in_vi_and_en(sample_store):
    assert unlabelled_terms(sample_store.to_rdflib()) == set()


def test_mentions_quote_the_stored_text_exactly(sample_store):
    rows = sample_store.select("""
        SELECT ?anchor ?b ?e ?text WHERE {
          ?m a cdo:Mention ; nif:anchorOf ?anchor ; nif:beginIndex ?b ; nif:endIndex ?e ;
             nif:referenceContext ?doc . ?doc nif:isString ?text }""")
    assert len(rows) > 50
    for r in rows:
        assert r["text"][r["b"]:r["e"]] == r["anchor"]
