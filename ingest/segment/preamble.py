"""The "Căn cứ …" preamble as spans: its clauses and where the operative part begins.

A clause is the evidence of the legal bases it names (ingest.relate.bases); the operative
part ("QUYẾT ĐỊNH:", "Điều 1.") is where a document's own effects are read.
"""
from __future__ import annotations

import re

from ingest.model import Span
from ingest.tables.text import lower_aligned

# "Căn cứ" at the start of a line (after markdown/table/list decoration) or of a sentence;
# "Căn_cứ" in word-segmented text is already a space in the stored text.
_CUE = re.compile(r"c[aă]n\s+c[ứu]\b")  # on lower-cased text: the engine scans for "c" in C
_DECORATION = frozenset(" \t>*|#-")


def _cues(text: str, limit: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of every "Căn cứ" (any case) before `limit` that opens a clause: at the start
    of a line after list or table decoration, or after ". " / "; "."""
    lowered = lower_aligned(text)
    out = []
    for m in _CUE.finditer(lowered, 0, len(text) if limit is None else limit):
        at = m.start()
        line = text.rfind("\n", 0, at) + 1
        if all(c in _DECORATION for c in text[line:at]) or (at >= 2 and text[at - 1] == " " and text[at - 2] in ".;"):
            out.append((at, m.end()))
    return out
# A clause ends at the end of its line (one clause per line in nearly all documents), at the
# next "Căn cứ" or at a ";"/"." followed by a capitalised word that does not name another
# instrument ("…; Sau khi thống nhất ý kiến …", "…; Theo đề nghị …").
_CLAUSE_END = re.compile(r"[;.:,]?[ \t*|]*\n(?=[ \t>*|#-]*(?:C[aă]n\s+c[ứu]|Theo\s|Xét\s|QUYẾT|Quyết\s*định\s*:|\n))|"
                         r"[;.][ \t*|]*\n|\n[ \t]*\n|[;.](?=[ \t]*C[aă]n\s+c[ứu]\b)", re.IGNORECASE)
_ITEM_BREAK = re.compile(r"[;.][ \t]+(?=[A-ZĐÀ-Ỹ])")
# Where the preamble stops: the operative part ("QUYẾT ĐỊNH:", "Điều 1.", "Chương I"); a
# "Căn cứ" after it is a sentence of the body ("Căn cứ quy mô điều dưỡng …"), not a basis.
_OPERATIVE = r"[ \t*|#>]*(?:QUYẾT\s+(?:ĐỊNH|NGHỊ)\s*:|Quyết\s+định\s*:|Điều\s+1\b|Chương\s+I\b)"
_ARTICLE = r"[ \t*|#>]*Điều\s+\d+[a-z]?\s*[.:]"


class _LineStart:
    """A pattern that must start a line, searched from a position. Written as "^…" in multiline
    mode the regex engine tried it at every character; after a "\n" it scans in C."""

    def __init__(self, body: str):
        self.first, self.later = re.compile(body), re.compile("\n" + body)

    def search(self, text: str, pos: int = 0) -> int | None:
        """Where the first line at or after `pos` that starts with the pattern begins."""
        if (pos == 0 or text[pos - 1] == "\n") and self.first.match(text, pos):
            return pos
        m = self.later.search(text, pos)
        return m.start() + 1 if m else None
_MAX_CLAUSE = 3000
_OPERATIVE_LINE, _ARTICLE_LINE = _LineStart(_OPERATIVE), _LineStart(_ARTICLE)


def operative_start(text: str) -> int | None:
    """Where the operative part ("QUYẾT ĐỊNH:", "Điều 1.") begins after the preamble, if any."""
    first = _cues(text)[:1]
    pos = first[0][1] if first else 0
    operative = _OPERATIVE_LINE.search(text, pos)
    return operative if operative is not None else _ARTICLE_LINE.search(text, pos)  # an excerpt may start at Điều 4


def clauses(text: str) -> list[Span]:
    """Spans of the "Căn cứ …" clauses of the preamble, in order."""
    from ingest.tables.doctypes import load_doc_types

    names = load_doc_types().name_regex
    first = _cues(text)[:1]
    operative = _OPERATIVE_LINE.search(text, first[0][1]) if first else None
    limit = operative if operative is not None else len(text)
    out = []
    for start, cue_end in _cues(text, limit):
        if out and start < out[-1].end:
            continue
        stop = min(len(text), cue_end + _MAX_CLAUSE)
        end_m = _CLAUSE_END.search(text, cue_end, stop)
        end = end_m.start() + (1 if end_m.group(0)[:1] in ";." else 0) if end_m else stop
        for brk in _ITEM_BREAK.finditer(text, cue_end, end):
            if not names.match(text, brk.end()) and not re.match(r"Luật|Pháp lệnh|Bộ luật|Số\b", text[brk.end():]):
                end = brk.start() + 1
                break
        out.append(Span(start, end, text[start:end]))
    return out
