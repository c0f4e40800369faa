"""Typed relations between instruments, read from cue words (hand-checked on the seed)."""
from __future__ import annotations

import hashlib

import pytest

from ingest.model import SourceText
from ingest.pipeline import extract
from ingest.relate.relations import find_cue, load_cues
from ingest.tables.grammar import load_json
from ingest.tables.text import fold, normalize

QD1395 = "qd/2016/1395/uy-ban-nhan-dan-tinh-quang-ngai"
PLAN = "kh/2016/doi-moi-nang-cao-chat-luong-hieu-qua-phong-trao-toan-dan"
REPORT = "bc/2021/18/uy-ban-nhan-dan-tinh-quang-ngai"

# (subject, property, object, cue) — read off the seed text by hand
EXPECTED = {
    (QD1395, "cdo:promulgates", PLAN, "ban hành"),
    ("cv/2017/1721/uy-ban-nhan-dan-tinh-quang-ngai", "eli:implements", QD1395, "triển khai thực hiện"),
    ("qd/2018/851/uy-ban-nhan-dan-tinh-quang-ngai", "cdo:funds", QD1395, "bố trí kinh phí thực hiện"),
    ("qd/2019/1790/uy-ban-nhan-dan-tinh-quang-ngai", "eli:amends", PLAN, "sửa đổi"),
    ("cv/2020/4132/uy-ban-nhan-dan-tinh-quang-ngai", "cdo:reportsOn", QD1395, "tổng kết"),
    ("cv/2020/5500/uy-ban-nhan-dan-tinh-quang-ngai", "eli:implements", QD1395, "thực hiện"),
    ("kh/2020/3933/ban-chi-dao-138-tinh-quang-ngai", "cdo:monitors", QD1395, "kiểm tra thực hiện"),
    ("kh/2017/372/bo-cong-an", "eli:implements", "nqlt/_/1/ban-chap-hanh-trung-uong-dang", "phối hợp thực hiện"),
    ("ctr-dang/2012/25/tinh-uy-quang-ngai", "eli:implements", "ct-dang/2011/9/ban-chap-hanh-trung-uong-dang", "thực hiện"),
    (REPORT, "cdo:reportsOn", QD1395, "tổng kết thực hiện"),
}


HEADER = "Số: 99/BC-UBND\n\nHà Nội, ngày 01 tháng 01 năm 2021\n\nBÁO CÁO\n\nKết quả\n\n- "


def _read(ex) -> tuple:
    """The relations read from cue words (not the document's plain citations and legal bases)."""
    return tuple(r for r in ex.relations if r.cue is not None or r.prop not in ("eli:cites", "eli:based_on"))


def _source(text: str) -> SourceText:
    text = normalize(HEADER + text)
    return SourceText("t", text, "t.txt", hashlib.sha256(text.encode()).hexdigest())


def test_seed_relations_are_exactly_the_hand_checked_ones(sample_extraction):
    """The relations read from cue words; every instrument the report names is also cited."""
    got = {(r.subject, r.prop, r.object, r.cue) for r in sample_extraction.relations
           if r.prop not in ("eli:cites", "eli:based_on")}
    assert got == EXPECTED
    itself = next(i for i in sample_extraction.instruments if i.is_document_itself)
    cited = {r.object for r in sample_extraction.relations if r.prop == "eli:cites" and r.subject == itself.key}
    assert cited == {i.key for i in sample_extraction.instruments if not i.is_document_itself}


def test_amendment_targets_the_provision_of_the_plan(sample_extraction):
    (r,) = [r for r in sample_extraction.relations if r.prop == "eli:amends"]
    assert r.provision is not None
    assert r.provision.label == "khoản 2, Mục V"
    assert r.provision.part_of == PLAN
    assert r.provision.key == PLAN + "/muc-v/khoan-2"


def test_the_promulgated_plan_is_its_own_instrument(sample_extraction):
    (plan,) = [i for i in sample_extraction.instruments if i.key == PLAN]
    assert plan.type_code == "kh" and plan.number is None and plan.symbol is None
    assert plan.title.startswith("đổi mới, nâng cao chất lượng") and plan.title.endswith("giai đoạn 2016 - 2020")
    assert [b.key for b in plan.issuers] == ["uy-ban-nhan-dan-tinh-quang-ngai"]
    # the title in the header, the body (with "(ANTQ)") and the amended plan ("ANTT", a typo)
    assert len(plan.mentions) == 3


