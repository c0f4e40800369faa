"""Encoders for the tests: Unicode → TCVN3, VNI and Windows-1258 bytes, each the inverse of the
data file's map (so a document can be written the way an office's old software wrote it)."""
from __future__ import annotations

import unicodedata

from ingest.read import legacy

TONES = "\u0300\u0301\u0303\u0309\u0323"

DOCUMENT = ("Số: 1351/QĐ-UBND\nQuảng Ngãi, ngày 04 tháng 10 năm 2022\n\nQuyết định\n"
            "Về việc công bố thủ tục hành chính được chuẩn hóa\n\n"
            "Căn cứ Nghị định số 63/2010/NĐ-CP ngày 08/6/2010 của Chính phủ về kiểm soát thủ tục hành chính;\n"
            "Căn cứ Thông tư số 02/2017/TT-VPCP ngày 31/10/2017 của Văn phòng Chính phủ hướng dẫn về nghiệp vụ;\n"
            "Theo đề nghị của Giám đốc Sở Tư pháp tỉnh, trường hợp đặc biệt được ưu tiên giải quyết.\n")


def tcvn3(text: str) -> bytes:
    inverse = {letter: bytes.fromhex(byte) for byte, letter in legacy.table()["tcvn3"]["bytes"].items()}
    return b"".join(inverse.get(ch) or ch.encode("cp1252") for ch in text)


def vni(text: str) -> bytes:
    inverse = {letter: glyphs for glyphs, letter in legacy.table()["vni"]["sequences"].items()}
    return "".join(inverse.get(ch, ch) for ch in text).encode("cp1252")


def cp1258(text: str) -> bytes:
    """Windows-1258 as Word writes it: vowel-quality letters precomposed, tone marks combining."""
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
        out.append(base + "".join(c for c in parts if c in TONES))
    return "".join(out).encode("cp1258")
