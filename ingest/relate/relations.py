"""Typed relations between instruments, read clause by clause from cue words.

Why clause by clause: Vietnamese reports list what was done as "Ban hành Công văn A về triển
khai thực hiện B; Quyết định C về việc bố trí kinh phí thực hiện B; …". Within a clause the
instrument cited first is what the clause is about; each later instrument relates to the one
cited just before it, typed by the cue word between them (ingest/data/relation_cues.json).
A cue *before* the first instrument ("Chỉ đạo triển khai thực hiện Chỉ thị X") says what the
actor of the text did with it — a "use" that becomes an activity, task or recommendation link,
not an instrument relation. Instruments only separated by "," / "và" share a role.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache

from ingest.model import Citation, Instrument, Provision, Relation, Span, Use
from ingest.segment.sections import Segmentation, clauses, sentences
from ingest.tables.grammar import load_json
from ingest.tables.text import fold, fold_aligned, slug


@dataclass(frozen=True)
class Cue:
    text: str
    prop: str


@dataclass(frozen=True)
class CueTable:
    cues: tuple[Cue, ...]
    regex: re.Pattern  # alternation, longest first, on fold_aligned text

    def cue_of(self, m: re.Match) -> Cue:
        return self.cues[int(m.lastgroup[1:])]


@lru_cache(maxsize=1)
def load_cues() -> CueTable:
    data = load_json("relation_cues.json")
    cues = tuple(Cue(c["cue"], c["property"]) for c in data["cues"])
    order = sorted(range(len(cues)), key=lambda i: len(cues[i].text), reverse=True)
    alts = []
    for i in order:
        words = [re.escape(w) for w in re.split(r"[\s,]+", fold(cues[i].text)) if w]
        alts.append(f"(?P<c{i}>" + r"[\s,]+".join(words) + ")")
    return CueTable(cues, re.compile(r"(?<!\w)(?:" + "|".join(alts) + r")(?!\w)"))


@dataclass(frozen=True)
class Ref:
    """One mention of an instrument; `tail` is where its date and issuer phrase end."""

    key: str
    span: Span
    tail: int


@dataclass
class ClauseReading:
    clause: Span
    uses: list[Use] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)


# Only a list separator between two citations (after the first one's date and issuer phrase).
# "… và của Sở Tài chính tại Tờ trình số …": a second submission, not one citing the other.
_SIBLING_GAP = re.compile(r"^(?:[\s,]*(?:ngày|ngay)\s+[\d/.\-]+)?(?:[\s,]*(?:của|giữa)\s+[^,;()]*?)?"
                          r"[\s,*”“\"]*(?:(?:và|hoặc|cùng|với)\s+)?(?:của\s+[^,;()]*?\s+(?:tại|theo)\s+)?"
                          r"(?:các\s+)?[\s*]*$", re.IGNORECASE)
_PROVISION = re.compile(
    r"(?P<prov>(?:(?:điểm|khoản|Điều|Mục|Phần|Chương|Tiết|Phụ\s+lục)\s+[\dIVXLCa-zđ]+[.]?(?:\s*,\s*|\s+(?:của\s+)?))+)$")
# "A được sửa đổi, bổ sung bởi B": the cue is passive, so B is the subject.
_PASSIVE = re.compile(r"(?:được|bị)\s+(?:[\wÀ-ỹ]+\s+){0,2}$", re.IGNORECASE)
_ANNEXED = re.compile(r"\s+kèm\s+theo\b", re.IGNORECASE)
_ANNEX_LEAD = re.compile(r"^[\s,]*(?:(?:được|đã\s+được)\s+)?$", re.IGNORECASE)
_LEAD_NOISE = re.compile(r"^[\s\-–+•*]*$")


def citations(instruments: list[Instrument]) -> list[Relation]:
    """`document eli:cites instrument` for every instrument it names, one per mention (each
    mention is evidence); a document whose own number was not read cites nothing."""
    itself = next((i for i in instruments if i.is_document_itself), None)
    if itself is None:
        return []
    return [Relation(itself.key, "eli:cites", i.key, None, m)
            for i in instruments if not i.is_document_itself for m in i.mentions]


def mention_refs(instruments: list[Instrument], citations: list[Citation],
                 excluded: list[Span]) -> list[Ref]:
    """Every instrument mention outside `excluded` spans (abbreviation definitions)."""
    tails = {c.span.start: max(c.span.end, c.date_span.end if c.date_span else 0,
                               c.issuer_phrase.end if c.issuer_phrase else 0) for c in citations}
    refs = []
    for inst in instruments:
        for s in inst.mentions:
            if any(e.start <= s.start < e.end for e in excluded):
                continue
            refs.append(Ref(inst.key, s, max(s.end, tails.get(s.start, s.end))))
    return sorted(refs, key=lambda r: r.span.start)


def find_cue(text: str, start: int, end: int, table: CueTable | None = None) -> tuple[Cue, Span] | None:
    """The cue nearest before `end` in text[start:end] (longest where cues share an end)."""
    table = table or load_cues()
    folded = fold_aligned(text[start:end])
    best = None
    for m in table.regex.finditer(folded):
        best = m
    if best is None:
        return None
    s, e = start + best.start(), start + best.end()
    return table.cue_of(best), Span(s, e, text[s:e])


def provision_before(text: str, gap_start: int, obj: Ref) -> Provision | None:
    """The provision of `obj` named just before it ("khoản 2 Điều 5 của Thông tư …")."""
    m = _PROVISION.search(text, gap_start, obj.span.start)
    if not m:
        return None
    label = m.group("prov").strip(" ,")
    parts = re.findall(r"(điểm|khoản|Điều|Mục|Phần|Chương|Tiết|Phụ\s+lục)\s+([\dIVXLCa-zđ]+)", label)
    kinds = [k for k, _ in parts]
    if len(set(kinds)) == len(kinds):  # "khoản 2 Điều 5": a path, largest part first
        local = "/".join(slug(f"{k} {n}") for k, n in reversed(parts))
    else:  # "Điều 10, Điều 11, Điều 12": a set of parts, one node named by them all
        local = slug(label)
    span = Span(m.start("prov"), m.start("prov") + len(label), label)
    return Provision(f"{obj.key}/{local}", label, obj.key, span)


# "Bãi bỏ các quy định sau trong Thông tư …", "một số điều của", "nội dung … tại": an effect on
# some of the instrument's provisions, not on the whole of it.
_SOME_PROVISIONS = re.compile(r"\b(?:(?:các|một\s+số|những)\s+(?:quy\s+định|điều|khoản|điểm|nội\s+dung|phụ\s+lục|biểu\s+mẫu|mẫu)"
                              r"|quy\s+định\s+tại)\b[^;]*?\s+(?:trong|tại|của)\s*$", re.IGNORECASE)


def some_provisions_before(text: str, start: int, obj: Ref) -> Provision | None:
    """Unnamed provisions of `obj` ("các quy định sau trong Thông tư …") as one part node."""
    m = _SOME_PROVISIONS.search(text, start, obj.span.start)
    if not m:
        return None
    label = " ".join(m.group(0).split())
    return Provision(f"{obj.key}/{slug(label)}", label, obj.key, Span(m.start(), m.end(), text[m.start():m.end()]))


def _inside(refs: list[Ref], clause: Span) -> list[Ref]:
    """The refs (sorted by start) that lie within the clause: found by bisection, since a
    document has thousands of clauses and hundreds of refs."""
    first = bisect.bisect_left(refs, clause.start, key=lambda r: r.span.start)
    last = bisect.bisect_left(refs, clause.end, lo=first, key=lambda r: r.span.start)
    return [r for r in refs[first:last] if r.span.end <= clause.end]


def read_clause(text: str, clause: Span, refs: list[Ref], inherited: tuple[str, str] | None,
                table: CueTable | None = None) -> ClauseReading:
    """Uses and relations of one clause. `inherited` = (cue, prop) of the previous clause's uses
    in the same sentence, for list continuations ("…; Quyết định C; Thông tư D")."""
    table = table or load_cues()
    reading = ClauseReading(clause)
    inside = _inside(refs, clause)
    if not inside:
        return reading
    first = inside[0]
    cue = find_cue(text, clause.start, first.span.start, table)
    lead = text[clause.start:first.span.start]
    role: tuple
    if cue:
        role = ("use", cue[0].text, cue[0].prop)
    elif _LEAD_NOISE.match(lead) and inherited:
        role = ("use",) + inherited
    elif _LEAD_NOISE.match(lead):
        role = ("subject",)
    else:
        role = ("use", None, None)
    if role[0] == "use":
        reading.uses.append(Use(first.key, role[1], role[2], clause))
    prev = first
    for ref in inside[1:]:
        gap_start = min(prev.tail, ref.span.start) if prev.tail <= ref.span.start else prev.span.end
        gap = text[gap_start:ref.span.start]
        cue = find_cue(text, gap_start, ref.span.start, table)
        if cue and text[cue[1].start - 1:cue[1].start] == "(" and text[cue[1].end:cue[1].end + 1] == ")":
            cue = None  # "Luật Đất đai (sửa đổi)": the amended law's own name, not a relation
        if ref.key == prev.key:
            prev = ref
            continue
        if cue is None and _SIBLING_GAP.match(gap) and role[0] != "subject":
            if role[0] == "use":
                reading.uses.append(Use(ref.key, role[1], role[2], clause))
            else:
                _, subject, prop, word = role
                reading.relations.append(Relation(subject, prop, ref.key, word, clause,
                                                  provision_before(text, gap_start, ref)))
            prev = ref
            continue
        prop = cue[0].prop if cue else "eli:cites"
        word = cue[1].text if cue else None
        if cue and _ANNEXED.match(text, cue[1].end):
            # "<X> ban hành kèm theo Quyết định số …": the decision issues X. When X is the
            # previous instrument, it is the object; when X is something unnamed in between
            # ("Bảng 2 ban hành kèm theo …"), the previous instrument has nothing to do with it.
            if _ANNEX_LEAD.match(text[gap_start:cue[1].start]):
                reading.relations.append(Relation(ref.key, prop, prev.key, word, clause))
            role = ("subject",)
            prev = ref
            continue
        if cue and _PASSIVE.search(text, max(gap_start, cue[1].start - 20), cue[1].start):
            reading.relations.append(Relation(ref.key, prop, prev.key, word, clause))
            role = ("subject",)
            prev = ref
            continue
        reading.relations.append(Relation(prev.key, prop, ref.key, word, clause,
                                          provision_before(text, gap_start, ref)))
        role = ("relation", prev.key, prop, word)
        prev = ref
    return reading


def read_document(text: str, seg: Segmentation, refs: list[Ref]) -> list[ClauseReading]:
    """Read every clause of every paragraph, carrying list continuations within a sentence."""
    table = load_cues()
    out = []
    for para in seg.paragraphs:
        for sent in sentences(text, para.span):
            inherited = None
            for cl in clauses(text, sent):
                r = read_clause(text, cl, refs, inherited, table)
                if r.uses:
                    inherited = (r.uses[-1].cue, r.uses[-1].prop)
                if r.uses or r.relations:
                    out.append(r)
    return out


def title_relations(readings: list[ClauseReading], title: Span | None, itself: str | None) -> list[Relation]:
    """What the document says about itself in its title ("Tổng kết thực hiện Quyết định X"):
    the uses of the title clause become relations from the document's own instrument."""
    if title is None or itself is None:
        return []
    return [Relation(itself, u.prop or "eli:cites", u.instrument, u.cue, u.evidence)
            for r in readings if r.clause.start < title.end and title.start < r.clause.end
            for u in r.uses if u.instrument != itself]


