"""Abbreviations the text defines: "an ninh Tổ quốc (ANTQ)" and "(viết tắt là …)".

Why: reports shorten long names once and use the short form after ("ANTQ", "Quyết định số
1395/QĐ-UBND" for the decision together with its plan). Knowing them lets later stages
compare titles written with and without the short form, and the graph records the short form
as an alternative label of what it names.
"""
from __future__ import annotations

import re

from ingest.model import Abbreviation, Span
from ingest.tables.doctypes import load_doc_types
from ingest.tables.text import fold

# "(ANTQ)", "(ANTT)": 2–8 capitals (Đ included), right after the long form.
_ACRONYM = re.compile(r"\((?P<short>[A-ZĐ]{2,8})\)")
# "(viết tắt là Quyết định số 1395/QĐ-UBND)", "(sau đây gọi tắt là …)", "(sau đây gọi chung là …)",
# "(sau đây gọi là …)", markdown emphasis allowed.
_CALLED = re.compile(r"\((?:sau đây\s+)?(?:viết\s+tắt|gọi(?:\s+(?:tắt|chung))?)\s+là\s*[:]?\s*\*?(?P<short>[^()*]+?)\*?\)",
                     re.IGNORECASE)
_WORD = re.compile(r"[\wÀ-ỹ]+")
# A short form that names an instrument by its type and number: "QĐ 20", "QĐ22", "Nghị định 31",
# "Quyết định số 1227/QĐ-TTg". A type name alone ("Chương trình", "Kế hoạch") names what the
# instrument approved, not the instrument.
_TYPE_CODE_NUMBER = re.compile(r"[A-ZĐ]{2,6}[\s-]*\d")
_NUMBER_AFTER_TYPE = re.compile(r"\s*(?:số\s*)?\d")


def names_instrument(short: str) -> bool:
    if _TYPE_CODE_NUMBER.match(short):
        return True
    m = load_doc_types().name_regex.match(short)
    return bool(m and _NUMBER_AFTER_TYPE.match(short, m.end()))


def _acronym_long_form(text: str, end: int, short: str) -> int | None:
    """Start of the words before `end` whose initials spell `short` (accent-insensitive)."""
    words = list(_WORD.finditer(text, max(0, end - 120), end))
    n = len(short)
    if len(words) < n:
        return None
    tail = words[-n:]
    initials = "".join(fold(w.group(0))[0] for w in tail)
    if initials != fold(short):
        return None
    gap = text[tail[0].start():end]
    if "\n\n" in gap or re.search(r"[.;:()“”]", gap):
        return None
    return tail[0].start()


def find_abbreviations(text: str, instrument_at: dict[int, tuple[str, int]] | None = None
                       ) -> list[Abbreviation]:
    """instrument_at maps a mention start to (instrument key, mention end) — used to tell which
    instrument a "(viết tắt là …)" names: the one cited inside it, else the nearest before it."""
    instrument_at = instrument_at or {}
    found: list[Abbreviation] = []
    for m in _ACRONYM.finditer(text):
        start = _acronym_long_form(text, m.start(), m.group("short"))
        if start is None:
            continue
        long = re.sub(r"\s+", " ", text[start:m.start()]).strip()
        found.append(Abbreviation(m.group("short"), long, Span(start, m.end(), text[start:m.end()])))
    for m in _CALLED.finditer(text):
        short = re.sub(r"\s+", " ", m.group("short")).strip()
        inside = [k for s, (k, _) in instrument_at.items() if m.start() <= s < m.end()]
        before = [(s, k) for s, (k, e) in instrument_at.items() if e <= m.start() and m.start() - s < 600]
        # the instrument cited inside, else the one just before when the short form names an
        # instrument ("gọi tắt là QĐ 20"; "gọi là Ủy ban nhân dân cấp xã" names a body)
        target = inside[0] if inside else (max(before)[1] if before and names_instrument(short) else None)
        sent_start = max(text.rfind(". ", 0, m.start()) + 2, text.rfind("\n", 0, m.start()) + 1, 0)
        long = re.sub(r"\s+", " ", text[sent_start:m.start()]).strip()
        found.append(Abbreviation(short, long, Span(m.start(), m.end(), text[m.start():m.end()]), target))
    return sorted(found, key=lambda a: a.span.start)


def expansions(abbreviations: list[Abbreviation]) -> dict[str, str]:
    """Folded acronym → folded long form, for comparing titles ("antq" → "an ninh to quoc")."""
    return {fold(a.short): " ".join(_WORD.findall(fold(a.long))) for a in abbreviations if " " not in a.short}
