"""Official texts read as a clerk reads them (issue 11): gazette headers, consolidated texts,
dotted numbers. Each test is a short synthetic text written from the rule, not a corpus file."""
from __future__ import annotations

import datetime as dt

from ingest.pipeline import extract
from ingest.read.files import read_bytes


def _extract(text: str):
    return extract(read_bytes(text.encode("utf-8"), "synthetic.txt", "synthetic"))


def _own(ex):
    return next(i for i in ex.instruments if i.is_document_itself)


def _relations(ex, prop: str) -> set[tuple[str, str]]:
    return {(r.subject, r.object) for r in ex.relations if r.prop == prop}


_GAZETTE_LAW = """CÔNG BÁO/Số 101 + 102/Ngày 05-02-2025
3
VĂN BẢN QUY PHẠM PHÁP LUẬT
QUỐC HỘI

QUỐC HỘI

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

{type_line} số: {symbol}

{type_caps}
VỀ THỬ NGHIỆM QUẢN LÝ CHỢ ĐIỆN TỬ

Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;
Căn cứ Luật Tổ chức Quốc hội số 57/2014/QH13;
Điều 1. Phạm vi điều chỉnh
"""


def test_gazette_header_prints_the_number_after_the_type():
    for type_line, symbol, type_caps, type_name in (
            ("Luật", "12/2025/QH15", "LUẬT", "Luật"),
            ("Nghị quyết", "31/2025/UBTVQH15", "NGHỊ QUYẾT", "Nghị quyết"),
            ("Bộ luật", "07/2025/QH15", "BỘ LUẬT", "Bộ luật")):
        h = _extract(_GAZETTE_LAW.format(type_line=type_line, symbol=symbol, type_caps=type_caps)).header
        assert h.symbol is not None and h.symbol.symbol == symbol, type_line
        # the furniture line "VĂN BẢN QUY PHẠM PHÁP LUẬT" holds "LUẬT" but is no type line
        assert h.type_name == type_name
        assert h.issuer_phrase.text == "QUỐC HỘI"  # not the furniture above it


def test_a_lower_case_so_in_running_text_is_no_header():
    text = "BỘ Y TẾ\nTrong năm, Bộ đã ban hành Thông tư số: 05/2020/TT-BYT và các văn bản khác.\n"
    assert _extract(text).header.symbol is None


_CONSOLIDATED = """CÔNG BÁO/Số 77/Ngày 10-3-2025
VĂN BẢN HỢP NHẤT - BỘ NỘI VỤ

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

THÔNG TƯ1
Hướng dẫn quản lý hồ sơ viên chức

Thông tư số 07/2019/TT-BNV ngày 01 tháng 6 năm 2019 của Bộ trưởng Bộ Nội vụ hướng dẫn
quản lý hồ sơ viên chức, có hiệu lực kể từ ngày 15 tháng 7 năm 2019, được sửa đổi, bổ sung bởi:
1. Thông tư số 02/2021/TT-BNV ngày 11 tháng 6 năm 2021 của Bộ trưởng Bộ Nội vụ sửa đổi một số
điều của Thông tư số 07/2019/TT-BNV và Thông tư số 03/2018/TT-BNV, có hiệu lực kể từ ngày 01 tháng 8 năm 2021.
2. Thông tư số 05/2023/TT-BNV ngày 20 tháng 4 năm 2023 của Bộ trưởng Bộ Nội vụ, có hiệu lực kể từ ngày 01 tháng 6 năm 2023.
Căn cứ Nghị định số 63/2022/NĐ-CP ngày 12 tháng 9 năm 2022 của Chính phủ;
Bộ trưởng Bộ Nội vụ ban hành Thông tư hướng dẫn quản lý hồ sơ viên chức.
1 Văn bản này được hợp nhất từ 03 Thông tư sau: Thông tư số 07/2019/TT-BNV, Thông tư số 02/2021/TT-BNV.
Điều 1. Phạm vi điều chỉnh
Thông tư này hướng dẫn quản lý hồ sơ viên chức.
Điều 2. Hiệu lực thi hành
Bãi bỏ Thông tư số 11/2012/TT-BNV ngày 17 tháng 12 năm 2012 của Bộ trưởng Bộ Nội vụ.

BỘ NỘI VỤ

Số: 14/VBHN-BNV

XÁC THỰC VĂN BẢN HỢP NHẤT
Hà Nội, ngày 03 tháng 3 năm 2025
KT. BỘ TRƯỞNG
THỨ TRƯỞNG

Nguyễn Văn An

PHỤ LỤC
Mẫu hồ sơ (ban hành kèm theo Thông tư số 07/2019/TT-BNV)
""" + "Mục kê khai hồ sơ viên chức theo mẫu.\n" * 120


