"""Effect lists in the operative part: one repeal, replacement or amendment per listed item.

    2. Kể từ ngày Nghị định này có hiệu lực thi hành, các Nghị định sau đây hết hiệu lực:
    a) Nghị định số 31/2015/NĐ-CP ngày 24 tháng 3 năm 2015 của Chính phủ …;
    b) Điều 3 Nghị định số 140/2018/NĐ-CP ngày 08 tháng 10 năm 2018 …

The intro line names the effect and announces a list ("các văn bản sau", "sau đây", "dưới
đây") and ends with ":"; each item that opens with the instrument (or a provision of it) is
that effect on it, with the item as evidence. An item that states its own cue ("a) Bãi bỏ
khoản 2 …") is read by the clause reader instead. The list runs while items keep the first
item's mark ("1.", "a)", "-"), over hard wraps and page breaks, and stops at another mark, an
article, a chapter, a gazette footnote ("13 Các điều 2, 3 của …") or the signature.

The same effect is also stated with the instrument first, as the subject of its own sentence:

    Quyết định số 12/2020/QĐ-TTg ngày 10/4/2020 … hết hiệu lực kể từ ngày Nghị định này có hiệu lực.
    Kể từ ngày 01/7/2026, Điều 3 Thông tư 11/2012/TT-BNV bị bãi bỏ.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from ingest.model import InForce, Provision, Relation, Span
from ingest.relate.effective import stated_date
from ingest.relate.relations import Ref, provision_before
from ingest.tables.text import fold

# Cues of an effect, on folded text, and the property each states.
_EFFECTS = (("het hieu luc", "eli:repeals"), ("bai bo", "eli:repeals"), ("thay the", "cdo:replaces"),
            ("sua doi", "eli:amends"), ("dinh chinh", "eli:corrects"))
_CUE = re.compile(r"\b(?:" + "|".join(cue.replace(" ", r"\s+") for cue, _ in _EFFECTS) + r")\b")
_LIST_WORD = re.compile(r"\b(?:cac|nhung)\b[^:]*\bsau\b|\bsau\s+day\b|\bduoi\s+day\b")
_INTRO = re.compile(r"^[^\n]{0,400}:[ \t]*$", re.MULTILINE)
_ITEM = re.compile(r"[ \t]*(?:(?P<num>\d{1,2}[.)])|(?P<letter>[a-zđ]\))|(?P<dash>[-–+•]))[ \t]+")
_LIST_END = re.compile(r"[ \t*#|]*(?:Điều\s+\d|Chương\s|Mục\s+\d|Nơi\s+nhận|\d{1,3}[ \t]+[A-ZĐ]|(?:TM|KT|Q|TL|TUQ)\.\s"
                       r"|[A-ZĐÂĂÊÔƠƯÀ-Ỹ]{2,}[ \t]+[A-ZĐÂĂÊÔƠƯÀ-Ỹ]{2,}[ \t]*$)")
# Between an item's mark and its instrument: a provision of it at most ("Điều 3", "khoản 2 Điều 5
# của", "Các điều 2, 3 của", "toàn bộ").
_PROVISION_LEAD = re.compile(r"(?:toàn\s+bộ\s+)?(?:(?:các\s+)?(?:điểm|khoản|điều|mục|phần|chương|tiết|phụ\s+lục)\b[^;:]*?)?"
                             r"(?:\s+(?:của|tại))?\s*$", re.IGNORECASE)
_MAX_ITEMS = 60
_MAX_ITEM_CHARS = 2000
# Instrument first: "<instrument …> hết hiệu lực" / "… bị bãi bỏ" / "… bị thay thế", the
# sentence opening with the instrument, a provision of it, or a "Kể từ ngày …," phrase.
_SUBJECT_CUE = re.compile(r"(?:hết\s+hiệu\s+lực|(?:bị|được)\s+(?P<passive>bãi\s+bỏ|thay\s+thế))\b")
_SUBJECT_LEAD = re.compile(r"[\s\-–+•*]*(?:\d{1,2}[.)]\s*|[a-zđ]\)\s*)?(?:(?:kể\s+)?từ\s+ngày\s+[^,;\n]{1,120},\s*)?",
                           re.IGNORECASE)
# Before the subject instrument: its provisions at most ("khoản 2 Điều 4", "Điều 3, Điều 5 của").
_SUBJECT_PROVISIONS = re.compile(r"(?:(?:các\s+)?(?:điểm|khoản|điều|mục|phần|chương|tiết|phụ\s+lục)\s+[\dIVXLCa-zđ]+[.]?"
                                 r"(?:\s*(?:,|và)\s*|\s+(?:của|tại)\s+|\s+))*", re.IGNORECASE)
_SENTENCE_START = re.compile(r"[.;:]\s|\n")
# A sentence ends at its stop or where a new item or article opens (hard wraps go on).
_SENTENCE_END = re.compile(r"[.;](?=\s|$)|\n(?=[ \t]*(?:\d{1,2}[.)]|[a-zđ]\)|Điều\s+\d+[a-z]?\.|\n))")
_MAX_SUBJECT_CHARS = 500
_MAX_QUOTE_CHARS = 3000
_MAX_LEAD_IN_CHARS = 300


def effect_lists(text: str, refs: Sequence[Ref], acting: str | None, operative_start: int | None,
                 in_force: InForce | None = None) -> list[Relation]:
    """The acting instrument's effect on every instrument listed under an effect intro, dated
    by the intro's words ("… sau đây hết hiệu lực kể từ ngày …") when they give a date."""
    if acting is None or operative_start is None:
        return []
    refs = sorted(refs, key=lambda r: r.span.start)
    out: list[Relation] = []
    for intro in _INTRO.finditer(text, operative_start):
        prop = _effect_of(intro.group(0))
        if prop is None:
            continue
        cue = _CUE.search(fold(intro.group(0)))
        cue_text = " ".join(intro.group(0)[cue.start():cue.end()].split())
        dated = stated_date(text, Span(intro.start(), intro.end(), intro.group(0)), in_force)
        for item in _items(text, intro.end() + 1):
            ref = next((r for r in refs if item.start <= r.span.start < item.end), None)
            if ref is None or ref.key == acting:
                continue
            lead_start = _ITEM.match(text, item.start).end()
            lead = text[lead_start:ref.span.start]
            if not _PROVISION_LEAD.fullmatch(lead):
                continue  # the item states its own cue or is about something else
            provision: Provision | None = provision_before(text, lead_start, ref) if lead.strip() else None
            out.append(Relation(acting, prop, ref.key, cue_text, item, provision,
                                *(dated if dated else (None, None))))
    return out


