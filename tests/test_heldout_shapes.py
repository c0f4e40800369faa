"""Shapes met in held-out real documents (never seen during development), as short synthetic
sentences: each test keeps one general fix."""
from __future__ import annotations

import datetime as dt

from ingest.recognize import find_citations


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
