"""The date each of a document's own effects (repeal, replacement, amendment …) takes effect.

The words around the effect say it when they can: "… hết hiệu lực kể từ ngày 01 tháng 7 năm
2025", "Kể từ ngày Nghị định này có hiệu lực thi hành, các Nghị định sau hết hiệu lực" (the
own entry into force). Otherwise an effect takes effect when the instrument that states it
enters into force (legislation.gov.uk's rule for effects): its in-force statement dates it,
and is the evidence. Without either the date stays unknown; it is never guessed.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import replace

from ingest.model import InForce, Relation, Span
from ingest.recognize.citations import parse_date
from ingest.tables.grammar import load_grammar

EFFECTS = frozenset({"eli:repeals", "cdo:replaces", "eli:amends", "eli:corrects"})
_FROM_DATE = re.compile(r"(?:kể\s+)?từ\s+(?=ngày\s+\d)", re.IGNORECASE)
_FROM_IN_FORCE = re.compile(r"(?:kể\s+)?từ\s+ngày\s+(?:Bộ\s+luật|Luật|Pháp\s+lệnh|Nghị\s+định|Nghị\s+quyết|"
                            r"Thông\s+tư(?:\s+liên\s+tịch)?|Quyết\s+định|Chỉ\s+thị|Văn\s+bản)\s+này\s+có\s+hiệu\s+lực"
                            r"(?:\s+thi\s+hành)?", re.IGNORECASE)


def stated_date(text: str, span: Span, in_force: InForce | None) -> tuple[dt.date, Span] | None:
    """A date the words of `span` give an effect: an explicit "từ ngày …" or the own entry
    into force they refer to."""
    grammar = load_grammar()
    for m in _FROM_DATE.finditer(text, span.start, span.end):
        d = grammar.date_anywhere.match(text, m.end(), span.end)
        if d and parse_date(d):
            return parse_date(d), Span(m.start(), d.end(), text[m.start():d.end()])
    m = _FROM_IN_FORCE.search(text, span.start, span.end)
    if m and in_force is not None:
        return in_force.start, Span(m.start(), m.end(), text[m.start():m.end()])
    return None


def _year(key: str) -> int | None:
    part = key.split("/")[1] if key.count("/") >= 2 else ""
    return int(part) if part.isdigit() else None


def possible(r: Relation) -> bool:
    """An instrument cannot repeal, replace or amend one made after it (a reading that says
    so took words of a quoted or later text)."""
    if r.prop not in EFFECTS:
        return True
    by, of = _year(r.subject), _year(r.object)
    return by is None or of is None or of <= by


def date_effects(text: str, relations: Iterable[Relation], acting: str | None,
                 in_force: InForce | None) -> list[Relation]:
    """The relations, each own effect with the date it takes effect where one is known; effects
    that cannot be (see `possible`) are dropped."""
    out = []
    for r in relations:
        if not possible(r):
            continue
        if r.subject == acting and r.prop in EFFECTS and r.effective is None:
            found = stated_date(text, r.evidence, in_force)
            if found is None and in_force is not None:
                found = in_force.start, in_force.span
            if found is not None:
                r = replace(r, effective=found[0], effective_span=found[1])
        out.append(r)
    return out