def test_plan_relations_in_the_store(sample_store):
    rows = sample_store.select("""
        SELECT ?title ?type ?prov ?cue WHERE {
          ?qd eli:id_local "1395/QĐ-UBND" ; cdo:promulgates ?plan .
          ?plan a eli:LegalResource ; eli:title ?title ; eli:type_document ?type ; eli:passed_by ?by .
          ?amend eli:id_local "1790/QĐ-UBND" ; eli:amends ?plan , ?prov .
          ?prov a cdo:Provision ; eli:is_part_of ?plan .
          ?st rdf:subject ?amend ; rdf:predicate eli:amends ; rdf:object ?plan ;
              cdo:targetProvision ?prov ; cdo:cueWord ?cue .
        }""")
    assert len(rows) == 1
    assert rows[0]["type"].endswith("/doc-type/kh") and rows[0]["cue"] == "sửa đổi"


def test_every_relation_statement_has_a_cue_and_clause_evidence(sample_store):
    rows = sample_store.select("""
        SELECT ?st ?cue (GROUP_CONCAT(?anchor; separator=" | ") AS ?quotes) WHERE {
          VALUES ?p { eli:implements cdo:funds eli:amends cdo:reportsOn cdo:monitors cdo:promulgates }
          ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; cdo:evidence/nif:anchorOf ?anchor .
          OPTIONAL { ?st cdo:cueWord ?cue } } GROUP BY ?st ?cue""")
    assert len(rows) >= len(EXPECTED)
    for r in rows:
        assert r["cue"] and r["cue"].casefold() in " ".join(r["quotes"].split()).casefold(), r


def test_own_activity_clause_is_not_an_instrument_relation(sample_extraction):
    """'Chỉ đạo triển khai thực hiện Chỉ thị số 08/CT-BCA-V28 …' has no subject instrument."""
    ct08 = "ct/2016/8/bo-cong-an"
    itself = next(i for i in sample_extraction.instruments if i.is_document_itself)
    cites = ("eli:cites", itself.key)  # the report names it, as it names every instrument
    assert not [r for r in sample_extraction.relations
                if ct08 in (r.subject, r.object) and (r.prop, r.subject) != cites]
    acts = [i for i in sample_extraction.items if i.kind == "activity" and ct08 in {u.instrument for u in i.uses}]
    assert len(acts) == 1 and acts[0].bodies[0][0].key == "uy-ban-nhan-dan-tinh-quang-ngai"


CUE_EXAMPLES = [(c["cue"], e) for c in load_json("relation_cues.json")["cues"] for e in c["examples"]]


@pytest.mark.parametrize("cue,example", CUE_EXAMPLES, ids=[c for c, _ in CUE_EXAMPLES])
def test_cue_examples_give_their_relation(cue, example):
    ex = extract(_source(example["text"]))
    rels = [r for r in _read(ex) if r.subject != r.object]
    assert rels, example["text"]
    assert rels[0].prop == example["expect"], (cue, rels)
    if "subject" in example:  # passive voice: the later instrument is the subject
        assert rels[0].subject.startswith(example["subject"]), rels[0]


@pytest.mark.parametrize("example", load_json("relation_cues.json")["counter_examples"])
def test_counter_examples_give_no_relation(example):
    assert _read(extract(_source(example["text"]))) == ()


def test_every_cue_is_found_accent_insensitively():
    table = load_cues()
    for cue in table.cues:
        text = f"về {cue.text} "
        hit = find_cue(text, 0, len(text), table)
        assert hit and hit[0].text == cue.text, cue.text
        folded = f"ve {fold(cue.text)} "
        hit = find_cue(folded, 0, len(folded), table)
        assert hit and hit[0].prop == cue.prop, cue.text


def test_table_cells_are_separate_clauses():
    text = ("| 1 | Thông tư số 02/2015/TT-BTP ngày 16/01/2015 | Luật Luật sư năm 2006 |\n"
            "| 2 | Quyết định số 20/2000/QĐ-TTg ngày 03/02/2000 | |")
    assert _read(extract(_source(text))) == ()