def test_consolidated_text_is_its_own_instrument_numbered_at_its_seal():
    ex = _extract(_CONSOLIDATED)
    h = ex.header
    assert h.symbol.symbol == "14/VBHN-BNV"
    assert (h.type_code, h.type_name) == ("vbhn", "Văn bản hợp nhất")
    assert h.title == "Hướng dẫn quản lý hồ sơ viên chức"  # not "1 Hướng dẫn …": the footnote mark
    assert h.date == dt.date(2025, 3, 3)  # beside the seal, not the consolidated instrument's date
    assert h.signer_name == "Nguyễn Văn An"  # the signature before the annexes
    assert _own(ex).key.startswith("vbhn/")


def test_consolidated_text_consolidates_the_base_and_each_amending_instrument():
    ex = _extract(_CONSOLIDATED)
    own = _own(ex).key
    base, first, second = "tt/2019/7/bo-noi-vu", "tt/2021/2/bo-noi-vu", "tt/2023/5/bo-noi-vu"
    assert _relations(ex, "eli:consolidates") == {(own, base), (own, first), (own, second)}
    # the amending instruments amend the base; one named inside an item's title is not consolidated
    assert {(first, base), (second, base)} <= _relations(ex, "eli:amends")
    assert (own, "tt/2018/3/bo-noi-vu") not in _relations(ex, "eli:consolidates")


def test_consolidated_text_states_its_base_instruments_bases_and_effects():
    ex = _extract(_CONSOLIDATED)
    own, base = _own(ex).key, "tt/2019/7/bo-noi-vu"
    assert (base, "nd/2022/63/chinh-phu") in _relations(ex, "eli:based_on")
    assert (base, "tt/2012/11/bo-noi-vu") in _relations(ex, "eli:repeals")
    assert not {s for s, _ in _relations(ex, "eli:based_on") | _relations(ex, "eli:repeals")} & {own}


def test_an_ordinary_text_amended_by_another_is_not_a_consolidated_text():
    text = ("BỘ NỘI VỤ\nSố: 09/2024/TT-BNV\nHà Nội, ngày 02 tháng 5 năm 2024\nTHÔNG TƯ\n"
            "Sửa đổi Thông tư số 07/2019/TT-BNV\n\nCăn cứ Nghị định số 63/2022/NĐ-CP ngày 12 tháng 9 năm 2022;\n"
            "Điều 1. Sửa đổi Thông tư số 07/2019/TT-BNV được sửa đổi, bổ sung bởi Thông tư số 02/2021/TT-BNV.\n")
    ex = _extract(text)
    assert ex.header.type_name == "Thông tư" and ex.header.symbol.symbol == "09/2024/TT-BNV"
    assert not _relations(ex, "eli:consolidates")


def test_a_dotted_number_is_one_symbol_and_a_decimal_is_none():
    ex = _extract("Căn cứ Nghị quyết số 66.7/2025/NQ-CP ngày 15 tháng 5 năm 2025 của Chính phủ; "
                  "năng suất 2.000/ha, tỷ lệ 12.5/100.\n")
    assert [i.symbol for i in ex.instruments] == ["66.7/2025/NQ-CP"]


