"""Find instrument citations in text: symbols, type names, dates and issuer phrases.

Symbols and dates are found by compiled patterns on the raw text (DESIGN.md: word
segmentation splits symbols apart). Everything returned carries its character span.
"""
from __future__ import annotations

import datetime as dt
import re

from ingest.model import Citation, Span
from ingest.tables.bodies import load_issuers
from ingest.tables.doctypes import DocTypes, load_doc_types
from ingest.tables.grammar import Grammar, load_grammar
from ingest.tables.patterns import CAPITAL, finditer_at
from ingest.tables.text import squash_spaces

# How far before a symbol a type name may stand: "Quyết định số 1395/QĐ-UBND",
# "Chương trình phối hợp số 09/CTr-BCA-MTTW", "Kế hoạch 3933/KH-BCĐ138".
_NAME_GAP = re.compile(r"^\s*(?:(?:phối hợp|hành động|liên tịch|liên ngành|liên bộ)\s+)?(?:số|so)?\s*[:.]?\s*$",
                       re.IGNORECASE)
_LOOKBACK = 60


def parse_date(m: re.Match) -> dt.date | None:
    d, mo, y = (m.group("d1"), m.group("m1"), m.group("y1")) if m.group("d1") else (
        m.group("d2"), m.group("m2"), m.group("y2"))
    try:
        return dt.date(int(y), int(mo), int(d))
    except (TypeError, ValueError):
        return None


def normalise_symbol(number: str, year: str | None, type_code: str | None, codes: list[str],
                     party: bool) -> str:
    """Canonical printed form: no stray spaces, Đ restored in codes typed as D."""
    codes = [_restore_d(c) for c in codes]
    number = canonical_number(number)
    if party:
        return f"{number}-{_restore_d(type_code or '')}/{'-'.join(codes)}"
    head = f"{number}/{year}/" if year else f"{number}/"
    parts = ([_restore_d(type_code)] if type_code else []) + codes
    return head + "-".join(parts)


def canonical_number(number: str) -> str:
    """Official form (Nghị định 30/2020/NĐ-CP): numbers below 10 carry a leading zero."""
    digits = number.lstrip("0") or "0"
    return digits.zfill(2) if len(digits.rstrip("abcdefghijklmnopqrstuvwxyz")) == 1 else digits


# ASCII type codes typed for Đ codes; "DA" stays (Dự án is DA, Đề án is ĐA).
_D_FIXES = {"QD": "QĐ", "ND": "NĐ", "QYD": "QyĐ", "QDI": "QĐi"}


def _restore_d(code: str) -> str:
    return _D_FIXES.get(code, code) if code.isascii() and code.upper() == code else code


def _type_before(text: str, start: int, types: DocTypes) -> tuple[str, int] | None:
    """A type name ending just before `start` (only 'số' and spaces between)."""
    window_start = max(0, start - _LOOKBACK)
    window = text[window_start:start]
    best = None
    for m in types.name_regex.finditer(window):
        if _NAME_GAP.match(window[m.end():]):
            best = (m.group("tname"), window_start + m.start())
    return best


# Between a law's name and its number: lower-case words that end the name ("… người có công
# với cách mạng"), then "số".
_LAW_NUMBER_GAP = re.compile(r"(?:\s+[a-zà-ỹđ][\wÀ-ỹ]*){0,8}?\s+số\s*$")
# For a number without a type code (laws have none: "51/2024/QH15"), the name may go on after a
# comma: "Luật Chất lượng sản phẩm, hàng hóa số ⏎78/2025/QH15".
_LAW_NUMBER_GAP_COMMAS = re.compile(r"(?:(?:\s*,(?!\s*(?:các|những|và|hoặc|theo|tại|của|được)\s))?\s+[a-zà-ỹđ][\wÀ-ỹ]*)"
                                    r"{0,8}?\s+số\s*$")


# Lower-case words that still belong to a law's name when its date follows them, or the ";"
# that ends its line (a list of legal bases): the name grammar stops at function words ("có",
# "với"), but "Pháp lệnh Ưu đãi người có công với cách mạng ngày 09/12/2020" and "… với cách
# mạng;" are one name. Words that start an effect clause are never part of it.
_SEMICOLON = re.compile(r"[ \t]*;")
_NAME_TAIL = re.compile(r"(?:[ \t]+(?!(?:được|đã|có\s+hiệu|hiệu|từ|kể|đến|sau|trước|thông|ban|thi|"
                        r"của|tại|và|hoặc|về|số|năm|ngày)(?![\wÀ-ỹ]))[a-zà-ỹđ][\wÀ-ỹ]*){1,8}?"
                        r"(?=\s*,?\s+ngày\s+\d|[ \t]*;[ \t]*(?:\n|$))")