# What a decision does to other instruments in its own articles: "Quyết định này … thay thế
# Quyết định số …", "Bãi bỏ Nghị định số …". The actor is the document itself.
_OWN_PROPS = {"cdo:replaces", "eli:repeals", "eli:amends", "eli:corrects"}
_SELF_REF = re.compile(r"\b(?:Quyết định|Nghị định|Thông tư|Chỉ thị|Nghị quyết|Kế hoạch|Quy chế|Quy định|"
                       r"Văn bản|Công văn|Pháp lệnh|Luật)\s+này\b")
# Before an imperative cue ("Bãi bỏ …"): only an item mark or an article's number; or a short
# heading line ("Điều 2. Hiệu lực thi hành" → "Hiệu lực thi hành\nBãi bỏ …") when the cue
# opens the next line in capitals (a hard-wrapped sentence goes on in lower case).
_IMPERATIVE = re.compile(r"^[\s\-–+•*]*(?:(?:Điều|Khoản)\s+\d+[a-z]?\s*[.:]?\s*)?(?:\d+\.\s*)?(?:[a-zđ]\)\s*)?$")
_HEADING_THEN_ITEM = re.compile(r"^[\s\-–+•*]*[^\n.;:]{0,60}\n[ \t\-–+•*]*(?:\d+\.\s*)?(?:[a-zđ]\)\s*)?$")


