"""Messy text: the stored text is the cleaned text and every mention indexes it exactly."""
from __future__ import annotations

from rdflib.namespace import RDF

from ingest.pipeline import extract, graph_for_source
from ingest.read.clean import clean, is_syllable, join_split_syllables
from ingest.read.files import read_bytes
from ontology import CDO, NIF

MESSY = (
    "CÔNG BÁO/Số 281/Ngày 21-05-2026 \n17 \n \n"
    "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI\n"
    "| Số: 1351/QD-UBND | Qu ả ng Ngãi, ngày 04 tháng 1 0 năm 2022 |\n\n"
    "**QUYẾT ĐỊNH**\n\nVề việc công bố thủ tục hành chính\n\n"
    "Căn_cứ Quyết_định số 167/2008/QD-TTg ngày 12/12/2008 của Thủ_tướng Chính_phủ;\n"
    "Căn cứ Nghị định số 63/2010/ND-CP ngày 08/6/2010 của Chính \nphủ về kiểm soát;\n\n"
    "CÔNG BÁO/Số 281/Ngày 21-05-2026 \n18 \n \n"
    "QUYẾT ĐỊNH:\nĐiều 1. Công bố kèm theo Quyết định này.\n\n"
    "CHỦ TỊCH\nĐặ ng Văn Minh\n"
)


def test_split_syllables_are_joined_and_words_kept():
    assert join_split_syllables("Qu ả ng Ngãi") == "Quảng Ngãi"
    assert join_split_syllables("T hủ tướ ng C h í nh ph ủ") == "Thủ tướng Chính phủ"
    assert join_split_syllables("Nh ư tr ê n; Bộ tr ưở n g") == "Như trên; Bộ trưởng"
    for fine in ("điểm b và c khoản 1", "ở đâu ấy ạ", "UBND TP HCM VT", "dài 100 m", "Vị trí c ontainer"):
        assert join_split_syllables(fine) == fine
    assert is_syllable("trưởng") and not is_syllable("vàc") and not is_syllable("ng")


def test_clean_repairs_conversion_artefacts():
    text = clean(MESSY)
    assert "CÔNG BÁO/Số" not in text and "\n17 \n" not in text
    assert "Quyết định số 167/2008/QD-TTg" in text  # underscores read as spaces
    assert "Quảng Ngãi, ngày 04 tháng 10 năm 2022" in text
    assert "**" not in text
    assert "của Chính  phủ về" in text  # a hard wrap inside a sentence becomes a space


def test_messy_header_and_bases_with_exact_offsets():
    source = read_bytes(MESSY.encode("utf-8"), "messy.txt", "messy")
    ex = extract(source)
    h = ex.header
    assert h.symbol.symbol == "1351/QĐ-UBND"
    assert h.place == "Quảng Ngãi" and h.date.isoformat() == "2022-10-04"
    assert h.type_code == "qd" and h.title.startswith("Về việc công bố")
    assert h.issuer_phrase.text == "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI"
    symbols = {i.symbol for i in ex.instruments}
    assert {"167/2008/QĐ-TTg", "63/2010/NĐ-CP"} <= symbols
    g = graph_for_source(source)
    mentions = list(g.subjects(RDF.type, CDO.Mention))
    assert mentions
    for m in mentions:
        begin, end = int(g.value(m, NIF.beginIndex)), int(g.value(m, NIF.endIndex))
        assert str(g.value(m, NIF.anchorOf)) == source.text[begin:end]


def test_decomposed_accents_and_eth_are_read():
    import unicodedata

    raw = unicodedata.normalize("NFD", "BỘ TÀI CHÍNH\nSố: 12/QD-BTC\nHà Nội, ngày 05 tháng 3 năm 2024\n"
                                       "QUYẾT ĐỊNH\nVề việc thử\n").replace("Đ", "\u00d0")
    source = read_bytes(raw.encode("utf-8"), "nfd.txt", "nfd")
    assert source.text == unicodedata.normalize("NFC", source.text) and "\u00d0" not in source.text
    h = extract(source).header
    assert h.symbol.symbol == "12/QĐ-BTC" and h.type_code == "qd" and h.date.isoformat() == "2024-03-05"


def test_signature_and_recipients_in_one_table_row():
    text = ("| BỘ TÀI CHÍNH ------- | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n|---|---|\n"
            "| Số: 12/QĐ-BTC | Hà Nội, ngày 05 tháng 3 năm 2024 |\n\nQUYẾT ĐỊNH\n\nVề việc thử\n\n"
            "Điều 1. Thử.\n\n| Nơi nhận: - Như Điều 4; - Bộ Lao động - Thương binh và Xã hội; - Lưu: VT. "
            "| KT. BỘ TRƯỞNG THỨ TRƯỞNG Doãn Mậu Diệp |\n|---|---|\n")
    source = read_bytes(text.encode(), "t.md", "t")
    h = extract(source).header
    assert (h.signer_title, h.signer_name) == ("Thứ trưởng", "Doãn Mậu Diệp")
    assert [r.text for r in h.recipients] == ["Như Điều 4", "Bộ Lao động - Thương binh và Xã hội"]
    assert all(source.text[r.start:r.end] == r.text for r in h.recipients)