# A law's name starts with a capital after its type word ("Luật Đất đai"); a lower-case first
# word ("Luật giải quyết …" in running text) is a name only when a capital follows inside it
# ("Luật tổ chức Chính phủ") or its year, date or number follows ("Luật nhà ở năm 2014").
_IDENTIFIED = re.compile(r"\s*,?\s*(?:(?:năm\s+)?(?:19|20)\d{2}\b|ngày\s+\d|số\s+\d)")


def _is_law_name(text: str, m: re.Match) -> bool:
    name = m.group("name").split()
    if not name or CAPITAL.match(name[0]) or any(CAPITAL.match(w) for w in name[1:]):
        return True
    return bool(_IDENTIFIED.match(text, m.end()))


def _law_name_before(text: str, start: int, grammar: Grammar, coded: bool = True) -> tuple[str, int, str] | None:
    """'Luật Tổ chức chính quyền địa phương số 72/2025/QH15': a law, code or ordinance named just
    before its own number (`coded`: the number prints a type code, so a comma ends the name).
    Returns (type word, where the name starts, the name)."""
    window_start = max(0, start - 200)
    window = text[window_start:start]
    gaps = _LAW_NUMBER_GAP if coded else _LAW_NUMBER_GAP_COMMAS
    best = None
    for pattern in (grammar.amending_law_name, grammar.law_name):
        for m in finditer_at(pattern, window, _LAW_WORD):
            gap = gaps.match(window, m.end())
            if gap and (best is None or m.start() + window_start < best[1]):
                name_end = m.end() + len(gap.group(0)) - len(re.search(r"\s+số\s*$", gap.group(0)).group(0))
                best = (m.group("type"), window_start + m.start(), squash_spaces(window[m.start():name_end]))
        if best:
            break
    return best


def _date_after(text: str, pos: int, grammar: Grammar) -> tuple[dt.date, Span, int] | None:
    m = grammar.date_after.match(text, pos, min(len(text), pos + 60))
    if not m:
        return None
    date = parse_date(m)
    if date is None:
        return None
    s = m.start() + len(m.group(0)) - len(m.group(0).lstrip(" ,\n"))
    return date, Span(s, m.end(), text[s:m.end()]), m.end()


def issuer_phrase_after(text: str, pos: int, grammar: Grammar) -> Span | None:
    """'của UBND tỉnh' / 'giữa Bộ Công an với …' right after a citation: the body words only."""
    lead = grammar.issuer_lead.match(text, pos, min(len(text), pos + 12))
    if not lead:
        return None
    start = lead.end()
    window_end = min(len(text), start + 200)
    # Known names may contain stop characters ("Bộ Văn hóa, Thể thao và Du lịch"), so join
    # separator-linked pieces greedily until a stop word ends the phrase.
    stop = grammar.issuer_stop.search(text, start, window_end)
    end = stop.start() if stop else window_end
    table = load_issuers()
    hit = table.match_alias(text[start:window_end])
    if hit:
        alias_end = start + hit[1]
        if alias_end > end:
            stop2 = grammar.issuer_stop.search(text, alias_end, window_end)
            end = stop2.start() if stop2 else window_end
    wrap = _WRAPPED_NAME.match(text, end)
    if wrap and _DANGLING.search(text, start, end):  # "của Bộ trưởng Bộ ⏎Lao động - Thương binh và Xã hội"
        stop = grammar.issuer_stop.search(text, wrap.end(), min(len(text), wrap.end() + 200))
        end = stop.start() if stop else end
    phrase = text[start:end].rstrip()
    if not phrase or not (phrase[0].isupper()):
        return None
    return Span(start, start + len(phrase), phrase)


