"""Figures in Vietnamese notation and the audit, against a hand check of every figure of II.4
and II.6 of the seed report.

Hand check (100·a/b, printed decimals):
  2016: 1094/1138=96,13 (96,1 ok)  165/184=89,67 (88 WRONG)  988/1384=71,39 (71 ok)
  2017: 1122/1137=98,68 (98,7 ok)  174/184=94,57 (94,6 ok)  799/1006=79,42 (79,4 ok)
  2018: 1133/1156=98,01 (98 ok)    182/184=98,91 (98,9 ok)  931/1048=88,84 (88,8 ok)
  2019: 916/925=99,03 (99,0 ok)    182/184=98,91 (99,1 WRONG) 852/937=90,93 (91 ok)
  2020: 792/796=99,50 (99,5 ok)    164/173=94,80 (94,8 ok)  559/601=93,01 (93 ok)
  19.2: 102/164=62,20 (62,2 ok)  104/164=63,41 (63,4 ok)  136/164=82,93 (82,9 ok)  145/164=88,415 (88,41 ok)
  II.6: 740 = 148+151+441 ok; 962 = 127+84+751 ok;
        11.644.000.000 ≠ 8.642.950.000+3.001.182.000 = 11.644.132.000 WRONG;
        2.932.440.000 = 2.563.690.000+368.750.000 ok.
"""
from __future__ import annotations

from decimal import Decimal

from ingest.recognize.figures import audit, find_figures, parse_number

MISMATCHES = {
    ("percentage-of-fraction", Decimal("88"), "165/184"),
    ("percentage-of-fraction", Decimal("99.1"), "182/184"),
    ("total-of-parts", Decimal("11644000000"), "11.644.000.000đ"),
}


def test_parse_vietnamese_notation():
    assert parse_number("1.094") == 1094
    assert parse_number("96,1") == Decimal("96.1")
    assert parse_number("11.644.000.000") == 11644000000
    assert parse_number("88,41") == Decimal("88.41")


def test_audit_finds_the_true_mismatches_and_no_false_ones(sample_extraction):
    bad = [c for c in sample_extraction.checks if not c.ok]
    got = {(c.rule, c.stated, c.evidence.text.split()[0]) for c in bad}
    assert got == MISMATCHES
    computed = {c.stated: c.computed for c in bad}
    assert computed[Decimal("11644000000")] == 11644132000
    assert round(computed[Decimal("88")], 2) == Decimal("89.67")
    assert round(computed[Decimal("99.1")], 2) == Decimal("98.91")


def test_audit_checks_every_stated_percentage_and_total(sample_extraction):
    checks = sample_extraction.checks
    assert sum(c.rule == "percentage-of-fraction" for c in checks) == 19
    totals = {c.stated for c in checks if c.rule == "total-of-parts"}
    assert totals == {740, 962, 11644000000, 2932440000}


def test_rounding_rule():
    text = "có 1/3 xã đạt (đạt 33,3%); 2/3 xã (đạt 66,7%); 2/3 thôn (đạt 66,6%); 2/3 tổ (đạt 66,5%); 1/8 hộ (đạt 12%)."
    checks = audit(text, find_figures(text, []))
    assert [c.ok for c in checks] == [True, True, True, False, True]  # truncation 66,6 passes, 66,5 does not


def test_dates_citations_and_names_are_not_counts(sample_extraction):
    text = sample_extraction.source.text
    for f in sample_extraction.figures:
        assert text[f.span.start:f.span.end] == f.span.text
    counted = {f.span.text for f in sample_extraction.figures if f.kind == "count"}
    assert "138" not in counted and "2016" not in counted and "1395" not in counted
    assert not [f for f in sample_extraction.figures if f.span.text in ("5", "3")]  # "5 không, 3 sạch" is a name


def test_observations_have_dimensions(sample_store):
    rows = sample_store.select("""
        SELECT ?v ?n ?d ?year ?crit WHERE {
          ?f a cdo:FigureObservation , qb:Observation ; qb:dataSet ?ds ; cdo:unitKind "fraction" ;
             cdo:value ?v ; cdo:numerator ?n ; cdo:denominator ?d ; cdo:refYear ?year ; cdo:criterion ?crit }""")
    first = {(r["n"], r["d"]): r for r in rows}[(1094.0, 1138.0)]
    assert first["year"] == "2016" and first["crit"].startswith("thôn, tổ dân phố đạt tiêu chuẩn")
    money = sample_store.select('SELECT ?v WHERE { ?f cdo:unitKind "money" ; cdo:value ?v }')
    assert 11644000000.0 in {r["v"] for r in money}


def test_mismatches_in_the_store_have_both_values_and_evidence(sample_store):
    from chidao.named_queries import named_query
    rows = sample_store.select(named_query("mismatches"))
    assert {(r["stated"], r["computed"]) for r in rows} >= {(11644000000.0, 11644132000.0)}
    assert len(rows) == 3
    assert sorted(r["quote"].split()[0] for r in rows) == ["11.644.000.000đ", "165/184", "182/184"]


def test_date_conflict_node(sample_store):
    from chidao.named_queries import named_query
    rows = sample_store.select(named_query("date_conflicts"))
    assert {(r["symbol"], r["value"], r["quote"]) for r in rows} == {
        ("25-CTr/TU", "2012-06-26", "ngày 26/6/2012"), ("25-CTr/TU", "2012-06-28", "ngày 28/6/2012")}


def test_shapes_catch_a_mismatch_without_its_stated_value(sample_extraction):
    from chidao.validate import validate_graph
    from ingest.pipeline import build, rdflib_graph
    from ontology import CDO

    g = rdflib_graph(build(sample_extraction))
    assert validate_graph(g).conforms
    g.remove((None, CDO.statedValue, None))
    assert {f.path for f in validate_graph(g).violations} == {str(CDO.statedValue)}


def test_provision_numbers_in_parentheses_are_not_parts_of_a_total():
    text = "Thời hạn 12 tháng (khoản 1 Điều 61 Luật Hải quan năm 2014); học 35 tuần (học kỳ I có 18 tuần, học kỳ II có 17 tuần)."
    checks = audit(text, find_figures(text, []))
    assert [(c.stated, c.computed, c.ok) for c in checks] == [(35, 35, True)]
