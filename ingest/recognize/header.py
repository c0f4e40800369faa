"""Read what a document says about itself (Nghị định 30/2020/NĐ-CP, Điều 8 layout).

Headers are written on separate lines, inside markdown tables or merged onto one line, so
each field is searched for by its own pattern in the opening (or closing) stretch of text
rather than by line position.
"""
from __future__ import annotations

import re
from dataclasses import replace

from ingest.model import Citation, Header, Span
from ingest.recognize.citations import _citation_from_symbol, parse_date
from ingest.tables.doctypes import CONSOLIDATED_TEXT, DocTypes, load_doc_types
from ingest.tables.grammar import Grammar, load_grammar
from ingest.tables.patterns import UPPER
from ingest.tables.text import squash_spaces

_HEAD = 2500  # characters searched for the header
_TAIL = 3000  # characters searched for the signature and recipients

# "Số:" as the header writes it (capital S); a lower-case "số" belongs to a citation in running
# text ("… theo Quyết định số 20/2000/QĐ-TTg" in a title) and must not become the document's number.
_SO = re.compile(r"(?<![\wÀ-ỹ])(?:Số|SỐ)\s*(?:hiệu\s*)?[:.]?\s*")
# The gazette prints a law's or resolution's number after its type: "Luật số: 51/2024/QH15",
# "Nghị quyết số: 89/2025/UBTVQH15" (the colon makes it a header, not a citation).
_TYPED_SO = re.compile(r"^[ \t*#|]*(?P<tname>[" + UPPER + r"][a-zà-ỹđ]*(?:[ \t][a-zà-ỹđ]+){0,3})[ \t]+số[ \t]*:[ \t]*",
                       re.MULTILINE)
# A consolidated text (Văn bản hợp nhất) prints its own number at the end, beside this line.
_CONSOLIDATION_SEAL = re.compile(r"XÁC\s+THỰC\s+VĂN\s+BẢN\s+HỢP\s+NHẤT")
_SEAL_WINDOW = 400
# Its opening names what it consolidates: "<instrument> …, có hiệu lực … được sửa đổi, bổ sung bởi"
# (or the gazette files it under "VĂN BẢN HỢP NHẤT - <issuer>").
_CONSOLIDATION_OPENING = re.compile(
    r"có\s+hiệu\s+lực[^;]{0,200}?[,.]?\s+(?:đã\s+)?được\s+sửa\s+đổi,?\s+bổ\s+sung(?:\s+một\s+số\s+điều)?\s+(?:bởi|theo)\s*:"
    r"|^[ \t]*VĂN\s+BẢN\s+HỢP\s+NHẤT\s*[-–]", re.MULTILINE)
# A heading the converter put first ("# 773_2018_QĐ_TTg_preamble", or another document's
# title): not part of the document's own header.
_LEADING_HEADING = re.compile(r"\A[ \t]*#[^\n]*\n")
# The issuing body: capitals at the top, before the national motto ("CỘNG HÒA XÃ HỘI …").
_ISSUER_LINE = re.compile(r"""
    (?P<issuer>
      (?!VĂN[ \t]+BẢN[ \t])                                                        # gazette furniture: "VĂN BẢN QUY PHẠM PHÁP LUẬT"
      (?:(?:ỦY|UỶ|UBND|BỘ|BAN|THỦ|VĂN|TỔNG|CỤC|SỞ|HỘI|TỈNH|HUYỆN|CHÍNH|QUỐC|KIỂM|TÒA|VIỆN|NGÂN|     # the first word
         THANH|ĐẢNG|BCH|HĐND|MẶT|LIÊN|TRUNG|PHÒNG|CÔNG\ AN|BẢO\ HIỂM|KHO\ BẠC|ĐOÀN|HỌC\ VIỆN|ĐẠI\ HỌC)
         [ \t])
      [A-ZĐÂĂÊÔƠƯÀ-Ỹ0-9 ,.\-–\t]*?[A-ZĐÂĂÊÔƠƯÀ-Ỹ0-9])                                # then capitals only
    (?=[ \t]*(?:-{2,}|\*{2,}|_{2,}|\||\n|CỘNG\s+HO))                                 # up to a rule, a cell end, the motto
""", re.VERBOSE)
# A line that is only capitals (a footnote mark may follow: "THÔNG TƯ1").
_TYPE_ALONE = re.compile(r"^[ \t*#|]*(?P<name>[" + UPPER + r"]+(?:[ \t]+[" + UPPER + r"]+){0,3})[ \t]*\d{0,2}[ \t*#|]*$",
                         re.MULTILINE)
