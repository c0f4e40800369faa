"""Tasks and recommendations: the numbered items of the sections that state them.

Why: a report ends with "NHỮNG NHIỆM VỤ …" (what comes next) and "KIẾN NGHỊ" / "ĐỀ XUẤT"
(what it asks of higher bodies); a directive or plan puts its tasks under a lower heading
("2. Nhiệm vụ chủ yếu") or lists them right after "…, Thủ tướng Chính phủ chỉ thị:" /
"… thực hiện các nhiệm vụ sau:". The sections are found by their heading words, never by
position (the innermost matching heading wins, so nothing is read twice); each numbered or bulleted item becomes one node with its text, period ("giai đoạn
2021 - 2025", from the item or else the heading), the body it names first (the addressee of a
recommendation: "Bộ Công an sớm ban hành …") and the instruments it acts on (from the clause
readings: a "thay thế" cue in a recommendation asks to replace the instrument).
"""
from __future__ import annotations

import re

from ingest.model import BodyRef, Item, Programme, Span
from ingest.relate.relations import ClauseReading
from ingest.segment.sections import CLOSING, Paragraph, Section, Segmentation
from ingest.tables.bodies import body_from_entry, load_issuers, province_unit
from ingest.tables.text import fold

SECTION_KINDS = (("task", re.compile(r"\bnhiem vu\b")), ("recommendation", re.compile(r"\b(?:kien nghi|de xuat)\b")))
_PERIOD = re.compile(r"giai\s+đoạn\s+(?P<a>\d{4})\s*[-–]\s*(?P<b>\d{4})", re.IGNORECASE)
_ITEM_HEAD = re.compile(r"^[*#\s]*(?:\d{1,2}\.|[a-zđ]\)|[-–+•*])\s+(?:(?:Đề nghị|Kiến nghị|Đề xuất)\s+(?:với\s+)?)?", re.IGNORECASE)


# Below the top level only a title that starts with the word is a task section:
# "2. Nhiệm vụ chủ yếu", not "1. Kết quả thực hiện nhiệm vụ năm 2022".
_SUB_TASK_TITLE = re.compile(r"^(?:(?:nhung|cac|mot so|phuong huong|muc tieu|dinh huong)\b[\s,]*(?:va\s+)?)*nhiem vu\b")
# A lead-in that opens the list of tasks: "…, Thủ tướng Chính phủ chỉ thị:", "… các nhiệm vụ sau:",
# not "… làm nhiệm vụ quốc tế được xác định như sau:".
_LEAD_IN = re.compile(r"(?:\bchi thi|\bnhiem vu(?:,?\s+(?:va\s+)?(?:giai phap|chu yeu|trong tam|cu the))*"
                      r"(?:\s+nhu)?\s+sau)\s*:\W*$")
_ENDS_WITH_COLON = re.compile(r":\W*$")  # what a lead-in ends with: tested before folding the paragraph
_COLLECTIVE = re.compile(r"\s+(?:các|cấp)\s", re.IGNORECASE)
_LETTERED = re.compile(r"^[*#\s]*[a-zđ]\)\s+\S")


def _kind(section: Section) -> str | None:
    title = fold(section.title)
    if section.heading.heading_level != 1 and not _SUB_TASK_TITLE.match(title):
        return None
    return next((k for k, rx in SECTION_KINDS if rx.search(title)), None)


def _items(paragraphs: tuple[Paragraph, ...], text: str) -> list[tuple[Paragraph, Span]]:
    """The items of a run of paragraphs: its top sub-headings (each spanning its body), else its
    numbered, lettered or bulleted paragraphs, else its body paragraphs."""
    levels = [p.heading_level for p in paragraphs if p.heading_level is not None]
    if levels:
        top = min(levels)
        return _spanning(paragraphs, [i for i, p in enumerate(paragraphs) if p.heading_level == top], text)
    for marked in (lambda p: p.item_number is not None, lambda p: bool(_LETTERED.match(p.span.text)),
                   lambda p: p.bullet):
        heads = [i for i, p in enumerate(paragraphs) if marked(p)]
        if heads:
            return _spanning(paragraphs, heads, text)
    return [(p, p.span) for p in paragraphs]


def _spanning(paragraphs: tuple[Paragraph, ...], heads: list[int], text: str) -> list[tuple[Paragraph, Span]]:
    """Each head paragraph with the paragraphs under it, up to the next head."""
    ends = [paragraphs[j - 1].span.end for j in heads[1:]] + [paragraphs[-1].span.end]
    return [(paragraphs[i], Span(paragraphs[i].span.start, e, text[paragraphs[i].span.start:e]))
            for i, e in zip(heads, ends)]


def _lists(text: str, seg: Segmentation) -> list[tuple[str, Span, tuple[Paragraph, ...]]]:
    """(kind, heading span, body) of every task/recommendation list: innermost matching
    sections, then lead-in lists outside them."""
    found = [(k, s) for s in seg.sections if (k := _kind(s))]
    sections = [(k, s) for k, s in found
                if not any(o is not s and s.span.start <= o.span.start and o.span.end <= s.span.end
                           for _, o in found)]
    out = [(k, s.heading.span, s.paragraphs) for k, s in sections]
    taken = [s.span for _, s in sections]
    paras = seg.paragraphs
    closing = next((p.span.start for p in paras if CLOSING.match(p.span.text.strip("*# "))), len(text))
    for i, p in enumerate(paras):
        if p.heading_level is not None or not _ENDS_WITH_COLON.search(p.span.text) \
                or not _LEAD_IN.search(fold(p.span.text)) \
                or any(t.start <= p.span.start < t.end for t in taken):
            continue
        body = []
        for q in paras[i + 1:]:
            # a Roman heading opens a new part of the document, not an item of the lead-in's list
            if q.span.start >= closing or q.heading_level == 1 or any(t.start <= q.span.start < t.end for t in taken):
                break
            body.append(q)
        if body:
            out.append(("task", p.span, tuple(body)))
            taken.append(Span(p.span.start, body[-1].span.end, ""))
    return out


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
    if entry.is_local and _COLLECTIVE.match(text, start + length):
        return None  # "UBND các huyện": many bodies, none of them the province's
    return body_from_entry(entry, province_unit(province) if entry.is_local else None), \
        Span(start, start + length, text[start:start + length])


def tasks_and_recommendations(text: str, seg: Segmentation, readings: list[ClauseReading],
                              programmes: list[Programme], province: str | None) -> list[Item]:
    out = []
    used: set[tuple[str, str]] = set()
    for index, (kind, heading, body) in enumerate(_lists(text, seg)):
        heading_period = _period(text, heading)
        for n, (head, span) in enumerate(_items(body, text), 1):
            ordinal = head.item_number or (int(head.number) if (head.number or "").isdigit() else n)
            # a repeated number (several task sections, nested lists) becomes "{section}.{position}"
            local = str(ordinal) if (kind, str(ordinal)) not in used else f"{index + 1}.{n}"
            used.add((kind, local))
            period = _period(text, span) or heading_period
            addressee = _addressee(text, span, province)
            uses = tuple(u for r in readings if span.start <= r.clause.start < span.end
                         for u in r.uses)
            progs = tuple((p.key, m) for p in programmes for m in p.mentions
                          if span.start <= m.start < span.end)
            out.append(Item(kind, local, span, ordinal=ordinal,
                            period=period[0] if period else None, period_span=period[1] if period else None,
                            bodies=(addressee,) if addressee else (), uses=uses, programmes=progs))
    return out
