"""Short forms resolved to their antecedent, and effects stated with the instrument as subject
(issue 12): "Quyết định nêu trên hết hiệu lực …", "Điều 3 Thông tư … bị bãi bỏ". Each text is
synthetic, written from the rule."""
from __future__ import annotations

import datetime as dt

import pytest

from ingest.pipeline import extract
from ingest.read.files import read_bytes

HEAD = """CHÍNH PHỦ
Số: 20/2026/NĐ-CP
Hà Nội, ngày 02 tháng 5 năm 2026
NGHỊ ĐỊNH
Quy định về quản lý hồ sơ

Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025;
Chính phủ ban hành Nghị định quy định về quản lý hồ sơ.
Điều 1. Phạm vi điều chỉnh
Nghị định này quy định về quản lý hồ sơ.
"""
OWN = "nd/2026/20/chinh-phu"
QD = "qd-qppl/2020/12/thu-tuong-chinh-phu"
TT = "tt/2012/11/bo-noi-vu"


def _extract(body: str):
    text = HEAD + body
    return extract(read_bytes(text.encode("utf-8"), "synthetic.txt", "synthetic")), text


def _effects(ex):
    return {(r.prop, r.object, r.provision.label if r.provision else None, r.effective)
            for r in ex.relations if r.subject == OWN and r.prop in ("eli:repeals", "cdo:replaces")}


def test_a_decision_named_again_as_quyet_dinh_neu_tren_is_the_one_cited_before():
    ex, text = _extract(
        "Điều 2. Hiệu lực thi hành\n"
        "1. Nghị định này có hiệu lực thi hành từ ngày 01 tháng 7 năm 2026.\n"
        "2. Quyết định số 12/2020/QĐ-TTg ngày 10 tháng 4 năm 2020 của Thủ tướng Chính phủ quy định về hồ sơ "
        "được áp dụng đến hết tháng 6. Quyết định nêu trên hết hiệu lực kể từ ngày Nghị định này có hiệu lực thi hành.\n")
    qd = next(i for i in ex.instruments if i.key == QD)
    assert "Quyết định nêu trên" in [m.text for m in qd.mentions]
    assert _effects(ex) == {("eli:repeals", QD, None, dt.date(2026, 7, 1))}
    (effect,) = [r for r in ex.relations if r.object == QD and r.prop == "eli:repeals"]
    assert effect.evidence.text.startswith("Quyết định nêu trên hết hiệu lực")


def test_a_provision_as_subject_bi_bai_bo_from_a_stated_date():
    ex, _ = _extract(
        "Điều 2. Hiệu lực thi hành\n"
        "1. Nghị định này có hiệu lực thi hành từ ngày 01 tháng 7 năm 2026.\n"
        "2. Kể từ ngày 01 tháng 9 năm 2026, khoản 2 Điều 4 Thông tư số 11/2012/TT-BNV ngày 17 tháng 12 năm 2012 "
        "của Bộ trưởng Bộ Nội vụ bị bãi bỏ.\n")
    assert _effects(ex) == {("eli:repeals", TT, "khoản 2 Điều 4", dt.date(2026, 9, 1))}


def test_an_instrument_as_subject_bi_thay_the_is_replaced():
    ex, _ = _extract(
        "Điều 2. Hiệu lực thi hành\n"
        "Nghị định này có hiệu lực thi hành từ ngày 01 tháng 7 năm 2026. Thông tư số 11/2012/TT-BNV ngày 17 tháng 12 "
        "năm 2012 của Bộ trưởng Bộ Nội vụ bị thay thế bởi Nghị định này.\n")
    assert _effects(ex) == {("cdo:replaces", TT, None, dt.date(2026, 7, 1))}


@pytest.mark.parametrize("text", [
    # plural: the short form names several instruments
    "Điều 2. Hiệu lực thi hành\n"
    "Quyết định số 12/2020/QĐ-TTg ngày 10 tháng 4 năm 2020 và Quyết định số 15/2021/QĐ-TTg ngày 01 tháng 3 "
    "năm 2021 của Thủ tướng Chính phủ. Các Quyết định nêu trên hết hiệu lực từ ngày 01 tháng 7 năm 2026.\n",
    # the only candidate is cited in another article
    "Điều 2. Quy định chuyển tiếp\n"
    "Hồ sơ lập theo Quyết định số 12/2020/QĐ-TTg ngày 10 tháng 4 năm 2020 của Thủ tướng Chính phủ được giữ nguyên.\n"
    "Điều 3. Hiệu lực thi hành\n"
    "Quyết định nêu trên hết hiệu lực từ ngày 01 tháng 7 năm 2026.\n",
])
def test_a_short_form_without_one_instrument_before_it_in_its_article_stays_unresolved(text):
    ex, _ = _extract(text)
    assert not any("nêu trên" in m.text for i in ex.instruments for m in i.mentions)
    assert _effects(ex) == set()


