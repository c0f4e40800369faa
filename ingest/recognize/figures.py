"""Figures in Vietnamese notation and the audit that recomputes them.

Why: reports state results as fractions with percentages ("1.094/1.138 … (đạt 96,1%)") and
totals with their parts ("11.644.000.000đ (mua trang phục 8.642.950.000đ, …)"); such figures
are often copied wrong. Notation: "." groups thousands, "," is the decimal mark.

Audit rules (FigureCheck.ok):
- percentage of a fraction: rounding or truncating to the printed number of decimals moves a
  value by strictly less than one unit of the last printed digit, so a stated percentage is
  wrong when it differs from 100·numerator/denominator by one unit of its last digit or more
  (96,1 vs 96,13 passes; 88 vs 89,67 and 99,1 vs 98,91 fail);
- total of parts: the parts in the parentheses right after a total must add up exactly (the
  figures are integers printed in full, so there is no rounding to allow for).
"""
from __future__ import annotations

import bisect
import re
from decimal import Decimal

from ingest.model import Figure, FigureCheck, Span
from ingest.tables.grammar import load_grammar
from ingest.tables.text import squash_spaces

_NUM = r"\d{1,3}(?:\.\d{3})+|\d+"
_START = r"(?<![\w.,/\-])"
_FRACTION = re.compile(rf"{_START}(?P<num>{_NUM})\s*/\s*(?P<den>{_NUM})(?![\d/])")
_PERCENT = re.compile(rf"{_START}(?P<v>(?:{_NUM})(?:,\d+)?)\s*%")
_MONEY = re.compile(rf"{_START}(?P<v>(?:{_NUM})(?:,\d+)?)\s*(?P<mult>triệu|tỷ)?\s*(?:đồng(?!\s+chí)|đ|VNĐ|VND)(?![\wÀ-ỹ])")
_COUNT = re.compile(rf"{_START}(?P<v>{_NUM})(?=\s+[\wÀ-ỹ“*(])")
# Every run of digits, "." and "," that a figure can start (not after a digit, "." or ","),
# followed by a pattern's sign: each pattern's number ends where such a run ends (the next
# character must be a space or the sign), so a pattern is tried only at the runs followed by
# its sign. Trying the four patterns at every digit took a quarter of the extraction time on
# gazette texts (tables of figures); the check on the character before stands after the first
# digit so that the engine scans for digits in C.
_MONEY_SIGN = r"\s*(?:triệu|tỷ)?\s*(?:đồng|đ|VNĐ|VND)"
_COUNT_NEXT = re.compile(r"\s+[\wÀ-ỹ“*(]")
_RUN = re.compile(rf"\d(?<![\d.,]\d)[\d.,]*+(?=(?P<fraction>\s*/)|(?P<percent>\s*%)|(?P<money>{_MONEY_SIGN})|"
                  rf"(?P<count>{_COUNT_NEXT.pattern}))")
_KINDS = ("fraction", "percent", "money", "count")


def _matches(pattern: re.Pattern, text: str, starts: list[int]):
    """`pattern.finditer(text)`, tried only at the given starts (in order, without overlaps)."""
    end = 0
    for at in starts:
        if at >= end:
            m = pattern.match(text, at)
            if m:
                end = max(m.end(), at + 1)
                yield m


def _candidates(text: str) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {kind: [] for kind in _KINDS}
    for run in _RUN.finditer(text):
        found[run.lastgroup].append(run.start())
        if run.lastgroup == "money" and _COUNT_NEXT.match(text, run.end()):  # "5 đồng chí" is a count
            found["count"].append(run.start())
    return found


_YEAR = re.compile(r"[Nn](?<!\w[Nn])ăm\s+(?P<y>(?:19|20)\d{2})\b")  # \bnăm, letter first (scanned in C)
# Numbers that name things rather than count them: "Ban Chỉ đạo 138", "Quốc lộ 1A", "số 19".
_NOT_A_COUNT_BEFORE = re.compile(
    r"(?:\bsố|\bthứ|Chỉ đạo|Quốc lộ|Tiêu chí|khóa|nhiệm kỳ|giai đoạn|năm|ngày|tháng|Covid|lần|đến|từ|"
    r"khoản|điểm|Điều|Mục|Chương|Phần|Phụ lục|-)\s*$",
    re.IGNORECASE)
_CRITERION_STOP = re.compile(r"\(|;|\.\s|\.$|,\s*(?:\d|chiếm|đạt|với)|\n")
_MULT = {"triệu": Decimal(10**6), "tỷ": Decimal(10**9), None: Decimal(1)}


def parse_number(s: str) -> Decimal:
    """'1.094' → 1094, '96,1' → 96.1, '11.644.000.000' → 11644000000."""
    return Decimal(s.replace(".", "").replace(",", "."))


def _decimals(s: str) -> int:
    return len(s.split(",")[1]) if "," in s else 0


def _criterion(text: str, start: int, words: int = 12) -> str | None:
    stop = _CRITERION_STOP.search(text, start, min(len(text), start + 160))
    chunk = squash_spaces(text[start:stop.start() if stop else start + 160]).strip(" ,*)")
    chunk = " ".join(chunk.split()[:words])
    return chunk or None


_BLANK_LINE = re.compile(r"\n(?=\n)")  # every start of "\n\n", overlapping ones too