# A body's name cut by a hard line wrap: the line ends on a word that cannot end a name ("Bộ",
# "Ủy ban", "và", "-") and the next line goes on with a capitalised word.
_DANGLING = re.compile(r"(?:(?<![\wÀ-ỹ])(?:Bộ|Sở|Ban|Cục|Tổng cục|Ủy ban|UBND|nhân dân|và|của)|[-–])[ \t]*\Z")
_WRAPPED_NAME = re.compile(r"[ \t]*\n[ \t]*(?=[A-ZĐÀ-Ỹ])")


_NUMBER_LEAD = re.compile(r"\s+(?:số\s+)?")  # "Quyết định số 12", "Kế hoạch 34"
_LAW_WORD = re.compile(r"Bộ luật|Luật|Pháp lệnh|Hiến pháp")  # where the law-name patterns can start


def find_citations(text: str, types: DocTypes | None = None,
                   grammar: Grammar | None = None) -> list[Citation]:
    types = types or load_doc_types()
    grammar = grammar or load_grammar()
    found: list[Citation] = []
    taken = bytearray(len(text))  # 1 where a citation already stands

    def overlaps(s: int, e: int) -> bool:
        return taken.find(1, s, e) >= 0

    def take(s: int, e: int) -> None:
        taken[s:e] = b"\x01" * (e - s)

    for party, pattern, anchor in ((True, grammar.party_symbol, grammar.party_symbol_at),
                                   (False, grammar.state_symbol, grammar.state_symbol_at)):
        for m in finditer_at(pattern, text, anchor):
            if overlaps(m.start(), m.end()):
                continue
            c = _citation_from_symbol(text, m, party, types, grammar)
            if c:
                found.append(c)
                take(c.span.start, c.span.end)

    for start, after in types.find_names(text):
        if overlaps(start, after):
            continue
        n = _NUMBER_LEAD.match(text, after)
        if not n:
            continue
        tname = text[start:after]
        old = grammar.old_symbol.match(text, n.end())
        codes = [c for c in grammar.dash.split(old.group("codes"))] if old else []
        if old and load_issuers().by_code(codes[0]) is not None:  # "Nghị định 206-CP"
            num, symbol = old, f"{canonical_number(old.group('num'))}-{'-'.join(codes)}"
        else:
            num, symbol, codes = grammar.number_only.match(text, n.end()), None, []
        if not num or not tname[0].isupper():
            continue
        t = types.by_name(tname)
        if t is None:
            continue
        end = num.end()
        date = _date_after(text, end, grammar)
        c = Citation(
            span=Span(start, end, text[start:end]), type_code=t.code, type_name=t.name,
            number=(num.group("num").lstrip("0") or "0") if symbol else num.group("num"), symbol=symbol,
            symbol_span=Span(num.start(), num.end(), num.group(0)) if symbol else None,
            year=date[0].year if date else None, issuer_codes=tuple(codes),
            date=date[0] if date else None, date_span=date[1] if date else None,
            issuer_phrase=issuer_phrase_after(text, date[2] if date else end, grammar),
        )
        found.append(c)
        take(c.span.start, c.span.end)

    # An amending law's whole name first, so the laws it names are not cited on their own
    # with its date.
    law_names = [m for pattern in (grammar.amending_law_name, grammar.law_name)
                 for m in finditer_at(pattern, text, _LAW_WORD)]
    for m in law_names:
        if overlaps(m.start(), m.end()) or ("name" in m.groupdict() and not _is_law_name(text, m)):
            continue
        t = types.by_name(m.group("type"))
        if t is None:
            continue
        end = m.start() + len(m.group(0).rstrip())
        tail = _NAME_TAIL.match(text, end)
        if tail and (_date_after(text, tail.end(), grammar) or _SEMICOLON.match(text, tail.end())):
            # "… người có công với cách mạng ngày …" / "… với cách mạng;"
            end = tail.end()
        name = squash_spaces(text[m.start():end])
        year_m = grammar.year_after_name.match(text, end)
        year = int(year_m.group("year")) if year_m else None
        if year_m:
            end = year_m.end()
        date = _date_after(text, end, grammar)  # "Luật Đất đai ngày 26/11/2003": the date gives the year
        found.append(Citation(
            span=Span(m.start(), end, text[m.start():end]), type_code=t.code, type_name=t.name,
            number=None, symbol=None, symbol_span=None, year=year, name=name,
            date=date[0] if date else None, date_span=date[1] if date else None,
        ))
        take(m.start(), end)

    found.sort(key=lambda c: c.span.start)
    return found


