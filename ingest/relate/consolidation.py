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
    return Consolidation(base.key, tuple(relations), tuple(_in_force(text, listed, end)))


def _in_force(text: str, listed: list[tuple[Span, Instrument]], end: int) -> list[InForce]:
    """"<instrument> …, có hiệu lực kể từ ngày D" for each listed instrument, up to the next one."""
    grammar = load_grammar()
    out = []
    for k, (span, inst) in enumerate(listed):
        stop = listed[k + 1][0].start if k + 1 < len(listed) else end
        m = _IN_FORCE_FROM.search(text, span.end, stop)
        d = grammar.date_anywhere.match(text, m.end(), stop) if m else None
        if d and parse_date(d):
            out.append(InForce(inst.key, parse_date(d), Span(m.start(), d.end(), text[m.start():d.end()])))
    return out
