"""Segment a document body into headings, paragraphs, sentences and clauses, with offsets.

Why: tasks, recommendations and agency paragraphs are found by the section they sit in, and
relations are read clause by clause, so every later stage needs the same segmentation. The
rules are general (Roman/Arabic/letter numbering, bullets, page breaks that cut a sentence),
not positions in one report. Every piece is a Span into the stored text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.model import Span
from ingest.tables.patterns import UPPER

_BLANK = re.compile(r"\n[ \t]*\n\s*")
_TERMINAL = tuple(".:;!?…)”\"*")
_ROMAN = re.compile(r"^(?P<num>[IVXLC]+)\.\s+(?P<title>\S.*)$", re.DOTALL)
_ARABIC = re.compile(r"^(?P<num>\d{1,2})\.\s+(?P<title>\S.*)$", re.DOTALL)
_LETTER = re.compile(r"^(?P<num>[a-zđ])\)\s+(?P<title>\S.*)$", re.DOTALL)
_BULLET = re.compile(r"^[-–+•*]\s+")
# A sentence ends at . ! ? … followed by space and a capital, an opening quote or a bullet.
# The stop, then what ends the sentence (the stop is matched first: the engine scans for it in C).
_SENT_END = re.compile(rf"[.!?…](?:\*+)?\s+(?=(?:[*\-–+•]\s*)?[“\"(]?[{UPPER}0-9])")
_HEADING_MAX = 250
# The closing block (recipients, signature) ends every section.
CLOSING = re.compile(r"^(?:N[ơo]i\s+nh[ậa]n|TM\.|KT\.|TL\.|TUQ\.)", re.IGNORECASE)


@dataclass(frozen=True)
class Paragraph:
    span: Span
    heading_level: int | None = None  # 1 Roman, 2 Arabic, 3 letter; None for body text
    number: str | None = None  # "IV", "2", "a"
    item_number: int | None = None  # "2. Bộ Công an …" inside a list: 2
    bullet: bool = False


@dataclass(frozen=True)
class Section:
    heading: Paragraph
    title: str
    paragraphs: tuple[Paragraph, ...]  # body paragraphs (sub-headings included, in order)
    span: Span  # heading start to the end of the last paragraph


@dataclass(frozen=True)
class Segmentation:
    paragraphs: tuple[Paragraph, ...]
    sections: tuple[Section, ...]


def _span(text: str, start: int, end: int) -> Span:
    while end > start and text[end - 1].isspace():
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    return Span(start, end, text[start:end])


def _raw_paragraphs(text: str, breaks: tuple[int, ...] = ()) -> list[tuple[int, int]]:
    """Blank-line separated blocks, re-joined where a page break cut a sentence in two —
    except across `breaks` (e.g. the end of the header's title, which has no full stop)."""
    blocks, pos = [], 0
    for m in _BLANK.finditer(text):
        blocks.append((pos, m.start()))
        pos = m.end()
    blocks.append((pos, len(text)))
    merged: list[tuple[int, int]] = []
    for s, e in blocks:
        chunk = text[s:e].strip()
        if not chunk:
            continue
        if merged:
            ps, pe = merged[-1]
            prev = text[ps:pe].rstrip()
            ended = any(ps < b <= s for b in breaks)
            continues = not ended and ((chunk[0].islower() and not _is_heading(chunk.strip("*# "))
                                          and not _LETTER.match(chunk.strip("*# "))) or (
                not prev.endswith(_TERMINAL) and not _is_heading(prev) and len(prev) > _HEADING_MAX // 2))
            if continues:
                merged[-1] = (ps, e)
                continue
        merged.append((s, e))
    return merged


def _is_heading(chunk: str) -> bool:
    if len(chunk) > _HEADING_MAX or chunk.rstrip("*").endswith((".", ";", ":")):
        return False
    return bool(_ROMAN.match(chunk) or _ARABIC.match(chunk) or _LETTER.match(chunk))


def segment(text: str, breaks: tuple[int, ...] = ()) -> Segmentation:
    paragraphs = []
    for s, e in _raw_paragraphs(text, breaks):
        span = _span(text, s, e)
        body = span.text.strip("*# ")
        level = number = item = None
        if _is_heading(body):
            for lvl, rx in ((1, _ROMAN), (2, _ARABIC), (3, _LETTER)):
                m = rx.match(body)
                if m:
                    level, number = lvl, m.group("num")
                    break
        else:
            m = _ARABIC.match(body)
            if m:
                item = int(m.group("num"))
        paragraphs.append(Paragraph(span, level, number, item, bool(_BULLET.match(body))))
    closing = next((i for i, p in enumerate(paragraphs) if CLOSING.match(p.span.text.strip("*# "))),
                   len(paragraphs))
    sections = []
    for i, p in enumerate(paragraphs[:closing]):
        if p.heading_level is None:
            continue
        body = []
        for q in paragraphs[i + 1:closing]:
            if q.heading_level is not None and q.heading_level <= p.heading_level:
                break
            body.append(q)
        end = body[-1].span.end if body else p.span.end
        title = _ROMAN.match(p.span.text.strip("*# ")) or _ARABIC.match(p.span.text.strip("*# ")) \
            or _LETTER.match(p.span.text.strip("*# "))
        sections.append(Section(p, re.sub(r"\s+", " ", title.group("title")).strip("* "), tuple(body),
                                Span(p.span.start, end, text[p.span.start:end])))
    return Segmentation(tuple(paragraphs), tuple(sections))


def sentences(text: str, span: Span) -> list[Span]:
    """Sentences of a paragraph (or any span)."""
    out, pos = [], span.start
    for m in _SENT_END.finditer(text, span.start, span.end):
        out.append(_span(text, pos, m.start() + 1))
        pos = m.end()
    out.append(_span(text, pos, span.end))
    return [s for s in out if s.text]


# A line that opens a list item, heading or table row, or a new preamble/operative clause
# ("Căn cứ …", "Theo đề nghị …", "Điều 2.") after a header line that has no final stop.
_LINE_START_ITEM = re.compile(r"\n[ \t]*(?=[-–+*#|•]|\d{1,2}[.)]\s|C[aă]n\s+c[ứu]\s|Xét\s|Theo\s+đề\s+nghị|"
                              r"QUYẾT\s+ĐỊNH|Điều\s+\d)")


_CLAUSE_MARK = re.compile(r"[()|;\n]")  # the only characters that open, close or split a clause


def clauses(text: str, sentence: Span) -> list[Span]:
    """Parts of a sentence that state separate facts: split at ';' and table cells '|' outside
    parentheses, and at line breaks that open a list item, heading or table row."""
    out, pos, depth = [], sentence.start, 0
    for m in _CLAUSE_MARK.finditer(text, sentence.start, sentence.end):
        ch, i = m.group(), m.start()
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif (ch in ";|" and depth == 0) or (ch == "\n" and _LINE_START_ITEM.match(text, i)):
            out.append(_span(text, pos, i))
            pos = i + 1
    out.append(_span(text, pos, sentence.end))
    return [c for c in out if c.text.strip("|-–+*# ")]
