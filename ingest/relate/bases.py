"""Legal bases: which instruments a document is based on (eli:based_on), from its "Căn cứ …" clauses.

A basis cited "as amended" ("Căn cứ Luật X số A được sửa đổi, bổ sung bởi Luật số B và Luật số
C") makes A, B and C bases, and states that B and C amend A (eli:amends, same clause).

A preamble clause lists one or more legal bases, separated by ";" or joined by "và":
"Căn cứ Nghị định số 63/2010/NĐ-CP …; Nghị định số 48/2013/NĐ-CP …". Each item's first
instrument is a basis. A later instrument in the same item is usually nested in the first
one's title ("Thông tư 01/2018/TT-VPCP hướng dẫn thi hành … Nghị định số 61/2018/NĐ-CP") and is
only a basis when joined to the previous one by a bare connector ("… và Nghị định số 79/…").
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from ingest.model import Instrument, Relation, Span
from ingest.segment.preamble import clauses


def bases(text: str, instruments: Sequence[Instrument], subject: str | None = None) -> list[Relation]:
    """`document eli:based_on instrument`, one per instrument cited as a legal basis, in the
    order of the preamble, each with its clause as evidence. The subject is the document's own
    instrument unless given (a consolidated text states its base instrument's bases). A document
    whose own number was not read has no node to hang them on, so it has none (the run's
    report names such documents)."""
    itself = next((i for i in instruments if i.is_document_itself), None)
    if itself is None:
        return []
    subject = subject or itself.key
    by_start: list[tuple[Span, Instrument]] = sorted(
        ((m, inst) for inst in instruments if not inst.is_document_itself for m in inst.mentions),
        key=lambda pair: pair[0].start)
    out: list[Relation] = []
    seen: set[str] = set()
    for clause in clauses(text):
        inside = [(m, inst) for m, inst in by_start if clause.start <= m.start and m.end <= clause.end]
        previous: Instrument | None = None
        previous_end = None
        amended: Instrument | None = None  # the law "… được sửa đổi, bổ sung bởi" names in this item
        cue = ""
        for mention, inst in inside:
            gap = text[previous_end:mention.start] if previous_end is not None else ""
            amended_by = _AMENDED_BY.search(gap) if previous is not None and ";" not in gap else None
            if amended_by:
                amended, cue = previous, " ".join(amended_by.group("cue").split())
            elif ";" in gap or ":" in gap or not _is_connector(gap):
                amended = None
            if previous_end is None or ";" in gap or ":" in gap or amended_by or _is_connector(gap):
                if inst.key not in seen and inst.key != subject:
                    seen.add(inst.key)
                    out.append(Relation(subject, "eli:based_on", inst.key, None, clause))
                if amended is not None and inst.key != amended.key:
                    out.append(Relation(inst.key, "eli:amends", amended.key, cue, clause))
            previous, previous_end = inst, mention.end
    return out


# "Luật X số A (ngày …) đã được sửa đổi, bổ sung một số điều theo/bởi Luật số B và Luật số C":
# the document rests on the law as amended, so B and C are bases too, and they amend A.
_AMENDED_BY = re.compile(r"(?:đã\s+)?được\s+(?P<cue>sửa\s+đổi(?:,?\s+bổ\s+sung)?)(?:\s+một\s+số\s+điều)?"
                         r"(?:\s+(?:bởi|theo))?\s*:?\s*$", re.IGNORECASE)
_NESTING_CUES = re.compile(r"\b(?:về|hướng dẫn|quy định|sửa đổi|bổ sung|bởi|thi hành|ban hành|theo|tại|kèm|"
                           r"thực hiện|triển khai|thay thế|bãi bỏ)\b", re.IGNORECASE)


def _is_connector(gap: str) -> bool:
    """True when a later citation is a basis of its own: only "và"/commas, a date and the
    issuer stand between it and the previous one ("… ngày 23/4/2018 của Chính phủ và Nghị
    định số 79/…"), not words that make it part of the previous one's title."""
    stripped = gap.strip()
    if stripped in ("", ",", "và", ", và"):
        return True
    return bool(re.search(r"(?:,|\bvà)\s*$", stripped)) and not _NESTING_CUES.search(gap)