_DECREE = """CHÍNH PHỦ
Số: 09/2024/NĐ-CP
Hà Nội, ngày 02 tháng 5 năm 2024
NGHỊ ĐỊNH
Quy định về hồ sơ việc làm

Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015;
Điều 1. Phạm vi điều chỉnh
Nghị định này quy định về hồ sơ việc làm.
Điều 9. Hiệu lực thi hành
1. Nghị định này có hiệu lực thi hành từ ngày 01 tháng 7 năm 2024.
2. Kể từ ngày Nghị định này có hiệu lực thi hành, các Nghị định của Chính phủ và các điều, khoản
sau đây hết hiệu lực thi hành:
a) Nghị định số 31/2015/NĐ-CP ngày 24 tháng 3 năm 2015 của Chính phủ quy định chi tiết thi hành
một số điều của Luật Việc làm;
{page_break}b) Điều 3 Nghị định số 140/2018/NĐ-CP ngày 08 tháng 10 năm 2018 của Chính phủ sửa đổi, bổ sung
Nghị định số 11/2016/NĐ-CP;
c) Bãi bỏ khoản 2 Điều 5 Nghị định số 61/2020/NĐ-CP ngày 29 tháng 5 năm 2020 của Chính phủ.
3. Các Bộ trưởng chịu trách nhiệm thi hành Nghị định này. Thông tư số 05/2021/TT-BLĐTBXH vẫn được áp dụng.
"""


def test_each_item_of_an_effect_list_is_one_effect_over_page_breaks():
    ex = _extract(_DECREE.format(page_break="CÔNG BÁO/Số 529 + 530/Ngày 27-4-2024\n87\n"))
    own = _own(ex).key
    repeals = {r.object: r for r in ex.relations if r.prop == "eli:repeals" and r.subject == own}
    assert set(repeals) >= {"nd/2015/31/chinh-phu", "nd/2018/140/chinh-phu"}
    # an item naming a provision repeals that provision, not the whole decree
    assert repeals["nd/2018/140/chinh-phu"].provision.key == "nd/2018/140/chinh-phu/dieu-3"
    assert repeals["nd/2015/31/chinh-phu"].evidence.text.startswith("a) Nghị định số 31/2015/NĐ-CP")
    # an item with its own cue is read as its own clause (the provision it names)
    assert repeals["nd/2020/61/chinh-phu"].provision.key == "nd/2020/61/chinh-phu/dieu-5/khoan-2"
    # the amended decree named inside an item's title is not repealed, nor is what follows the list
    assert "nd/2016/11/chinh-phu" not in repeals and "tt/2021/5/bo-lao-dong-thuong-binh-va-xa-hoi" not in repeals
    assert "CÔNG BÁO" not in ex.source.text


def test_a_list_announced_without_an_effect_states_none():
    text = _DECREE.format(page_break="").replace("hết hiệu lực thi hành:", "được áp dụng:")
    ex = _extract(text)
    own = _own(ex).key
    assert not {r.object for r in ex.relations if r.prop == "eli:repeals" and r.subject == own} & {
        "nd/2015/31/chinh-phu", "nd/2018/140/chinh-phu"}


def test_an_article_heading_line_does_not_hide_an_imperative_cue():
    text = _DECREE.format(page_break="").split("Điều 9.")[0] + (
        "Điều 9. Hiệu lực thi hành\nBãi bỏ Thông tư số 11/2012/TT-BNV ngày 17 tháng 12 năm 2012 của Bộ trưởng Bộ Nội vụ.\n")
    ex = _extract(text)
    assert (_own(ex).key, "tt/2012/11/bo-noi-vu") in _relations(ex, "eli:repeals")


def _preamble(*clauses: str):
    return _extract("CHÍNH PHỦ\nSố: 09/2024/NĐ-CP\nHà Nội, ngày 02 tháng 5 năm 2024\nNGHỊ ĐỊNH\nQuy định về hồ sơ\n\n"
                    + "\n".join(clauses) + "\nChính phủ ban hành Nghị định.\nĐiều 1. Phạm vi\nNghị định này quy định.\n")