_TITLE_LINE = re.compile(r"[ \t]*(?P<line>[^\n]{8,600})")
_PLACE_DATE = re.compile(
    r"(?P<place>[" + UPPER + r"][\wÀ-ỹ.]*"
    r"(?:[ \t]+[" + UPPER + r"][\wÀ-ỹ.]*){0,4})"
    r"[ \t]*,[ \t]*(?=ngày)"
)
_SIGN_TITLE = re.compile(
    r"^[\s*#|]*(?:(?:TM|KT|Q|TL|TUQ)\.\s*)?(?P<title>(?:PHÓ\s+)?(?:CHỦ TỊCH|BỘ TRƯỞNG|THỨ TRƯỞNG|"
    r"THỦ TƯỚNG|GIÁM ĐỐC|TỔNG CỤC TRƯỞNG|CỤC TRƯỞNG|CHÁNH VĂN PHÒNG|TRƯỞNG BAN|BÍ THƯ|"
    r"TỔNG GIÁM ĐỐC|VỤ TRƯỞNG|CHÁNH ÁN|VIỆN TRƯỞNG|TỔNG KIỂM TOÁN|THỐNG ĐỐC|TRƯỞNG PHÒNG|"
    r"CHỦ NHIỆM|TỔNG THANH TRA)[\wÀ-ỹ ]*)[\s*|]*$",
    re.MULTILINE,
)
_PERSON = re.compile(
    r"^[\s*#|]*(?P<name>(?:[" + UPPER + r"][a-zà-ỹđ]+\s+){1,4}"
    r"[" + UPPER + r"][a-zà-ỹđ]+)[\s*|]*$",
    re.MULTILINE,
)
_SIGN_INLINE = re.compile(
    r"(?P<title>(?:PHÓ\s+)?(?:CHỦ TỊCH|BỘ TRƯỞNG|THỨ TRƯỞNG|THỦ TƯỚNG|GIÁM ĐỐC|TỔNG CỤC TRƯỞNG|CỤC TRƯỞNG|"
    r"CHÁNH VĂN PHÒNG|TRƯỞNG BAN|BÍ THƯ|TỔNG GIÁM ĐỐC|VỤ TRƯỞNG|CHỦ NHIỆM|TỔNG THANH TRA))[ \t]+"
    r"(?P<name>(?:[" + UPPER + r"][a-zà-ỹđ]+[ \t]+){1,4}"
    r"[" + UPPER + r"][a-zà-ỹđ]+)(?=[ \t]*(?:\||$))", re.MULTILINE)
_RECIPIENTS = re.compile(r"N[ơo]i\s+nh[ậa]n\s*:?", re.IGNORECASE)
_RECIPIENT_LINE = re.compile(r"^[ \t|]*[-–+•][ \t]*(?P<r>[^\n|]+?)[ \t]*[;.,]?[ \t|]*$", re.MULTILINE)


# Symbol codes that name the document's own type even under another type line.
_OWN_TYPE_SYMBOLS = frozenset({CONSOLIDATED_TEXT})


