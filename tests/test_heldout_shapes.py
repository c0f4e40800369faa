"""Shapes met in held-out real documents (never seen during development), as short synthetic
sentences: each test keeps one general fix."""
from __future__ import annotations

import datetime as dt

from ingest.recognize.citations import find_citations


def _named(text: str) -> dict[str, object]:
    return {c.name: c.date for c in find_citations(text) if c.name}


def test_amending_law_is_its_own_instrument_with_its_date():
    text = ("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;\n"
            "Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức "
            "chính quyền địa phương ngày 22 tháng 11 năm 2019;\n")
    named = _named(text)
    amending = ("Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và "
                "Luật Tổ chức chính quyền địa phương")
    assert named[amending] == dt.date(2019, 11, 22)
    # the 2015 law keeps only its own date; the amended laws are not cited again with 2019's
    assert named["Luật Tổ chức chính quyền địa phương"] == dt.date(2015, 6, 19)
    assert "Luật Tổ chức Chính phủ" not in named


def test_amending_law_of_many_laws_stops_before_its_date():
    text = "Căn cứ Luật sửa đổi, bổ sung một số điều của 37 luật có liên quan đến quy hoạch ngày 20/11/2018;"
    named = _named(text)
    assert named == {"Luật sửa đổi, bổ sung một số điều của 37 luật có liên quan đến quy hoạch":
                     dt.date(2018, 11, 20)}


def _extract(text: str):
    from ingest.pipeline import extract
    from ingest.read.files import read_bytes

    return extract(read_bytes(text.encode("utf-8"), "synthetic.txt", "synthetic"))


_DECISION = """ỦY BAN NHÂN DÂN TỈNH HÒA BÌNH
Số: 101/QĐ-UBND
Hòa Bình, ngày 15 tháng 3 năm 2022
QUYẾT ĐỊNH
Về việc phê duyệt kế hoạch sử dụng đất năm 2022 huyện Lạc Sơn
Căn cứ Luật Đất đai ngày 29 tháng 11 năm 2013;
Theo đề nghị của UBND huyện Lạc Sơn tại Tờ trình số 12/TTr-UBND ngày 01/3/2022 và của Sở Tài nguyên và Môi trường tại Tờ trình số 45/TTr-STNMT ngày 05/3/2022; của Giám đốc Sở Tài chính tại Tờ trình số 7/TTr-STC ngày 06/3/2022.
QUYẾT ĐỊNH:
Điều 1. Phê duyệt kế hoạch sử dụng đất năm 2022 huyện Lạc Sơn.
"""


def test_issuer_named_before_the_submission_it_made():
    issuers = {i.symbol: i.identity_issuer.name for i in _extract(_DECISION).instruments
               if i.symbol and i.identity_issuer}
    # the district's Tờ trình is the district's, not the province's
    assert issuers["12/TTr-UBND"] == "Ủy ban nhân dân huyện Lạc Sơn"
    assert issuers["101/QĐ-UBND"] == "Ủy ban nhân dân tỉnh Hòa Bình"


def test_provincial_department_codes_resolve_to_the_province():
    issuers = {i.symbol: i.identity_issuer.name for i in _extract(_DECISION).instruments
               if i.symbol and i.identity_issuer}
    assert issuers["45/TTr-STNMT"] == "Sở Tài nguyên và Môi trường tỉnh Hòa Bình"
    assert issuers["07/TTr-STC"] == "Sở Tài chính tỉnh Hòa Bình"


def test_law_named_before_its_own_number_is_a_law_not_a_letter():
    cites = find_citations("Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15;")
    assert [(c.type_code, c.symbol, c.name) for c in cites] == [
        ("l", "72/2025/QH15", "Luật Tổ chức chính quyền địa phương")]


