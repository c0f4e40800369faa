"""Abbreviations in symbols map to the right SKOS doc type, per family (state / Party)."""
from ingest.tables.doctypes import load_doc_types

ADMIN = ("administrative", "legal-normative")
NORMATIVE = ("legal-normative", "administrative")
PARTY = ("party", "administrative")


def code(abbrev, families):
    t = load_doc_types().by_notation(abbrev, families)
    return t.code if t else None


def test_notations():
    assert code("QĐ", ADMIN) == code("QD", ADMIN) == "qd"
    assert code("QĐ", NORMATIVE) == "qd-qppl"
    assert code("QĐ", PARTY) == "qd-dang"
    assert code("TT", NORMATIVE) == "tt" and code("TT", PARTY) == "ttri"
    assert code("HD", ADMIN) == "hd" and code("HĐ", ADMIN) == "hop-dong"  # exact Đ wins over folding
    assert code("CTr", ADMIN) == code("CTR", ADMIN) == "ctr"
    assert code("KH", PARTY) == "kh-dang"
    assert code("NOPE", ADMIN) is None


def test_names_in_running_text():
    types = load_doc_types()
    assert types.by_name("Quyết định").code == "qd"
    assert types.by_name("quyết  định").code == "qd"
    assert types.by_name("Thông tư liên tịch").code == "ttlt"
    assert types.by_name("Bộ luật").code == "bl"