@pytest.mark.parametrize("sentence", [
    # the instrument is quoted in the middle of the sentence, not its subject
    "Các khoản phí đã thu theo Thông tư số 11/2012/TT-BNV ngày 17 tháng 12 năm 2012 của Bộ trưởng Bộ Nội vụ "
    "hết hiệu lực từ ngày 01 tháng 7 năm 2026.",
    # another named instrument replaces it: that one acts, not this document
    "Khoản 2 Điều 4 Thông tư số 11/2012/TT-BNV ngày 17 tháng 12 năm 2012 của Bộ trưởng Bộ Nội vụ được thay thế "
    "bởi khoản 1 Điều 2 Thông tư số 05/2020/TT-BNV ngày 03 tháng 3 năm 2020 của Bộ trưởng Bộ Nội vụ.",
])
def test_sentences_stating_no_effect_of_the_document_itself(sentence):
    ex, _ = _extract("Điều 2. Hiệu lực thi hành\n" + sentence + "\n")
    assert _effects(ex) == set()


def test_a_short_form_the_text_defines_is_that_instrument_later():
    ex, _ = _extract(
        "Điều 2. Hiệu lực thi hành\n"
        "1. Nghị định này có hiệu lực thi hành từ ngày 01 tháng 7 năm 2026.\n"
        "2. Quyết định số 12/2020/QĐ-TTg ngày 10 tháng 4 năm 2020 của Thủ tướng Chính phủ (sau đây gọi tắt là QĐ 12) "
        "được thực hiện đến hết năm 2026.\n"
        "3. Bãi bỏ Điều 5 QĐ 12.\n")
    qd = next(i for i in ex.instruments if i.key == QD)
    assert [m.text for m in qd.mentions].count("QĐ 12") == 1  # the use, not the definition
    assert _effects(ex) == {("eli:repeals", QD, "Điều 5", dt.date(2026, 7, 1))}


def test_a_short_form_naming_a_body_is_no_alias_of_the_instrument_before_it():
    ex, _ = _extract(
        "Điều 2. Trách nhiệm thi hành\n"
        "Theo Quyết định số 12/2020/QĐ-TTg ngày 10 tháng 4 năm 2020 của Thủ tướng Chính phủ, Ủy ban nhân dân xã, "
        "phường, thị trấn (sau đây gọi chung là Ủy ban nhân dân cấp xã) lập hồ sơ. Ủy ban nhân dân cấp xã báo cáo.\n")
    (called,) = [a for a in ex.abbreviations if a.short == "Ủy ban nhân dân cấp xã"]
    assert called.target is None
    assert all("cấp xã" not in m.text for i in ex.instruments for m in i.mentions)


def test_words_a_consolidated_text_quotes_are_the_quoted_instruments_effect():
    text = """VĂN PHÒNG QUỐC HỘI
LUẬT
THUẾ THU NHẬP DOANH NGHIỆP
Luật Thuế thu nhập doanh nghiệp số 67/2025/QH15 ngày 14 tháng 6 năm 2025 của Quốc hội, có hiệu lực kể từ ngày 01 tháng 10 năm 2026, được sửa đổi, bổ sung bởi:
1. Luật An ninh mạng số 116/2025/QH15 ngày 10 tháng 12 năm 2025 của Quốc hội, có hiệu lực thi hành kể từ ngày 01 tháng 7 năm 2026.

Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;
Quốc hội ban hành Luật Thuế thu nhập doanh nghiệp.
Điều 1. Phạm vi điều chỉnh
Luật này quy định về thuế thu nhập doanh nghiệp.
Điều 2. Hiệu lực thi hành
Luật này có hiệu lực thi hành từ ngày 01 tháng 10 năm 2026.
Điều 44 của Luật An ninh mạng số 116/2025/QH15, có hiệu lực kể từ ngày 01 tháng 7 năm 2026 có quy định như sau:
“Điều 44. Hiệu lực thi hành
1. Luật này có hiệu lực thi hành từ ngày 01 tháng 7 năm 2026.
2. Luật An ninh mạng số 24/2018/QH14 hết hiệu lực kể từ ngày Luật này có hiệu lực thi hành.”.

VĂN PHÒNG QUỐC HỘI
Số: 113/VBHN-VPQH
Hà Nội, ngày 20 tháng 5 năm 2026
XÁC THỰC VĂN BẢN HỢP NHẤT
CHỦ NHIỆM
"""
    ex = extract(read_bytes(text.encode("utf-8"), "vbhn.txt", "vbhn"))
    repeals = {(r.subject, r.object, r.effective) for r in ex.relations if r.prop == "eli:repeals"}
    assert repeals == {("l/2025/116/quoc-hoi", "l/2018/24/quoc-hoi", dt.date(2026, 7, 1))}