def test_ordinance_name_runs_to_its_number_and_to_its_date():
    numbered = find_citations("Căn cứ Pháp lệnh ưu đãi người có công với cách mạng số 26/2005/PL-UBTVQH11 "
                              "ngày 29 tháng 6 năm 2005;")
    assert [(c.type_code, c.name, c.date) for c in numbered] == [
        ("pl", "Pháp lệnh ưu đãi người có công với cách mạng", dt.date(2005, 6, 29))]
    dated = _named("Căn cứ Pháp lệnh Ưu đãi người có công với cách mạng ngày 09 tháng 12 năm 2020;")
    assert dated == {"Pháp lệnh Ưu đãi người có công với cách mạng": dt.date(2020, 12, 9)}
    # an effect clause is not part of the name, and its date is not the law's
    assert _named("Luật Đất đai có hiệu lực từ ngày 01/7/2014.") == {"Luật Đất đai": None}


_WITH_ARTICLES = """ỦY BAN NHÂN DÂN TỈNH HÒA BÌNH
Số: 202/QĐ-UBND
Hòa Bình, ngày 15 tháng 3 năm 2022
QUYẾT ĐỊNH
Về việc ban hành Quy chế làm việc của Ban chỉ đạo tỉnh
Căn cứ Luật Đất đai ngày 29 tháng 11 năm 2013;
QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo Quyết định này Quy chế làm việc của Ban chỉ đạo tỉnh.
Điều 2. Quyết định này có hiệu lực kể từ ngày ký và thay thế Quyết định số 12/QĐ-UBND ngày 01/02/2020 của UBND tỉnh Hòa Bình.
Bãi bỏ Quyết định số 45/QĐ-UBND ngày 05/6/2019 của UBND tỉnh.
"""


def _relations(ex) -> set[tuple[str, str, str]]:
    label = {i.key: i.symbol or i.name or i.title for i in ex.instruments}
    return {(label[r.subject], r.prop, label[r.object]) for r in ex.relations}


def test_a_decision_replaces_and_repeals_in_its_own_articles():
    rels = _relations(_extract(_WITH_ARTICLES))
    assert ("202/QĐ-UBND", "cdo:replaces", "12/QĐ-UBND") in rels
    assert ("202/QĐ-UBND", "eli:repeals", "45/QĐ-UBND") in rels


def test_a_title_does_not_run_into_the_preamble():
    ex = _extract(_WITH_ARTICLES)
    titled = [i.title for i in ex.instruments if i.type_code == "qc"]
    assert titled == ["làm việc của Ban chỉ đạo tỉnh"]
    # the decision promulgates its Quy chế, never the law it is based on
    assert not any(p == "cdo:promulgates" and o.startswith("Luật") for _, p, o in _relations(ex))


_DRAFT_WITHOUT_NUMBER = """QUYẾT ĐỊNH
về việc phê duyệt kế hoạch lựa chọn nhà thầu
______________
BỘ TRƯỞNG BỘ Y TẾ
Căn cứ Nghị định số 95/2022/NĐ-CP ngày 15/11/2022 của Chính phủ quy định chức năng, nhiệm vụ của Bộ Y tế;
Theo đề nghị của Vụ trưởng Vụ Kế hoạch - Tài chính.
QUYẾT ĐỊNH:

Điều 2. Bộ Y tế ban hành Chương trình hành động với những nội dung sau:
"""


def test_a_document_without_its_number_acts_through_the_body_its_header_names():
    ex = _extract(_DRAFT_WITHOUT_NUMBER)
    activities = [i for i in ex.items if i.kind == "activity"]
    assert activities, "the author's own sentence on Nghị định 95 is an activity"
    # every activity has its performer: the post line names the ministry
    assert all(i.bodies and i.bodies[0][0].name == "Bộ Y tế" for i in activities)


def test_a_list_opener_is_not_a_plan_title():
    ex = _extract(_DRAFT_WITHOUT_NUMBER)
    assert not [i for i in ex.instruments if i.type_code == "ctr"]