def test_a_basis_cited_as_amended_makes_every_amending_law_a_basis_that_amends_it():
    for clause in ("Căn cứ Luật Bảo hiểm y tế số 25/2008/QH12 được sửa đổi, bổ sung bởi Luật số 32/2013/QH13, "
                   "Luật số 46/2014/QH13 và Luật số 97/2015/QH13;",
                   "Căn cứ Luật Bảo hiểm y tế số 25/2008/QH12 ngày 14 tháng 11 năm 2008 (đã được sửa đổi, bổ sung một "
                   "số điều theo Luật số 32/2013/QH13, Luật số 46/2014/QH13 và Luật số 97/2015/QH13);"):
        ex = _preamble(clause)
        own = _own(ex).key
        laws = ["l/2008/25/quoc-hoi", "l/2013/32/quoc-hoi", "l/2014/46/quoc-hoi", "l/2015/97/quoc-hoi"]
        assert {(own, k) for k in laws} <= _relations(ex, "eli:based_on")
        assert {(k, laws[0]) for k in laws[1:]} <= _relations(ex, "eli:amends")


def test_a_basis_nested_in_another_title_is_still_no_basis():
    ex = _preamble("Căn cứ Thông tư số 01/2018/TT-VPCP ngày 23 tháng 11 năm 2018 hướng dẫn thi hành Nghị định số "
                   "61/2018/NĐ-CP ngày 23 tháng 4 năm 2018 của Chính phủ;")
    assert {o for _, o in _relations(ex, "eli:based_on")} == {"tt/2018/1/van-phong-chinh-phu"}


def test_an_amending_law_named_with_its_number_is_the_basis_and_amends_the_laws_it_names():
    ex = _preamble("Căn cứ Luật Quy hoạch ngày 24 tháng 11 năm 2017;",
                   "Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Quy hoạch, Luật Đầu tư, Luật Đầu tư theo phương "
                   "thức đối tác công tư và Luật Đấu thầu số 57/2024/QH15;")
    own = _own(ex).key
    amending = next(i for i in ex.instruments if i.symbol == "57/2024/QH15")
    assert amending.name.startswith("Luật sửa đổi, bổ sung một số điều của Luật Quy hoạch")
    assert (own, amending.key) in _relations(ex, "eli:based_on")
    assert (amending.key, "l/2017/luat-quy-hoach") in _relations(ex, "eli:amends")
    # the laws named inside its name are not separate bases
    assert not {o for _, o in _relations(ex, "eli:based_on")} & {"l/_/luat-dau-tu", "l/_/luat-dau-thau"}


def test_a_law_name_holding_quy_pham_is_whole_and_meets_its_numbered_mention():
    ex = _preamble("Căn cứ Luật Ban hành văn bản quy phạm pháp luật số 64/2025/QH15;",
                   "Theo quy định của Luật Ban hành văn bản quy phạm pháp luật năm 2025;")
    law = next(i for i in ex.instruments if i.symbol == "64/2025/QH15")
    assert law.name == "Luật Ban hành văn bản quy phạm pháp luật" and len(law.mentions) == 2
    assert not [i for i in ex.instruments if i.key.startswith("l/") and i.symbol is None]


def _symbols(text: str) -> dict[str, tuple]:
    from ingest.recognize.citations import find_citations

    return {c.symbol: (c.type_code, c.number, c.issuer_codes) for c in find_citations(text) if c.symbol}


def test_old_symbols_without_a_slash_after_a_type_name():
    found = _symbols("Căn cứ Nghị định 206-CP ngày 30 tháng 5 năm 1979 của Hội đồng Chính phủ; Quyết định số "
                     "111-HĐBT ngày 12/4/1991 của Hội đồng Bộ trưởng; Nghị định số 50/CP ngày 16/8/1994.")
    assert found == {"206-CP": ("nd", "206", ("CP",)), "111-HĐBT": ("qd", "111", ("HĐBT",)),
                     "50/CP": ("nd", "50", ("CP",))}
    # not without a type name before it, nor with a code that names no issuer
    assert not _symbols("Phòng chống dịch COVID-19, kết quả 206-CP; Quyết định 12-AB ngày 01/01/1990.")


def test_a_doubled_type_code_is_kept_as_printed_and_is_one_instrument():
    ex = _extract("ỦY BAN NHÂN DÂN TỈNH BẮC NINH\nSố: 12/KH-UBND\nBắc Ninh, ngày 02 tháng 5 năm 2007\nKẾ HOẠCH\n"
                  "Thực hiện quyết định\n\nThực hiện Quyết định số 497/QĐ/2007/QĐ-UBND ngày 05/3/2007 của UBND tỉnh, "
                  "các sở triển khai Quyết định 497/QĐ/2007/QĐ-UBND.\n")
    (inst,) = [i for i in ex.instruments if i.number == "497"]
    assert inst.symbol == "497/QĐ/2007/QĐ-UBND" and len(inst.mentions) == 2 and inst.year == 2007


