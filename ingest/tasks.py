"""Tasks and recommendations: the numbered items of the sections that state them.

Why: a report ends with "NHỮNG NHIỆM VỤ …" (what comes next) and "KIẾN NGHỊ" / "ĐỀ XUẤT"
(what it asks of higher bodies). The sections are found by their heading words, never by
position; each numbered or bulleted item becomes one node with its text, period ("giai đoạn
2021 - 2025", from the item or else the heading), the body it names first (the addressee of a
recommendation: "Bộ Công an sớm ban hành …") and the instruments it acts on (from the clause
readings: a "thay thế" cue in a recommendation asks to replace the instrument).
"""
from __future__ import annotations

import re

from ingest.bodies import body_from_entry, load_issuers, province_unit
from ingest.model import BodyRef, Item, Programme, Span
from ingest.relations import ClauseReading
from ingest.sections import Paragraph, Section, Segmentation
from ingest.text import fold

SECTION_KINDS = (("task", re.compile(r"\bnhiem vu\b")), ("recommendation", re.compile(r"\b(?:kien nghi|de xuat)\b")))
_PERIOD = re.compile(r"giai\s+đoạn\s+(?P<a>\d{4})\s*[-–]\s*(?P<b>\d{4})", re.IGNORECASE)
_ITEM_HEAD = re.compile(r"^(?:\d{1,2}\.|[-–+•*])\s+(?:(?:Đề nghị|Kiến nghị|Đề xuất)\s+(?:với\s+)?)?", re.IGNORECASE)


def _items(section: Section) -> list[Paragraph]:
    numbered = [p for p in section.paragraphs if p.item_number is not None or p.bullet]
    return numbered or [p for p in section.paragraphs if p.heading_level is None]


def _period(text: str, span: Span) -> tuple[tuple[int, int], Span] | None:
    m = _PERIOD.search(text, span.start, span.end)
    if not m:
        return None
    return (int(m.group("a")), int(m.group("b"))), Span(m.start(), m.end(), m.group(0))


def _addressee(text: str, para: Span, province: str | None) -> tuple[BodyRef, Span] | None:
    head = _ITEM_HEAD.match(para.text)
    start = para.start + (head.end() if head else 0)
    hit = load_issuers().match_alias(text[start:start + 120])
    if not hit:
        return None
    entry, length = hit
    return body_from_entry(entry, province_unit(province) if entry.is_local else None), \
        Span(start, start + length, text[start:start + length])


def tasks_and_recommendations(text: str, seg: Segmentation, readings: list[ClauseReading],
                              programmes: list[Programme], province: str | None) -> list[Item]:
    out = []
    used: set[tuple[str, str]] = set()
    for index, section in enumerate(s for s in seg.sections if s.heading.heading_level == 1):
        kind = next((k for k, rx in SECTION_KINDS if rx.search(fold(section.title))), None)
        if kind is None:
            continue
        heading_period = _period(text, section.heading.span)
        for n, para in enumerate(_items(section), 1):
            ordinal = para.item_number or n
            # a repeated number (several task sections, nested lists) becomes "{section}.{position}"
            local = str(ordinal) if (kind, str(ordinal)) not in used else f"{index + 1}.{n}"
            used.add((kind, local))
            period = _period(text, para.span) or heading_period
            addressee = _addressee(text, para.span, province)
            uses = tuple(u for r in readings if para.span.start <= r.clause.start < para.span.end
                         for u in r.uses)
            progs = tuple((p.key, m) for p in programmes for m in p.mentions
                          if para.span.start <= m.start < para.span.end)
            out.append(Item(kind, local, para.span, ordinal=ordinal,
                            period=period[0] if period else None, period_span=period[1] if period else None,
                            bodies=(addressee,) if addressee else (), uses=uses, programmes=progs))
    return out