def read_header(text: str, types: DocTypes | None = None, grammar: Grammar | None = None) -> Header:
    types = types or load_doc_types()
    grammar = grammar or load_grammar()
    lead = _LEADING_HEADING.match(text)
    head_start = lead.end() if lead else 0
    head = text[:head_start + _HEAD]
    fields: dict = {}

    issuer = _ISSUER_LINE.search(head, head_start)
    if issuer and issuer.start() - head_start < 400:
        fields["issuer_phrase"] = Span(issuer.start("issuer"), issuer.end("issuer"), issuer.group("issuer"))
    symbol = _find_symbol(text, head, types, grammar, head_start)
    seal = _consolidation_seal(text, types, grammar)
    consolidated = seal is not None or _CONSOLIDATION_OPENING.search(head, head_start) is not None
    if seal is not None:
        symbol = seal
    elif consolidated and symbol is not None and symbol.type_code not in _OWN_TYPE_SYMBOLS:
        symbol = None  # the number at the top is the consolidated instrument's, not this text's
    if symbol is not None and fields.get("issuer_phrase") and symbol.issuer_phrase is None:
        symbol = replace(symbol, issuer_phrase=fields["issuer_phrase"])
    fields["symbol"] = symbol

    pd = _PLACE_DATE.search(head, head_start)
    if seal is not None:  # the consolidation is dated beside its seal
        pd = _PLACE_DATE.search(text, seal.span.end, seal.span.end + _SEAL_WINDOW)
    if pd:
        dm = grammar.date_anywhere.match(text, pd.end())
        if dm and parse_date(dm):
            pstart = pd.start("place")
            if symbol is not None and pstart < symbol.span.end < pd.end("place"):  # "Số: 435/QĐ-UBND Kon Tum,"
                pstart = symbol.span.end + len(text[symbol.span.end:pd.end("place")]) - len(
                    text[symbol.span.end:pd.end("place")].lstrip())
            raw_place = text[pstart:pd.end("place")]
            place = re.sub(r"^(?:Số\s*:?.*?\s)?", "", squash_spaces(raw_place))
            fields.update(place=place, place_span=Span(pstart, pd.end("place"), raw_place),
                          date=parse_date(dm), date_span=Span(dm.start(), dm.end(), dm.group(0)))
    type_start = head_start if seal is not None else pd.end() if pd else (symbol.span.end if symbol else head_start)
    type_hit = _find_type_line(text, types, start=type_start)
    if type_hit:
        t, span = type_hit
        fields.update(type_code=t.code, type_name=t.name, type_span=span)
        if symbol is not None and symbol.type_code == _UNTYPED and t.code != _UNTYPED and not _prints_type(symbol, types):
            # "Số: 299/TTg … CHỈ THỊ": a symbol without a type code is a Công văn only when
            # nothing says otherwise; the type line does
            fields["symbol"] = symbol = replace(symbol, type_code=t.code, type_name=t.name)
        if consolidated or (symbol is not None and symbol.type_code in _OWN_TYPE_SYMBOLS):
            # a consolidated text keeps the type line of the text it consolidates
            vbhn = types.get(CONSOLIDATED_TEXT)
            fields.update(type_code=vbhn.code, type_name=vbhn.name, type_span=None)
        title = _title_after(text, span.end)
        if title:
            fields.update(title=squash_spaces(title.text.strip("*# ")), title_span=title)
    elif symbol is not None:
        fields.update(type_code=symbol.type_code, type_name=symbol.type_name)
        title = _vv_title(head, head_start)
        if title:
            fields.update(title=squash_spaces(title.text), title_span=title)
    else:
        fields.update(_title_line(text, head_start, types))

    signer = _signer(text, seal.span.end + _SEAL_WINDOW if seal is not None else len(text))
    if signer:
        fields.update(signer_title=signer[0], signer_name=signer[1].text, signer_span=signer[1])
    fields["recipients"] = tuple(_recipients(text))
    return Header(**fields)


_UNTYPED = "cv"  # the type a symbol without a type code is given (Công văn "1721/UBND-NC")


def _prints_type(symbol: Citation, types: DocTypes) -> bool:
    """Whether the symbol prints a type code ("1395/QĐ-UBND", "01/CV-UBND"), not only issuers."""
    parts = re.split(r"[/\-–]", (symbol.symbol or "").split("/", 1)[-1])
    return any(types.by_notation(p, ("administrative", "legal-normative", "party")) for p in parts if p)