def test_codes_in_a_lower_cased_text_are_read_as_printed_officially():
    text = ("căn cứ quyết định số 08/2006/qđ-ubnd ngày 12/01/2006 của ubnd tỉnh về việc ban hành quy chế; thực hiện "
            "công văn số 3652/byt-dp ngày 10/7/2022 của bộ y tế; chỉ thị 15-ct/tw; tỷ lệ 1/3 số hộ, đạt 45/ha, lớp 10/a.")
    found = _symbols(text)
    assert set(found) == {"08/2006/QĐ-UBND", "3652/BYT-DP", "15-CT/TW"}
    ex = _extract(text)
    assert any(i.key.startswith("qd-qppl/2006/8/") for i in ex.instruments)


def test_a_symbol_without_a_type_code_takes_the_type_line():
    ex = _extract("PHỦ THỦ TƯỚNG\nSố: 299/TTg\nHà Nội, ngày 10 tháng 11 năm 1980\nCHỈ THỊ\nVề công tác đo đạc ruộng đất\n\n"
                  "Thực hiện Quyết định 201-CP ngày 01 tháng 7 năm 1980 của Hội đồng Chính phủ.\n")
    assert _own(ex).key == "ct/1980/299/thu-tuong-chinh-phu"
    assert ("ct/1980/299/thu-tuong-chinh-phu", "qd/1980/201/chinh-phu") in _relations(ex, "eli:cites")


def test_a_symbol_broken_after_its_dash_at_a_line_end_is_one_symbol():
    found = _symbols("Sửa đổi Thông tư số 21/2021/TT- \nBLĐTBXH ngày 15 tháng 12 năm 2021 và Thông tư số 02/2024/TT-\n"
                     "BLĐTBXH; Quyết định 12/QĐ-\nsau đó được bãi bỏ.")
    assert set(found) == {"21/2021/TT-BLĐTBXH", "02/2024/TT-BLĐTBXH", "12/QĐ"}


def test_a_law_name_stops_before_a_condition():
    ex = _preamble("Căn cứ Luật Bảo hiểm xã hội số 41/2024/QH15;",
                   "Người lao động thuộc đối tượng của Luật Bảo hiểm xã hội nếu đăng ký tham gia bảo hiểm xã hội "
                   "thì được hưởng chế độ theo Luật Bảo hiểm xã hội đối với người lao động.")
    laws = [i for i in ex.instruments if i.type_code == "l"]
    assert [(i.symbol, len(i.mentions)) for i in laws] == [("41/2024/QH15", 3)]


def test_a_stray_date_of_another_year_does_not_move_a_printed_year():
    ex = _extract("BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI\nSố: 02/2025/TT-BLĐTBXH\nHà Nội, ngày 10 tháng 01 năm 2025\n"
                  "THÔNG TƯ\nQuy định chế độ báo cáo thống kê\n\nĐiều 1. Phạm vi\nMẫu báo cáo ban hành kèm theo "
                  "Thông tư số 02/2025/TT-BLĐTBXH ngày 10/01/2024 của Bộ trưởng.\n")
    assert _own(ex).key == "tt/2025/2/bo-lao-dong-thuong-binh-va-xa-hoi"


def test_replacing_a_phrase_that_names_a_law_is_no_replacement_of_that_law():
    text = _DECREE.format(page_break="").split("Điều 9.")[0] + (
        "Điều 9. Sửa đổi\nThay thế cụm từ “Luật Sở hữu trí tuệ số 50/2005/QH11” bằng cụm từ “Luật Sở hữu trí tuệ "
        "số 07/2022/QH15” tại Điều 3.\nBãi bỏ Thông tư số 11/2012/TT-BNV ngày 17 tháng 12 năm 2012.\n")
    ex = _extract(text)
    own = _own(ex).key
    assert not {o for s, o in _relations(ex, "cdo:replaces") if s == own}
    assert (own, "tt/2012/11/bo-noi-vu") in _relations(ex, "eli:repeals")