def issuer_phrase_before(text: str, start: int, grammar: Grammar) -> Span | None:
    """'Theo đề nghị của UBND huyện X tại Tờ trình số …': the body named just before a citation
    that names none after it (a district's Tờ trình is not the province's)."""
    window_start = max(0, start - 160)
    m = grammar.issuer_before.search(text[window_start:start])
    if not m:
        return None
    s, e = window_start + m.start("body"), window_start + m.end("body")
    return Span(s, e, text[s:e])


def _printed_case(code: str, types: DocTypes) -> str:
    """A code from a lower-cased text ("qđ", "ubnd", "ttg") as it is printed: the issuer
    table's or the type scheme's spelling, else capitals."""
    entry = load_issuers().by_code(code)
    if entry is not None:
        return entry.same_as or entry.code
    notation = next((n for t in types.types.values() for n in t.notations if n.lower() == code.lower()), None)
    return notation or code.upper()


def _known_code(code: str, types: DocTypes) -> bool:
    return load_issuers().by_code(code) is not None or types.by_notation(code, ("administrative", "legal-normative",
                                                                                  "party")) is not None


def _citation_from_symbol(text: str, m: re.Match, party: bool, types: DocTypes,
                          grammar: Grammar) -> Citation | None:
    codes = [re.sub(r"\s+", "", c) for c in grammar.dash.split(m.group("codes")) if c.strip()]
    printed = m.group("codes") + (m.group("type") if party else "")
    if not any(ch.isupper() for ch in printed):
        # A lower-cased text ("08/2006/qđ-ubnd"): a symbol only where a known code or a type
        # name vouches for it (not "45/ha", "10/a"), written as the official text prints it.
        if not (any(_known_code(c, types) for c in codes) or _type_before(text, m.start(), types)):
            return None
        codes = [_printed_case(c, types) for c in codes]
    number = m.group("num")
    year = m.groupdict().get("year")
    type_code = None
    if party:
        t = types.by_notation(m.group("type"), ("party", "administrative"))
        if t is None:
            return None
        type_code = m.group("type") if m.group("type") != m.group("type").lower() else _printed_case(m.group("type"), types)
    else:
        families = ("legal-normative", "administrative") if year else ("administrative", "legal-normative")
        t = types.by_notation(codes[0], families) if codes else None
        if t is not None and len(codes) > 1:
            type_code = codes.pop(0)
        else:
            t = None
    name_hit = _type_before(text, m.start(), types)
    # "… pháp luật số 64/2025/QH15": a lower-case type word ending a law's name is the name's
    law = None if name_hit and name_hit[0][0].isupper() else _law_name_before(text, m.start(), grammar, t is not None)
    if law:
        name_hit = law[:2]
    named = types.by_name(name_hit[0]) if name_hit else None
    if t is None:
        # No type code in the symbol: Công văn ("1721/UBND-NC") unless the text names the type.
        t = named or types.get("cv")
    start = name_hit[1] if name_hit else m.start()
    printed_type = None if t.code in grammar.raw["types_symbol_without_code"]["types"] else type_code
    table = load_issuers()
    symbol = normalise_symbol(number, year, printed_type, [table.canonical_code(c) for c in codes], party)
    if m.groupdict().get("doubled"):  # "497/QĐ/2007/QĐ-UBND": kept as printed, one instrument
        head = canonical_number(number) + "/"
        symbol = head + _restore_d(m.group("doubled")) + "/" + symbol[len(head):]
    end = m.end()
    date = _date_after(text, end, grammar)
    if date:
        end_for_issuer = date[2]
    else:
        end_for_issuer = end
    issuer = issuer_phrase_after(text, end_for_issuer, grammar) or issuer_phrase_before(text, start, grammar)
    return Citation(
        span=Span(start, m.end(), text[start:m.end()]),
        type_code=t.code, type_name=t.name, number=number.lstrip("0") or "0", symbol=symbol,
        symbol_span=Span(m.start(), m.end(), m.group(0)),
        year=int(year) if year else (date[0].year if date else None),
        issuer_codes=tuple(_restore_d(c) for c in codes),
        date=date[0] if date else None, date_span=date[1] if date else None,
        issuer_phrase=issuer, party=party, name=law[2] if law else None,
    )