# After an effect cue, words that make it a change of wording ("cụm từ", "từ", "các cụm từ"):
# the instrument named next is quoted text.
_WORDING = re.compile(r"\s*(?:các\s+|một\s+số\s+)?(?:cụm\s+)?từ\b", re.IGNORECASE)


def operative_relations(text: str, readings: list[ClauseReading], itself: str | None,
                        operative_start: int | None, refs: list[Ref] = ()) -> list[Relation]:
    """The document's own replaces / repeals / amends, read from its operative part: a use whose
    clause names the document itself ("Quyết định này") or starts with the cue ("Bãi bỏ …"),
    with the provision it names before the instrument ("Bãi bỏ khoản 2 Điều 5 Nghị định …")."""
    if itself is None or operative_start is None:
        return []
    out = []
    for r in readings:
        if r.clause.start < operative_start:
            continue
        for u in r.uses:
            if u.prop not in _OWN_PROPS or u.instrument == itself or not u.cue:
                continue
            at = fold_aligned(r.clause.text).find(fold(u.cue))
            if at < 0:
                continue
            lead = r.clause.text[:at]
            if _SELF_REF.search(lead) or _IMPERATIVE.match(lead) or (
                    r.clause.text[at].isupper() and _HEADING_THEN_ITEM.match(lead)):
                cue_end = r.clause.start + at + len(u.cue)
                ref = next((f for f in _inside(refs, r.clause) if f.key == u.instrument and f.span.start >= cue_end), None)
                if ref and _WORDING.match(text, cue_end, ref.span.start):
                    continue  # "thay thế cụm từ “Luật … năm 2005” bằng …": a change of words, not of that law
                provision = (provision_before(text, cue_end, ref) or some_provisions_before(text, cue_end, ref)) if ref else None
                out.append(Relation(itself, u.prop, u.instrument, u.cue, u.evidence, provision))
    return out