class _Years:
    """"năm 2020" mentions, for the year a figure belongs to: the last one before it in its
    paragraph (found by bisection: a scan per figure was quadratic in long paragraphs)."""

    def __init__(self, text: str):
        found = [(m.start(), m.end(), int(m.group("y"))) for m in _YEAR.finditer(text)]
        self.starts, self.ends, self.values = ([f[i] for f in found] for i in range(3))
        self.breaks = [m.start() for m in _BLANK_LINE.finditer(text)]

    def before(self, pos: int) -> int | None:
        b = bisect.bisect_right(self.breaks, pos - 2) - 1  # the last blank line that ends by pos
        para = self.breaks[b] if b >= 0 else 0
        i = bisect.bisect_right(self.ends, pos) - 1
        return self.values[i] if i >= 0 and self.starts[i] >= para else None


def find_figures(text: str, excluded: list[Span]) -> list[Figure]:
    """Fractions, percentages, money and counts outside `excluded` (citations, dates)."""
    taken = bytearray(len(text))  # 1 where a citation, date or figure already stands

    def take(s: int, e: int) -> None:
        taken[s:e] = b"\x01" * (e - s)

    for span in excluded:
        take(span.start, span.end)
    for m in load_grammar().date_anywhere.finditer(text):
        take(m.start(), m.end())
    years = _Years(text)
    at = _candidates(text)
    figures: list[Figure] = []

    def free(s: int, e: int) -> bool:
        return taken.find(1, s, e) < 0

    def add(fig: Figure) -> None:
        figures.append(fig)
        take(fig.span.start, fig.span.end)

    for m in _matches(_FRACTION, text, at["fraction"]):
        num, den = parse_number(m.group("num")), parse_number(m.group("den"))
        if not free(m.start(), m.end()) or den == 0 or (num > den and den <= 12):  # 19/8 is a date
            continue
        add(Figure(f"f{m.start()}", "fraction", num, Span(m.start(), m.end(), m.group(0)), numerator=num,
                   denominator=den, year=years.before(m.start()), criterion=_criterion(text, m.end())))
    for m in _matches(_PERCENT, text, at["percent"]):
        if free(m.start(), m.end()):
            add(Figure(f"p{m.start()}", "percent", parse_number(m.group("v")), Span(m.start(), m.end(), m.group(0)),
                       decimals=_decimals(m.group("v")), year=years.before(m.start()),
                       criterion=_criterion(text, m.end())))
    for m in _matches(_MONEY, text, at["money"]):
        if free(m.start(), m.end()):
            value = parse_number(m.group("v")) * _MULT[m.group("mult")]
            add(Figure(f"m{m.start()}", "money", value, Span(m.start(), m.end(), m.group(0)),
                       year=years.before(m.start()), criterion=_criterion(text, m.end())))
    for m in _matches(_COUNT, text, at["count"]):
        v = m.group("v")
        if not free(m.start(), m.end()) or _NOT_A_COUNT_BEFORE.search(text, max(0, m.start() - 20), m.start()):
            continue
        if "." not in v and len(v) == 4 and v[:2] in ("19", "20"):  # a year
            continue
        add(Figure(f"c{m.start()}", "count", parse_number(v), Span(m.start(), m.end(), v),
                   year=years.before(m.start()), criterion=_criterion(text, m.end(), 6)))
    return sorted(figures, key=lambda f: f.span.start)


# Parentheses that list only some of the parts: a subset ("trong đó", "như", "chủ yếu") or an
# open list ("…", "...", "v.v."). Their figures need not add up to the total.
_SUBSET_LEAD = re.compile(r"\s*(?:trong\s+đó|như|chủ\s+yếu|nhiều\s+nhất)\b", re.IGNORECASE)
_OPEN_LIST = re.compile(r"…|\.\.\.|\bv\.\s?v\b|\bvv\b", re.IGNORECASE)


def _clause_end(text: str, pos: int) -> int:
    m = re.compile(r";|\.\s|\.$|\n").search(text, pos)
    return m.start() if m else len(text)


def audit(text: str, figures: list[Figure]) -> list[FigureCheck]:
    """Recompute percentages and totals; `figures` in text order (as find_figures gives them)."""
    checks: list[FigureCheck] = []
    starts = [f.span.start for f in figures]
    for i, f in enumerate(figures):
        if f.kind == "fraction":
            end = _clause_end(text, f.span.end)
            nxt = next((g for g in figures[i + 1:] if g.span.start < end and g.kind in ("fraction", "percent")), None)
            if nxt is None or nxt.kind != "percent" or nxt.span.start - f.span.end > 160:
                continue
            computed = (f.numerator * 100 / f.denominator).quantize(Decimal(1).scaleb(-(nxt.decimals + 2)))
            ok = abs(nxt.value - computed) < Decimal(1).scaleb(-nxt.decimals)
            checks.append(FigureCheck("percentage-of-fraction", nxt.value, computed, (nxt.local, f.local),
                                      Span(f.span.start, nxt.span.end, text[f.span.start:nxt.span.end]), ok))
        elif f.kind in ("count", "money"):
            m = re.compile(r"[^\d();.]{0,80}?\(").match(text, f.span.end)
            if not m:
                continue
            close = text.find(")", m.end())
            if close < 0:
                continue
            if _SUBSET_LEAD.match(text, m.end(), close) or _OPEN_LIST.search(text, m.end(), close):
                continue  # "(trong đó …)", "(như …)", "(…, …)": a subset or examples, not all the parts
            first = bisect.bisect_left(starts, m.end())
            inside = figures[first:bisect.bisect_left(starts, close, lo=first)]
            if len(inside) < 2 or any(g.kind != f.kind or g.value > f.value for g in inside):
                continue  # not a breakdown: other kinds, or a "part" larger than the total
            computed = sum((g.value for g in inside), Decimal(0))
            checks.append(FigureCheck("total-of-parts", f.value, computed,
                                      (f.local,) + tuple(g.local for g in inside),
                                      Span(f.span.start, close + 1, text[f.span.start:close + 1]),
                                      computed == f.value))
    return checks