def subject_effects(text: str, refs: Sequence[Ref], acting: str | None, operative_start: int | None) -> list[Relation]:
    """The acting instrument's repeal or replacement of an instrument its operative part names
    as the subject: the sentence opens with it (or a provision of it) and, with no other
    instrument between, says it "hết hiệu lực" / "bị bãi bỏ" / "bị thay thế"."""
    if acting is None or operative_start is None:
        return []
    refs = sorted(refs, key=lambda r: r.span.start)
    out = []
    for cue in _SUBJECT_CUE.finditer(text, operative_start):
        start = _sentence_start(text, cue.start(), operative_start)
        inside = [r for r in refs if start <= r.span.start and r.span.end <= cue.start()]
        if not inside or len({r.key for r in inside}) > 1 or inside[0].key == acting:
            continue
        ref = inside[0]
        lead_start = _SUBJECT_LEAD.match(text, start).end()
        if lead_start > ref.span.start or not _SUBJECT_PROVISIONS.fullmatch(text, lead_start, ref.span.start):
            continue
        end = _sentence_end(text, cue.end())
        actor, dated = acting, None
        quote = _open_quote(text, start, operative_start)
        if quote is not None:  # quoted words of another instrument: "Điều 44 của Luật X … quy định như sau: “…"
            actor, dated = _quoted_actor(text, refs, quote, operative_start)
            if actor is None or actor == ref.key:
                continue
        if cue.group("passive") and any(cue.end() <= r.span.start < end and r.key != acting for r in refs):
            continue  # "… được thay thế bởi khoản 2 Thông tư X": X acts, not this document
        prop = "cdo:replaces" if cue.group("passive") and "thay" in cue.group("passive") else "eli:repeals"
        evidence = Span(start, end, text[start:end])
        provision = provision_before(text, lead_start, ref) if text[lead_start:ref.span.start].strip() else None
        out.append(Relation(actor, prop, ref.key, " ".join(cue.group(0).split()), evidence, provision,
                            *(dated if dated else (None, None))))
    return out


def _open_quote(text: str, pos: int, floor: int) -> int | None:
    """Where the quotation holding `pos` opens (“ not closed before `pos`), if it does."""
    opened = text.rfind("“", max(floor, pos - _MAX_QUOTE_CHARS), pos)
    return opened if opened != -1 and text.find("”", opened, pos) == -1 else None


def _quoted_actor(text: str, refs: Sequence[Ref], quote: int, floor: int) -> tuple[str | None, tuple | None]:
    """The instrument whose words a quotation gives — the last one cited in the lead-in before
    the quotation mark — and the date that lead-in says its words take effect."""
    lead_start = max(floor, quote - _MAX_LEAD_IN_CHARS)
    cited = [r for r in refs if lead_start <= r.span.start and r.span.end <= quote]
    if not cited:
        return None, None
    actor = cited[-1]
    lead_in = Span(actor.span.start, quote, text[actor.span.start:quote])
    return actor.key, stated_date(text, lead_in, None)


def _sentence_start(text: str, pos: int, floor: int) -> int:
    """Where the sentence holding `pos` starts (after ". ", "; ", ": " or a line end)."""
    lo = max(floor, pos - _MAX_SUBJECT_CHARS)
    last = None
    for m in _SENTENCE_START.finditer(text, lo, pos):
        last = m
    start = last.end() if last else lo
    while start < pos and text[start] in " \t":
        start += 1
    return start


def _sentence_end(text: str, pos: int) -> int:
    m = _SENTENCE_END.search(text, pos)
    return len(text) if m is None else (m.start() if m.group(0) == "\n" else m.end())


def _effect_of(line: str) -> str | None:
    """The property an intro line announces, when it names exactly one effect and a list."""
    folded = fold(line)
    if not _LIST_WORD.search(folded):
        return None
    props = {prop for m in _CUE.finditer(folded) for cue, prop in _EFFECTS if m.group(0).split() == cue.split()}
    return props.pop() if len(props) == 1 else None


def _items(text: str, pos: int) -> list[Span]:
    """The items of the list that starts at `pos`: each from its mark to the next one."""
    first = _ITEM.match(text, pos)
    if first is None:
        return []
    style = first.lastgroup
    starts, line = [pos], text.find("\n", pos)
    end = len(text)
    while line != -1 and len(starts) < _MAX_ITEMS:
        at = line + 1
        mark = _ITEM.match(text, at)
        if mark is not None and mark.lastgroup == style:
            starts.append(at)
        elif mark is not None or _LIST_END.match(text, at) or at - starts[-1] > _MAX_ITEM_CHARS:
            end = line
            break
        line = text.find("\n", at)
    bounds = starts + [end]
    return [Span(s, e, text[s:e]) for s, e in zip(bounds, bounds[1:]) if e > s]
