"""When a document's own instrument enters into force, and until when, from its own words.

    Nghị định này có hiệu lực thi hành từ ngày 01 tháng 7 năm 2026.
    Quyết định này có hiệu lực kể từ ngày ký (ban hành).
    Thông tư này có hiệu lực sau 45 ngày kể từ ngày ký.
    Nghị quyết này có hiệu lực thi hành từ ngày 01/01/2026 đến hết ngày 31/12/2030.

The statement names the document itself ("<Loại> này"); a date relative to signing is counted
from the header's date. "Kể từ ngày Nghị định này có hiệu lực thi hành, …" only refers to that
date (recognize nothing there: relate/effective.py dates effects with it).
"""
from __future__ import annotations

import datetime as dt
import re

from ingest.model import InForce, Span
from ingest.recognize.citations import parse_date
from ingest.tables.grammar import Grammar, load_grammar
from ingest.tables.text import fold

_SELF = (r"(?P<type>Bộ\s+luật|Luật|Pháp\s+lệnh|Nghị\s+định|Nghị\s+quyết|Thông\s+tư(?:\s+liên\s+tịch)?|Quyết\s+định|"
         r"Chỉ\s+thị|Lệnh|Văn\s+bản|Kế\s+hoạch)\s+này")
_STATEMENT = re.compile(_SELF + r"\s+có\s+hiệu\s+lực(?:\s+thi\s+hành)?\s*(?:,\s*)?(?:"
                        r"(?:kể\s+)?từ\s+(?=ngày\s+\d)(?P<dated>)"
                        r"|(?:kể\s+)?từ\s+ngày\s+(?P<signing>ký(?:\s+ban\s+hành)?|ban\s+hành|thông\s+qua)\b"
                        r"|sau\s+(?P<days>\d{1,3})\s+ngày\s*,?\s+kể\s+từ\s+ngày\s+(?:ký|ban\s+hành|thông\s+qua)\b)",
                        re.IGNORECASE)
# The pattern above starts with an alternation, tried at every position; the words after the
# type are found first (scanned in C) and the pattern is tried just before them.
_ANCHOR = re.compile(r"này\s+có\s+hiệu\s+lực", re.IGNORECASE)
_LONGEST_TYPE = 25  # "Thông tư liên tịch" and spaces, before "này"
_UNTIL = re.compile(r"\s*(?:,\s*)?(?:đến|cho\s+đến)\s+(?:hết\s+)?(?=ngày\s+\d)", re.IGNORECASE)


def in_force(text: str, instrument: str, type_name: str, signed: dt.date | None, operative_start: int | None,
             grammar: Grammar | None = None) -> InForce | None:
    """The first entry-into-force statement of the operative part about `instrument` (the
    document's, of type `type_name`, signed on `signed`): "<its type> này" or "Văn bản này" —
    a Công văn quoting "Nghị định này có hiệu lực …" speaks of the decree it quotes."""
    grammar = grammar or load_grammar()
    own = fold(re.sub(r"\s*\(.*\)$", "", type_name))
    for m in _statements(text, operative_start or 0):
        if fold(" ".join(m.group("type").split())) not in (own, "van ban"):
            continue
        end, start, until = m.end(), None, None
        if m.group("dated") is not None:
            d = grammar.date_anywhere.match(text, m.end())
            start = parse_date(d) if d else None
            end = d.end() if d else end
        elif m.group("signing") is not None:
            start = signed
        elif m.group("days") is not None and signed:
            start = signed + dt.timedelta(days=int(m.group("days")))
        if start is None:
            continue
        u = _UNTIL.match(text, end)
        d = grammar.date_anywhere.match(text, u.end()) if u else None
        if d and parse_date(d):
            until, end = parse_date(d), d.end()
        return InForce(instrument, start, Span(m.start(), end, text[m.start():end]), until)
    return None


def _statements(text: str, start: int):
    """`_STATEMENT.finditer(text, start)`, tried only where its anchor words are."""
    end = start
    for anchor in _ANCHOR.finditer(text, start):
        m = _STATEMENT.search(text, max(end, anchor.start() - _LONGEST_TYPE), anchor.end() + 200)
        if m and m.start() <= anchor.start():
            yield m
            end = m.end()