def test_repealing_some_provisions_is_no_repeal_of_the_whole():
    text = _DECREE.format(page_break="").split("Điều 9.")[0] + (
        "Điều 9. Hiệu lực thi hành\nBãi bỏ các quy định sau trong Thông tư số 41/2015/TT-BYT ngày 16 tháng 11 năm 2015.\n"
        "Bãi bỏ Điều 10, Điều 11, Điều 12 Thông tư số 44/2022/TT-BTC.\n")
    ex = _extract(text)
    own = _own(ex).key
    provisions = {r.object: r.provision.key for r in ex.relations if r.prop == "eli:repeals" and r.subject == own}
    assert provisions["tt/2015/41/bo-y-te"].startswith("tt/2015/41/bo-y-te/cac-quy-dinh-sau")
    assert provisions["tt/2022/44/bo-tai-chinh"] == "tt/2022/44/bo-tai-chinh/dieu-10-dieu-11-dieu-12"


def test_a_consolidated_text_dates_each_instrument_from_its_opening():
    ex = _extract(_CONSOLIDATED.replace("Thông tư này hướng dẫn quản lý hồ sơ viên chức.",
                                        "“Thông tư này có hiệu lực thi hành kể từ ngày 01 tháng 9 năm 2023.”"))
    dated = {f.instrument: f.start for f in ex.in_force}
    assert dated == {"tt/2019/7/bo-noi-vu": dt.date(2019, 7, 15), "tt/2021/2/bo-noi-vu": dt.date(2021, 8, 1),
                     "tt/2023/5/bo-noi-vu": dt.date(2023, 6, 1)}


def test_a_law_named_with_a_comma_before_its_number_over_a_line_break():
    """'Luật Chất lượng sản phẩm, hàng hóa số ⏎78/2025/QH15': the name goes on after the comma (a
    number without a type code is a law's); 'Luật Đầu tư, các văn bản số …' starts another phrase."""
    head = "BỘ TÀI CHÍNH\nSố: 1/2026/TT-BTC\nHà Nội, ngày 01 tháng 01 năm 2026\nTHÔNG TƯ\nVề thử\n\n"
    ex = _extract(head + "Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Chất lượng sản phẩm, hàng hóa số \n"
                  "78/2025/QH15;\nCăn cứ Luật Đầu tư, các văn bản số 61/2020/QH14;\n")
    cited = {i.symbol: (i.type_code, i.name) for i in ex.instruments if not i.is_document_itself and i.symbol}
    assert cited["78/2025/QH15"] == ("l", "Luật sửa đổi, bổ sung một số điều của Luật Chất lượng sản phẩm, hàng hóa")
    assert cited["61/2020/QH14"][1] is None


def test_an_issuer_cut_by_a_hard_line_wrap_is_read_whole():
    """Gazette lines wrap inside names: 'của Bộ trưởng Bộ ⏎Lao động - Thương binh và Xã hội' is the
    ministry, not a body called 'Bộ trưởng Bộ'; a name that ends its line whole stays as it is."""
    head = "BỘ TÀI CHÍNH\nSố: 1/2026/TT-BTC\nHà Nội, ngày 01 tháng 01 năm 2026\nTHÔNG TƯ\nVề thử\n\n"
    ex = _extract(head + "Thông tư số 35/2017/TT-BLĐTBXH ngày 29/12/2017 của Bộ trưởng Bộ \nLao động - Thương binh "
                  "và Xã hội quy định về lương.\nQuyết định số 12/2020/QĐ-TTg của Thủ tướng Chính phủ\nQuy định "
                  "chung về lương.\n")
    issuers = {i.symbol: [b.name for b in i.issuers] for i in ex.instruments if not i.is_document_itself}
    assert issuers["35/2017/TT-BLĐTBXH"] == ["Bộ Lao động - Thương binh và Xã hội"]
    assert issuers["12/2020/QĐ-TTg"] == ["Thủ tướng Chính phủ"]