def test_a_law_name_does_not_run_over_a_line_end_or_its_issuer():
    text = ("Số: 12/BHXH-CSYT V/v hướng dẫn một số quy định của Luật BHYT\n"
            "Hà Nội, ngày 02 tháng 02 năm 2021\n"
            "Thực hiện Luật Bảo hiểm y tế do Quốc hội ban hành.")
    assert _named(text) == {"Luật BHYT": None, "Luật Bảo hiểm y tế": None}


def test_signer_title_and_name_on_one_line():
    from ingest.recognize.header import read_header

    text = ("BẢO HIỂM XÃ HỘI VIỆT NAM\nSố: 12/BHXH-CSYT\nHà Nội, ngày 02 tháng 02 năm 2021\n"
            "Kính gửi: Bảo hiểm xã hội các tỉnh.\nNội dung.\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n"
            "KT. TỔNG GIÁM ĐỐC PHÓ TỔNG GIÁM ĐỐC Nguyễn Văn An\n")
    h = read_header(text)
    assert (h.signer_name, h.signer_title) == ("Nguyễn Văn An", "Phó tổng giám đốc")


def test_legislature_number_split_from_its_code_stays_in_the_symbol():
    cites = find_citations("Pháp lệnh số 04/2012/UBTVQH 13 ngày 16 tháng 7 năm 2012 sửa đổi, bổ sung một số điều")
    assert [(c.symbol, c.date) for c in cites] == [("04/2012/UBTVQH13", dt.date(2012, 7, 16))]


def test_a_party_congress_of_the_province_is_not_a_province():
    from ingest.model import Header
    from ingest.resolve.instruments import document_province

    text = ("Thực hiện Nghị quyết Đại hội tỉnh Đảng bộ lần thứ VIII và Nghị quyết Đại hội tỉnh Đảng bộ "
            "lần thứ IX, Ủy ban nhân dân tỉnh Long An yêu cầu các sở, ngành thực hiện.")
    assert document_province(Header(), text) == "Long An"


def test_issued_with_a_decision_is_not_issued_by_the_previous_instrument():
    rels = _relations(_extract(
        "Ghi mức hưởng theo quy định tại khoản 3 Điều 22 Luật Bảo hiểm y tế tại trường số 17 của Bảng 2 "
        "ban hành kèm theo Quyết định số 4210/QĐ-BYT ngày 20/9/2017 của Bộ trưởng Bộ Y tế.\n"
        "Thực hiện Quy chế số 05/QC-UBND ban hành kèm theo Quyết định số 12/QĐ-UBND ngày 01/02/2020 "
        "của UBND tỉnh Hòa Bình."))
    assert not [r for r in rels if r[0] == "Luật Bảo hiểm y tế"]
    assert ("12/QĐ-UBND", "cdo:promulgates", "05/QC-UBND") in rels


def test_a_header_line_without_a_stop_does_not_run_into_the_preamble():
    rels = _relations(_extract(
        "Số: 59/QĐ-BTC\nHà Nội, ngày 08 tháng 01 năm 2024 QUYẾT ĐỊNH BAN HÀNH CHƯƠNG TRÌNH HÀNH ĐỘNG "
        "THỰC HIỆN NGHỊ QUYẾT SỐ 02/NQ-CP NGÀY 05/01/2024 BỘ TRƯỞNG BỘ TÀI CHÍNH\n"
        "Căn cứ Nghị định số 14/2023/NĐ-CP ngày 20 tháng 4 năm 2023 của Chính phủ;\n"))
    assert not [r for r in rels if r[0] == "02/NQ-CP"]


def test_amended_in_parentheses_is_part_of_a_name_not_a_relation():
    rels = _relations(_extract("Trình Quốc hội thông qua dự án Luật Đất đai (sửa đổi), trình Chính phủ dự án "
                               "Luật Địa chất và Khoáng sản."))
    assert not [r for r in rels if r[1] == "eli:amends"]


def test_two_submissions_named_together_do_not_cite_each_other():
    rels = _relations(_extract(_DECISION))
    assert not [r for r in rels if r[0] == "12/TTr-UBND" and r[2] == "45/TTr-STNMT"]