def _find_symbol(text: str, head: str, types: DocTypes, grammar: Grammar, start: int = 0) -> Citation | None:
    typed = (so for so in _TYPED_SO.finditer(head, start) if types.by_name(so.group("tname")))
    for so in sorted([*_SO.finditer(head, start), *typed], key=lambda so: so.start()):
        c = _symbol_at(text, so.end(), types, grammar)
        if c:
            return c
    return None


def _symbol_at(text: str, pos: int, types: DocTypes, grammar: Grammar) -> Citation | None:
    for party, pattern in ((True, grammar.party_symbol), (False, grammar.state_symbol)):
        m = pattern.match(text, pos)
        if m:
            c = _citation_from_symbol(text, m, party, types, grammar)
            if c:
                return c
    return None


def _consolidation_seal(text: str, types: DocTypes, grammar: Grammar) -> Citation | None:
    """The consolidated text's own number ("Số: 04/VBHN-BYT"), printed beside the seal line
    "XÁC THỰC VĂN BẢN HỢP NHẤT" after its last article (annexes may follow)."""
    seal = _CONSOLIDATION_SEAL.search(text)
    if seal is None:
        return None
    start = max(0, seal.start() - _SEAL_WINDOW)
    for so in _SO.finditer(text, start, seal.end() + _SEAL_WINDOW):
        c = _symbol_at(text, so.end(), types, grammar)
        if c and c.type_code in _OWN_TYPE_SYMBOLS:
            return c
    return None


def _find_type_line(text: str, types: DocTypes, start: int):
    """The document type written in capitals ('BÁO CÁO', '**QUYẾT ĐỊNH**') after the date:
    a line that holds only the type name first (gazette furniture such as "VĂN BẢN QUY PHẠM
    PHÁP LUẬT" holds one inside other words), else the first capitals that name a type."""
    for m in _TYPE_ALONE.finditer(text, start, start + 800):
        t = types.by_name(m.group("name"))
        if t:
            return t, Span(m.start("name"), m.end("name"), m.group("name"))
    window = text[start:start + 800]
    for m in types.name_regex.finditer(window):
        word = m.group("tname")
        if word.upper() == word and any(ch.isalpha() for ch in word):
            t = types.by_name(word)
            if t:
                s = start + m.start()
                return t, Span(s, s + len(word), word)
    return None


def _title_after(text: str, pos: int) -> Span | None:
    """The trích yếu: the paragraph right after the type line, up to a blank line."""
    m = re.compile(r"\d{0,2}[ \t*#|]*\n(?:[ \t*#|]*\n)*").match(text, pos)  # a footnote mark may end the type line
    start = m.end() if m else pos
    while start < len(text) and text[start] in " \t*#|":
        start += 1
    end_m = re.compile(r"\n[ \t*#|]*\n|\n\s*(?:Căn cứ|Kính gửi|Qua |I\.|Điều 1)").search(text, start)
    end = end_m.start() if end_m else min(len(text), start + 400)
    if end - start > 600 or end <= start:
        return None
    raw = text[start:end].rstrip(" *#|\t")
    return Span(start, start + len(raw), raw)


def _title_line(text: str, start: int, types: DocTypes) -> dict:
    """No header block (crawled or segmented text): a first line 'Quyết định về việc …' gives
    the type and the trích yếu; a first line citing a number ('Quyết định 435/…') does not."""
    m = _TITLE_LINE.match(text, start)
    if not m:
        return {}
    t = types.name_regex.match(m.group("line"))
    if not t or re.match(r"\s*(?:số\s*)?\d", m.group("line")[t.end():], re.IGNORECASE):
        return {}
    dt = types.by_name(t.group("tname"))
    if dt is None:
        return {}
    s = m.start("line")
    title_start = s + t.end() + len(m.group("line")[t.end():]) - len(m.group("line")[t.end():].lstrip())
    raw = text[title_start:m.end("line")].rstrip()
    out = {"type_code": dt.code, "type_name": dt.name, "type_span": Span(s, s + t.end(), t.group("tname"))}
    if raw:
        out.update(title=squash_spaces(raw), title_span=Span(title_start, title_start + len(raw), raw))
    return out


