"""Short forms that point back to an instrument cited before them:

    Quyết định số 12/2020/QĐ-TTg ngày 10/4/2020 … Quyết định nêu trên hết hiệu lực …
    Thông tư nói trên, Nghị định đã dẫn, Luật vừa nêu, Chỉ thị trên đây

Each is one more mention of the nearest instrument of that type cited before it in the same
article, so that what the sentence states (a repeal, a date, a use) lands on that instrument.
Why so narrow: a plural ("các Quyết định nêu trên") names several and an article boundary
changes the subject, so those stay unresolved rather than guessed.
"""
from __future__ import annotations

import dataclasses
import re

from ingest.model import Instrument, Span
from ingest.tables.doctypes import load_doc_types
from ingest.tables.text import fold

# The pointing words after a type name, on lower-cased text.
_BACK = re.compile(r"(?:nêu|nói|kể)\s+(?:ở\s+)?trên|đã\s+(?:nêu|dẫn)(?:\s+(?:ở\s+)?trên)?|vừa\s+nêu|trên\s+đây")
_PLURAL = re.compile(r"(?:các|những|hai|ba|bốn|năm|\d+)\s+$")
# An article or chapter heading between the antecedent and the short form: another subject.
_BOUNDARY = re.compile(r"\n[ \t*#|]*(?:Điều\s+\d|Chương\s+[IVXLC\d])")
_MAX_DISTANCE = 3000


def back_references(text: str, instruments: list[Instrument]) -> list[Instrument]:
    """`instruments` with each resolvable short form added to its antecedent's mentions."""
    cited = sorted(((s, i) for i in instruments if not i.is_document_itself for s in i.mentions),
                   key=lambda m: m[0].start)
    if not cited:
        return instruments
    added: dict[str, list[Span]] = {}
    lowered = text.lower()
    for back in _BACK.finditer(lowered):
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
