"""Instruments without a number, named by their title: "… ban hành Kế hoạch đổi mới, …".

Why: a Quyết định often promulgates a Kế hoạch / Đề án / Quy chế that has no symbol of its
own, and later clauses amend or cite that plan by title, sometimes with a different short form
("bảo vệ ANTQ" vs "bảo vệ ANTT"). The plan becomes its own instrument, issued by whoever issued
the promulgating decision, and each later title mention is matched by token similarity after
expanding the abbreviations the text defines.
"""
from __future__ import annotations

import difflib
import re

from ingest import iris
from ingest.model import Citation, Instrument, Span
from ingest.tables.text import fold, slug

_TYPES = {"Kế hoạch": "kh", "Đề án": "da", "Chương trình": "ctr", "Quy chế": "qc",
          "Quy định": "qyd", "Phương án": "pa"}
_TYPE_ALT = "|".join(_TYPES)
_PROMULGATE = re.compile(rf"ban\s+hành\s+(?P<type>{_TYPE_ALT})\s+(?=[a-zà-ỹđ])")
_MENTION = re.compile(rf"(?P<type>{_TYPE_ALT})\s+(?=[a-zà-ỹđ])")
# Where a plan's title ends (hard wraps inside a sentence are already spaces, so "…Quy chế làm
# việc\nCăn cứ Luật …" is two lines, not one title).
_TITLE_END = re.compile(r"""
      \s*\((?:sau\ đây\s+)?(?:viết|gọi)\s+tắt           # a short form follows: "(sau đây gọi tắt là …)"
    | ;  | \.(?:\s|$)  | :\s                          # a clause or sentence ends, a colon opens a list
    | \*\*  | \n\s*\n                                 # bold markers, a blank line
    | \s+(?:đã|để|nhằm)\s                              # the sentence goes on: "… đã được …"
    | \s+(?:với|gồm)\s+(?:những|các)\s+nội\s+dung  | \s+như\s+sau
    | \n(?=[ \t>*|\#-]*                                # a line that opens a new block
           (?:C[aă]n\s+c[ứu]|Theo\s|Xét\s|Điều\s+\d|Chương\s|QUYẾT|[IVXLC]+\.|\d+\.))
""", re.VERBOSE)
_PERIOD = re.compile(r"giai\s+đoạn\s+\d{4}\s*[-–]\s*\d{4}")
_TOKEN = re.compile(r"[\wÀ-ỹ]+")
_MIN_RATIO = 0.85
_MAX_TITLE = 400


def _title_end(text: str, start: int) -> int:
    stop = _TITLE_END.search(text, start, min(len(text), start + _MAX_TITLE))
    end = stop.start() if stop else min(len(text), start + _MAX_TITLE)
    period = _PERIOD.search(text, start, end)  # "giai đoạn 2016 - 2020" closes a plan title
    return period.end() if period else end


def _tokens(text: str, start: int, end: int, expand: dict[str, str]) -> list[tuple[str, int]]:
    """Folded tokens with the end offset of the source word; acronyms become their long form;
    an acronym in parentheses right after its long form is dropped (it repeats it)."""
    out: list[tuple[str, int]] = []
    for m in _TOKEN.finditer(text, start, end):
        word = fold(m.group(0))
        if word in expand:
            if text[m.start() - 1:m.start()] == "(":
                continue
            out.extend((w, m.end()) for w in expand[word].split())
        else:
            out.append((word, m.end()))
    return out


def _ratio(a: list[str], b: list[str]) -> float:
    return difflib.SequenceMatcher(a=a, b=b, autojunk=False).ratio()


def find_titled_instruments(text: str, citations: list[Citation], instruments: list[Instrument],
                            expand: dict[str, str]) -> list[Instrument]:
    """Plans promulgated by a cited instrument, each with every later mention of its title."""
    by_start = {s.start: i for i in instruments for s in i.mentions}
    tails = []
    for c in citations:
        inst = by_start.get(c.span.start)
        if inst is not None:
            end = max(c.span.end, c.date_span.end if c.date_span else 0,
                      c.issuer_phrase.end if c.issuer_phrase else 0)
            tails.append((end, inst))
    plans: list[dict] = []
    for m in _PROMULGATE.finditer(text):
        t_start = m.end()
        t_end = _title_end(text, t_start)
        toks = _tokens(text, t_start, t_end, expand)
        if len(toks) < 3:
            continue
        span = Span(m.start("type"), t_end, text[m.start("type"):t_end])
        same = next((p for p in plans if _ratio([w for w, _ in toks], p["tokens"]) >= _MIN_RATIO), None)
        if same:
            same["mentions"].append(span)
            continue
        promulgator = next((inst for end, inst in tails if 0 <= m.start() - end <= 3
                            and not text[end:m.start()].strip()), None)
        title = re.sub(r"\s+", " ", text[t_start:t_end]).strip()
        plans.append({"type": m.group("type"), "title": title, "title_span": Span(t_start, t_end, text[t_start:t_end]),
                      "tokens": [w for w, _ in toks], "mentions": [span], "by": promulgator})
    taken = [(s.start, s.end) for p in plans for s in p["mentions"]]
    for m in _MENTION.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        for p in plans:
            if m.group("type") != p["type"]:
                continue
            toks = _tokens(text, m.end(), min(len(text), m.end() + _MAX_TITLE), expand)[:len(p["tokens"])]
            if toks and _ratio([w for w, _ in toks], p["tokens"]) >= _MIN_RATIO:
                end = toks[-1][1]
                p["mentions"].append(Span(m.start(), end, text[m.start():end]))
                break
    out = []
    for p in plans:
        by: Instrument | None = p["by"]
        year = by.year if by else None
        key = iris.named_key(_TYPES[p['type']], year, slug(' '.join(p['title'].split()[:12])))
        out.append(Instrument(
            key=key, type_code=_TYPES[p["type"]], type_name=p["type"], number=None, symbol=None,
            year=year, issuers=by.issuers if by else (), identity_issuer=by.identity_issuer if by else None,
            mentions=tuple(sorted(p["mentions"], key=lambda s: s.start)),
            title=p["title"], title_span=p["title_span"],
        ))
    return out