def _vv_title(head: str, start: int = 0) -> Span | None:
    m = re.compile(r"(?:V/v|Về việc)\s*[:.]?\s*(?P<t>[^\n|]+)").search(head, start)
    return Span(m.start("t"), m.end("t"), m.group("t").strip()) if m else None


def _signer(text: str, end: int) -> tuple[str, Span] | None:
    """The signature block in the stretch before `end`: the end of the text, or the seal of a
    consolidated text (its annexes follow it)."""
    tail_start = max(0, end - _TAIL)
    tail = text[tail_start:end]
    titles = list(_SIGN_TITLE.finditer(tail))
    if not titles:
        return _signer_in_cell(tail, tail_start)
    last = titles[-1]
    inline = _SIGN_INLINE.search(tail, last.start(), last.end())
    if inline:  # "KT. TỔNG GIÁM ĐỐC PHÓ TỔNG GIÁM ĐỐC Phạm Lương Sơn": title and name on one line
        s = tail_start + inline.start("name")
        return (squash_spaces(inline.group("title")).capitalize(),
                Span(s, s + len(inline.group("name")), inline.group("name")))
    person = _PERSON.search(tail, last.end())
    if not person or person.start() - last.end() > 200:
        return None
    s = tail_start + person.start("name")
    return squash_spaces(last.group("title")).capitalize(), Span(s, s + len(person.group("name")), person.group("name"))


def _signer_in_cell(tail: str, offset: int) -> tuple[str, Span] | None:
    """Signature block flattened into a table cell: '| KT. BỘ TRƯỞNG THỨ TRƯỞNG Doãn Mậu Diệp |'."""
    hits = list(_SIGN_INLINE.finditer(tail))
    if not hits:
        return None
    m = hits[-1]
    s = offset + m.start("name")
    return squash_spaces(m.group("title")).capitalize(), Span(s, s + len(m.group("name")), m.group("name"))


def _recipients_in_cell(text: str, m: re.Match) -> list[Span]:
    """'| Nơi nhận: - Như Điều 4; - Bộ Tài chính; - Lưu: VT. |' — items on one line."""
    end = len(text)
    stop = re.compile(r"\||\n").search(text, m.end())
    if stop:
        end = stop.start()
    first = re.compile(r"\s*-\s+").match(text, m.end(), end)
    if not first:
        return []
    out, pos = [], first.end()
    for sep in list(re.compile(r"[;.]\s*-\s+").finditer(text, pos, end)) + [None]:
        item_end = sep.start() if sep else end
        raw = text[pos:item_end].rstrip(" ;./|")
        if re.match(r"(?i)lưu\s*:", raw):
            break
        if raw:
            out.append(Span(pos, pos + len(raw), raw))
        if sep is None:
            break
        pos = sep.end()
    return out


def _recipients(text: str) -> list[Span]:
    m = None
    for m in _RECIPIENTS.finditer(text):  # noqa: B007 - the last match is the one wanted
        pass
    if m is None:
        return []
    out = []
    pos = m.end()
    block_end = min(len(text), pos + 1500)
    for line in _RECIPIENT_LINE.finditer(text, pos, block_end):
        between = text[pos:line.start()]
        if between.count("\n") > 2 and out:
            break
        r = line.group("r").strip()
        if re.match(r"(?i)lưu\s*:", r):  # the archive note closes the list
            break
        if re.search(r"[^\W\d_]", r):  # not a table rule such as '|---|---|'
            out.append(Span(line.start("r"), line.start("r") + len(r), r))
        pos = line.end()
    return out or _recipients_in_cell(text, m)
