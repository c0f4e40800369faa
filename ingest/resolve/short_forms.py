"""Short forms of an instrument cited before them, as more mentions of that instrument, so that
what their sentence states (a repeal, a date, a use) lands on it:

    Quyết định số 12/2020/QĐ-TTg ngày 10/4/2020 … Quyết định nêu trên hết hiệu lực …
    Thông tư nói trên, Nghị định đã dẫn, Luật vừa nêu, Chỉ thị trên đây
    Quyết định số 20/2014/QĐ-TTg … (sau đây gọi tắt là QĐ 20) … QĐ 20 quy định …

A pointing form is the nearest instrument of its type cited before it in the same article.
Why so narrow: a plural ("các Quyết định nêu trên", "03 Thông tư nêu trên") names several
and an article boundary changes the subject, so those stay unresolved rather than guessed.
"""
from __future__ import annotations

import bisect
import dataclasses
import re

from ingest.model import Abbreviation, Instrument, Span
from ingest.tables.doctypes import load_doc_types
from ingest.tables.patterns import finditer_at
from ingest.tables.text import fold

# The pointing words after a type name, on lower-cased text.
_BACK = re.compile(r"(?:nêu|nói|kể)\s+(?:ở\s+)?trên|đã\s+(?:nêu|dẫn)(?:\s+(?:ở\s+)?trên)?|vừa\s+nêu|trên\s+đây")
_BACK_ANCHOR = re.compile(r"(?:nêu|nói|kể|đã|vừa|trên)\s")  # where _BACK can start
_PLURAL = re.compile(r"(?:các|những|hai|ba|bốn|năm|\d+)\s+$")
# An article or chapter heading between the antecedent and the short form: another subject.
_BOUNDARY = re.compile(r"\n[ \t*#|]*(?:Điều\s+\d|Chương\s+[IVXLC\d])")
_MAX_DISTANCE = 3000
_WORD_CHAR = re.compile(r"[\wÀ-ỹ]")
_WORD_OR_SLASH = re.compile(r"[\wÀ-ỹ/]")


def back_references(text: str, instruments: list[Instrument]) -> list[Instrument]:
    """`instruments` with each resolvable pointing form added to its antecedent's mentions."""
    cited = sorted(((s, i) for i in instruments if not i.is_document_itself for s in i.mentions),
                   key=lambda m: m[0].start)
    if not cited:
        return instruments
    added: dict[str, list[Span]] = {}
    lowered = text.lower()
    for back in finditer_at(_BACK, lowered, _BACK_ANCHOR):
        anaphor = _type_before(text, back.start())
        if anaphor is None:
            continue
        start, type_name = anaphor
        if _PLURAL.search(lowered, max(0, start - 12), start):
            continue
        antecedent = _antecedent(text, cited, start, type_name)
        if antecedent is not None:
            end = back.end()
            added.setdefault(antecedent.key, []).append(Span(start, end, text[start:end]))
    return _with_mentions(instruments, added)


def defined_short_forms(text: str, instruments: list[Instrument], abbreviations: list[Abbreviation]) -> list[Instrument]:
    """`instruments` with each later use of a short form the text defined for one of them
    ("(sau đây gọi tắt là QĐ 20)") added to its mentions, where no other mention is."""
    taken = sorted((s.start, s.end) for i in instruments for s in i.mentions)
    added: dict[str, list[Span]] = {}
    for a in abbreviations:
        if a.target is None or len(a.short) < 3:
            continue
        for start in _whole_word_at(text, a.short, a.span.end):
            end = start + len(a.short)
            at = bisect.bisect_left(taken, (end,))
            if not any(s < end and start < e for s, e in taken[max(0, at - 8):at]):
                added.setdefault(a.target, []).append(Span(start, end, a.short))
    return _with_mentions(instruments, added)


def _whole_word_at(text: str, word: str, pos: int):
    """Starts of `word` in text[pos:] where it stands as a whole word (str.find, not a regex
    with a lookbehind, which would be tried at every position)."""
    at = text.find(word, pos)
    while at != -1:
        end = at + len(word)
        if not (at and _WORD_CHAR.match(text, at - 1)) and not (end < len(text) and _WORD_OR_SLASH.match(text, end)):
            yield at
        at = text.find(word, at + 1)


def _with_mentions(instruments: list[Instrument], added: dict[str, list[Span]]) -> list[Instrument]:
    if not added:
        return instruments
    return [dataclasses.replace(i, mentions=tuple(sorted(i.mentions + tuple(added[i.key]), key=lambda s: s.start)))
            if i.key in added else i for i in instruments]


def _type_before(text: str, pos: int) -> tuple[int, str] | None:
    """(start, name) of the document-type name that ends just before `pos`, if any."""
    window_start = max(0, pos - 40)
    best = None
    for m in load_doc_types().name_regex.finditer(text, window_start, pos):
        if not text[m.end():pos].strip():
            best = m
    return (best.start(), best.group("tname")) if best else None


def _antecedent(text: str, cited: list[tuple[Span, Instrument]], start: int, type_name: str) -> Instrument | None:
    """The instrument of that type cited last before `start`, within the same article."""
    wanted = fold(type_name)
    for span, inst in reversed(cited):
        if span.end > start:
            continue
        if start - span.end > _MAX_DISTANCE or _BOUNDARY.search(text, span.end, start):
            return None
        if fold(inst.type_name).startswith(wanted):
            return inst
    return None
