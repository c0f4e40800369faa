"""What a consolidated text (Văn bản hợp nhất) consolidates, read from its opening.

A consolidated text is its own instrument (its number, "04/VBHN-BYT", is printed at its end):
it is not the instrument it consolidates. Its opening, between the title and the first basis
clause, names the consolidated (base) instrument and then every instrument that amended it:

    Thông tư số 05/2015/TT-BYT ngày … của Bộ trưởng Bộ Y tế …, có hiệu lực kể từ ngày …
    được sửa đổi, bổ sung bởi:
    1. Thông tư số 50/2017/TT-BYT ngày … sửa đổi, bổ sung …, có hiệu lực kể từ ngày …

The consolidated text `eli:consolidates` the base and each amending instrument, and each
amending one `eli:amends` the base. Only the first instrument of each item counts: others in
the item are named inside its title ("… sửa đổi một số điều của Thông tư số 96/2020/TT-BTC").
The rest of the text (bases, repeals) states the base instrument's provisions, so the pipeline
reads those relations as the base's.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.model import InForce, Instrument, Relation, Span
from ingest.recognize.citations import parse_date
from ingest.tables.doctypes import CONSOLIDATED_TEXT
from ingest.tables.grammar import load_grammar

__all__ = ["CONSOLIDATED_TEXT", "Consolidation", "consolidation"]

# Where the opening stops: the first basis clause, an article, the gazette's footnote that lists
# the instruments again ("1 Văn bản này được hợp nhất từ …").
_OPENING_END = re.compile(r"\n[ \t*|#>]*(?:C[aă]n\s+c[ứu]\b|Điều\s+1\b|Chương\s+I\b|\d{1,2}\s+Văn\s+bản\s+này|"
                          r"Văn\s+bản\s+hợp\s+nhất\s+này)")
_MAX_OPENING = 6000
_AMENDED_BY = re.compile(r"(?:đã\s+)?được\s+sửa\s+đổi,?\s+bổ\s+sung(?:\s+một\s+số\s+điều)?\s+(?:bởi|theo)\s*:?")
# An item starts a line ("1. Thông tư …", "- Nghị định …") or follows a ";".
_ITEM_LEAD = re.compile(r"(?:\n[ \t]*(?:\d{1,2}[.)]|[-–+•])?[ \t]*|;\s*)$")


# Each instrument of the opening is followed by when it entered into force.
_IN_FORCE_FROM = re.compile(r"có\s+hiệu\s+lực(?:\s+thi\s+hành)?\s+(?:kể\s+)?từ\s+(?=ngày\s+\d)", re.IGNORECASE)


@dataclass(frozen=True)
class Consolidation:
    base: str  # the consolidated instrument's key
    relations: tuple[Relation, ...]
    in_force: tuple[InForce, ...] = ()  # of the base and of each amending instrument, from the opening


def consolidation(text: str, own_key: str | None, opening_start: int,
                  instruments: Sequence[Instrument]) -> Consolidation | None:
    """The base and amending instruments a consolidated text names in its opening (from
    `opening_start`, the end of its title); None when its opening names none."""
    stop = _OPENING_END.search(text, opening_start, opening_start + _MAX_OPENING)
    end = stop.start() if stop else min(len(text), opening_start + _MAX_OPENING)
    mentions = sorted(((m, i) for i in instruments if not i.is_document_itself and i.key != own_key
                       for m in i.mentions if opening_start <= m.start and m.end <= end),
                      key=lambda pair: pair[0].start)
    if not mentions:
        return None
    base_span, base = mentions[0]
    evidence = Span(opening_start, end, text[opening_start:end])
    relations = [Relation(own_key, "eli:consolidates", base.key, None, evidence)] if own_key else []
    cue = _AMENDED_BY.search(text, base_span.end, end)
    listed = [(base_span, base)]
    if cue is not None:
        seen = {base.key}
        for k, (span, inst) in enumerate(mentions):
            if span.start < cue.end() or inst.key in seen:
                continue
            first_after_cue = all(s.start < cue.end() for s, _ in mentions[:k])
            if not (first_after_cue or _ITEM_LEAD.search(text, max(cue.end(), span.start - 12), span.start)):
                continue
            seen.add(inst.key)
            listed.append((span, inst))
            if own_key:
                relations.append(Relation(own_key, "eli:consolidates", inst.key, None, evidence))
            relations.append(Relation(inst.key, "eli:amends", base.key, " ".join(cue.group(0).split()), evidence))
    regions = [(opening_start, end)]
    footnote = _FOOTNOTE_LIST.search(text, opening_start, opening_start + _MAX_OPENING)
    if footnote:  # the gazette's footnote lists them again, each with its date in force
        close = _FOOTNOTE_END.search(text, footnote.end(), footnote.end() + _MAX_OPENING)
        regions.append((footnote.start(), close.start() if close else min(len(text), footnote.end() + _MAX_OPENING)))
    keys = {i.key for _, i in listed}
    return Consolidation(base.key, tuple(relations), tuple(_in_force(text, keys, instruments, regions)))


# The next item of the list: a line that opens with an instrument ("2. Thông tư số …", "- Nghị định số …").
_NEXT_ITEM = re.compile(r"\n[ \t]*(?:\d{1,2}[.)]|[-–+•])?[ \t]*(?:Bộ\s+luật|Luật|Pháp\s+lệnh|Nghị\s+định|Nghị\s+quyết|"
                        r"Thông\s+tư|Quyết\s+định)\s+số")
_FOOTNOTE_LIST = re.compile(r"\n[ \t]*\d{1,2}[ \t]+Văn\s+bản\s+này\s+được\s+hợp\s+nhất\s+từ")
_FOOTNOTE_END = re.compile(r"Văn\s+bản\s+hợp\s+nhất\s+này\s+không\s+thay\s+thế|\n[ \t]*(?:C[aă]n\s+c[ứu]|Điều\s+1\b)")


def _in_force(text: str, listed: set[str], instruments: Sequence[Instrument],
              regions: list[tuple[int, int]]) -> list[InForce]:
    """"<instrument> …, có hiệu lực kể từ ngày D" for each listed instrument: the date phrase
    after one of its mentions and before the next item, in the opening or the footnote."""
    grammar = load_grammar()
    out: dict[str, InForce] = {}
    for start, end in regions:
        at = sorted(((m, i.key) for i in instruments if i.key in listed for m in i.mentions
                     if start <= m.start and m.end <= end), key=lambda pair: pair[0].start)
        for span, key in at:
            item = _NEXT_ITEM.search(text, span.end, end)
            stop = item.start() if item else end
            m = _IN_FORCE_FROM.search(text, span.end, stop)
            d = grammar.date_anywhere.match(text, m.end(), stop) if m else None
            if d and parse_date(d) and key not in out:
                out[key] = InForce(key, parse_date(d), Span(m.start(), d.end(), text[m.start():d.end()]))
    return list(out.values())