def test_an_unknown_issuer_code_takes_the_body_the_text_names():
    ex = _extract(_DECISION.replace(
        "QUYẾT ĐỊNH:\n",
        "Theo đề nghị của Ban Quản lý các khu công nghiệp tại Tờ trình số 15/TTr-BQLKCN ngày 03/3/2022.\n"
        "QUYẾT ĐỊNH:\n", 1))
    issuers = {i.symbol: i.identity_issuer.name for i in ex.instruments if i.symbol and i.identity_issuer}
    assert issuers["15/TTr-BQLKCN"] == "Ban Quản lý các khu công nghiệp"


def test_symbols_that_print_different_years_are_different_instruments():
    ex = _extract("Căn cứ Thông tư số 01/2020/TT-BTP ngày 03/3/2020 của Bộ Tư pháp; Thông tư số 01/2010/TT-BTP "
                  "ngày 09/02/2010 của Bộ Tư pháp; thực hiện Thông tư số 01/2020/TT-BTP.")
    tts = {i.symbol: [str(d) for d, _ in i.dates] for i in ex.instruments if i.type_code == "tt"}
    assert tts == {"01/2020/TT-BTP": ["2020-03-03"], "01/2010/TT-BTP": ["2010-02-09"]}


def test_a_partial_list_in_parentheses_is_not_a_breakdown():
    from ingest.recognize.figures import audit, find_figures

    partial = ["Toàn tỉnh có 400 văn bản (196 Thông tư, 82 Nghị định, 34 Quyết định…).",
               "Đã xử lý 150 vụ (trong đó: 40 vụ ma túy, 30 vụ trộm cắp).",
               "Đã xử lý 150 vụ (như 40 vụ ma túy, 30 vụ trộm cắp, v.v.)."]
    for text in partial:
        assert not [c for c in audit(text, find_figures(text, [])) if c.rule == "total-of-parts"], text
    whole = "Đã xử lý 150 vụ (40 vụ ma túy, 30 vụ trộm cắp)."
    assert [c.ok for c in audit(whole, find_figures(whole, [])) if c.rule == "total-of-parts"] == [False]


def test_the_same_number_in_two_years_is_two_instruments_and_a_typo_stays_a_conflict():
    ex = _extract("Thực hiện Chỉ thị số 02/CT-TTg ngày 15 tháng 11 năm 2019 của Thủ tướng Chính phủ; "
                  "Chỉ thị số 02/CT-TTg ngày 04/7/2018 của Thủ tướng Chính phủ; Nghị định số 75/2021/NĐ-CP "
                  "ngày 24/7/2021 và Nghị định số 75/2021/NĐ-CP ngày 24/7/2023 của Chính phủ.")
    dates = sorted((i.symbol, tuple(str(d) for d, _ in i.dates)) for i in ex.instruments)
    assert dates == [("02/CT-TTg", ("2018-07-04",)), ("02/CT-TTg", ("2019-11-15",)),
                     ("75/2021/NĐ-CP", ("2021-07-24", "2023-07-24"))]


def test_a_party_symbol_given_two_years_stays_one_instrument_with_a_conflict():
    ex = _extract("Căn cứ Nghị quyết số 59-NQ/TW ngày 24 tháng 01 năm 2025 của Bộ Chính trị; thực hiện "
                  "Nghị quyết số 59-NQ/TW ngày 24 tháng 01 năm 2024 của Bộ Chính trị.")
    assert [len(i.dates) for i in ex.instruments if i.symbol == "59-NQ/TW"] == [2]


def test_an_issuer_line_of_a_social_insurance_or_treasury_body_is_read_whole():
    from ingest.recognize.header import read_header

    for body in ("BẢO HIỂM XÃ HỘI VIỆT NAM", "KHO BẠC NHÀ NƯỚC"):
        text = f"Công văn hướng dẫn. {body} --------\nSố: 12/BHXH-CSYT\nHà Nội, ngày 02 tháng 02 năm 2021\n"
        assert read_header(text).issuer_phrase.text == body
