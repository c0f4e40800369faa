"""The "Căn cứ …" preamble: which instruments a document is based on (eli:based_on).

A preamble clause lists one or more legal bases, separated by ";" or joined by "và":
"Căn cứ Nghị định số 63/2010/NĐ-CP …; Nghị định số 48/2013/NĐ-CP …". Each item's first
instrument is a basis. A later instrument in the same item is usually nested in the first
one's title ("Thông tư 01/2018/TT-VPCP hướng dẫn thi hành … Nghị định số 61/2018/NĐ-CP") and is
only a basis when joined to the previous one by a bare connector ("… và Nghị định số 79/…").
Every relation keeps the clause span as its evidence.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import Graph

from ingest import iris
from ingest.build import GraphBuilder
from ingest.model import Extraction, Instrument, Span
from ontology import ELI

# "Căn cứ" at the start of a line (after markdown/table/list decoration) or of a sentence;
# "Căn_cứ" in word-segmented text is already a space in the stored text.
_CLAUSE = re.compile(r"(?m)(?:^[ \t>*|#-]*|(?<=[.;] ))(?P<cue>C[aă]n\s+c[ứu])\b", re.IGNORECASE)
# A clause ends at the end of its line (one clause per line in nearly all documents), at the
# next "Căn cứ" or at a ";"/"." followed by a capitalised word that does not name another
# instrument ("…; Sau khi thống nhất ý kiến …", "…; Theo đề nghị …").
_CLAUSE_END = re.compile(r"[;.:,]?[ \t*|]*\n(?=[ \t>*|#-]*(?:C[aă]n\s+c[ứu]|Theo\s|Xét\s|QUYẾT|Quyết\s*định\s*:|\n))|"
                         r"[;.][ \t*|]*\n|\n[ \t]*\n|[;.](?=[ \t]*C[aă]n\s+c[ứu]\b)", re.IGNORECASE)
_ITEM_BREAK = re.compile(r"[;.][ \t]+(?=[A-ZĐÀ-Ỹ])")
# Where the preamble stops: the operative part ("QUYẾT ĐỊNH:", "Điều 1.", "Chương I"); a
# "Căn cứ" after it is a sentence of the body ("Căn cứ quy mô điều dưỡng …"), not a basis.
_OPERATIVE = re.compile(r"(?m)^[ \t*|#>]*(?:QUYẾT\s+(?:ĐỊNH|NGHỊ)\s*:|Quyết\s+định\s*:|Điều\s+1\b|Chương\s+I\b)")
_ARTICLE = re.compile(r"(?m)^[ \t*|#>]*Điều\s+\d+[a-z]?\s*[.:]")
_MAX_CLAUSE = 3000


@dataclass(frozen=True)
class Basis:
    instrument: Instrument
    clause: Span  # the whole "Căn cứ …" clause: the evidence of the relation


def operative_start(text: str) -> int | None:
    """Where the operative part ("QUYẾT ĐỊNH:", "Điều 1.") begins after the preamble, if any."""
    first = _CLAUSE.search(text)
    pos = first.end() if first else 0
    operative = _OPERATIVE.search(text, pos) or _ARTICLE.search(text, pos)  # an excerpt may start at Điều 4
    return operative.start() if operative else None


def clauses(text: str) -> list[Span]:
    """Spans of the "Căn cứ …" clauses of the preamble, in order."""
    from ingest.doctypes import load_doc_types

    names = load_doc_types().name_regex
    first = _CLAUSE.search(text)
    operative = _OPERATIVE.search(text, first.end()) if first else None
    limit = operative.start() if operative else len(text)
    out = []
    for m in _CLAUSE.finditer(text, 0, limit):
        start = m.start("cue")
        if out and start < out[-1].end:
            continue
        stop = min(len(text), m.end() + _MAX_CLAUSE)
        end_m = _CLAUSE_END.search(text, m.end(), stop)
        end = end_m.start() + (1 if end_m.group(0)[:1] in ";." else 0) if end_m else stop
        for brk in _ITEM_BREAK.finditer(text, m.end(), end):
            if not names.match(text, brk.end()) and not re.match(r"Luật|Pháp lệnh|Bộ luật|Số\b", text[brk.end():]):
                end = brk.start() + 1
                break
        out.append(Span(start, end, text[start:end]))
    return out


def bases(text: str, instruments: tuple[Instrument, ...] | list[Instrument]) -> list[Basis]:
    """One Basis per instrument cited as a legal basis, in the order of the preamble."""
    by_start: list[tuple[Span, Instrument]] = sorted(
        ((m, inst) for inst in instruments if not inst.is_document_itself for m in inst.mentions),
        key=lambda pair: pair[0].start)
    out: list[Basis] = []
    seen: set[str] = set()
    for clause in clauses(text):
        inside = [(m, inst) for m, inst in by_start if clause.start <= m.start and m.end <= clause.end]
        previous_end = None
        for mention, inst in inside:
            gap = text[previous_end:mention.start] if previous_end is not None else ""
            if previous_end is None or ";" in gap or ":" in gap or _is_connector(gap):
                if inst.key not in seen:
                    seen.add(inst.key)
                    out.append(Basis(inst, clause))
            previous_end = mention.end
    return out


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


def add_bases(graph: Graph, ex: Extraction) -> int:
    """Add `document eli:based_on instrument` to the document's graph, each with its clause as
    evidence; returns how many. A document whose own number was not read has no node to hang
    them on, so nothing is added (the run's report names such documents)."""
    itself = next((i for i in ex.instruments if i.is_document_itself), None)
    if itself is None:
        return 0
    b = GraphBuilder(ex.source.doc_id, ex.source.text)
    b.g = graph
    found = bases(ex.source.text, ex.instruments)
    for basis in found:
        b.fact(iris.instrument(itself.key), ELI.based_on, iris.instrument(basis.instrument.key), basis.clause)
    return len(found)
