"""Agencies and what they did: "* **Sở Tư pháp:** Hằng năm, …" paragraphs → activities.

Why: a report's results section names each agency in a bullet label and says what it did and
under which instruments; the label is a short form ("Sở Tư pháp", "Công an tỉnh") that only
has an identity within the province of the report. Canonical names and parents (a Sở is part
of the provincial People's Committee, Công an tỉnh is under Bộ Công an) come from
ingest/data/agencies.json and ingest/data/issuers.json. What the report's own author did
("Chỉ đạo triển khai thực hiện Chỉ thị X") becomes an activity of the document's issuer.
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache

from ingest.model import BodyRef, Item, Post, Programme, Span
from ingest.relate.relations import ClauseReading
from ingest.segment.sections import Segmentation, sentences
from ingest.tables.bodies import body_from_code, body_from_entry, load_issuers, province_unit
from ingest.tables.grammar import load_json
from ingest.tables.text import fold, slug

_LABEL = re.compile(r"^[*\-–+•]\s+(?:\*\*)?(?P<name>[^:*\n]{3,90}?)\s*:\s*(?:\*\*)?\s*")
_POST = re.compile(r"(?<![\wÀ-ỹ])(?P<title>Phó Chủ tịch|Chủ tịch|Bộ trưởng|Thứ trưởng|Tổng cục trưởng|Cục trưởng|"
                   r"Giám đốc|Trưởng ban|Bí thư|Chánh án|Viện trưởng)\s+(?=[A-ZĐỦ])")
_HAS_UNIT = re.compile(r"\b(?:tỉnh|thành phố|huyện|thị xã|quận|Việt Nam|Trung ương)\b")


@lru_cache(maxsize=1)
def _table() -> dict:
    return load_json("agencies.json")


def canonical_agency(label: str, province: str | None) -> tuple[BodyRef, BodyRef | None] | None:
    """'Sở Tư pháp' → (Sở Tư pháp tỉnh Quảng Ngãi, its parent UBND tỉnh Quảng Ngãi); None if the
    label does not start like a body name."""
    table = _table()
    label = re.sub(r"\s+", " ", label).strip()
    if not any(label.startswith(h + " ") or label == h for h in table["heads"]):
        return None
    unit = province_unit(province)
    hit = load_issuers().match_alias(label)
    if hit and hit[1] >= len(fold(label)) - len(" tinh") and hit[0].is_local:
        name = hit[0].name.replace("{unit}", unit or "?")
    elif label.endswith(" tỉnh") and unit:
        name = label[: -len(" tỉnh")] + " " + unit
    elif not _HAS_UNIT.search(label) and unit and any(
            label.startswith(h) for h in table["provincial_heads"]):
        name = f"{label} {unit}"
    else:
        name = label
    parent = None
    for rule in table["parents"]:
        if name.startswith(rule["prefix"]):
            ref = body_from_code(rule["parent"], province) if " " not in rule["parent"] else None
            parent = ref or BodyRef(name=rule["parent"], key=slug(rule["parent"]), kind="central")
            break
    body = BodyRef(name=name, key=slug(name), kind="local" if unit and unit in name else "unknown",
                   abbreviation=label if label != name else None,
                   parent_key=parent.key if parent else None)
    return body, parent


def _uses_in(readings: list[ClauseReading], span: Span):
    """Uses of the clauses that start inside the span (readings are in text order)."""
    first = bisect.bisect_left(readings, span.start, key=lambda r: r.clause.start)
    last = bisect.bisect_left(readings, span.end, lo=first, key=lambda r: r.clause.start)
    return tuple(u for r in readings[first:last] for u in r.uses)


def _programmes_in(programmes: list[Programme], span: Span):
    return tuple((p.key, m) for p in programmes for m in p.mentions if span.start <= m.start < span.end)


def agency_activities(text: str, seg: Segmentation, readings: list[ClauseReading],
                      programmes: list[Programme], province: str | None
                      ) -> tuple[list[Item], list[BodyRef]]:
    """One activity per agency paragraph, performed by the canonical body of its label."""
    items, bodies = [], []
    for para in seg.paragraphs:
        m = _LABEL.match(para.span.text)
        if not m or para.heading_level is not None:
            continue
        found = canonical_agency(m.group("name"), province)
        if found is None:
            continue
        body, parent = found
        name_span = Span(para.span.start + m.start("name"), para.span.start + m.end("name"), m.group("name"))
        items.append(Item("activity", slug(m.group("name")), para.span, bodies=((body, name_span),),
                          uses=_uses_in(readings, para.span),
                          programmes=_programmes_in(programmes, para.span)))
        bodies.append(body)
        if parent:
            bodies.append(parent)
    return items, bodies


def own_activities(text: str, seg: Segmentation, readings: list[ClauseReading],
                   programmes: list[Programme], taken: list[Span], actor: BodyRef | None) -> list[Item]:
    """Sentences outside agency paragraphs, tasks and the title where the report's author acts
    on an instrument: one activity each, performed by the document's issuer."""
    items = []
    if actor is None:  # an activity needs its performer (shapes.ttl); nobody known, nothing said
        return items
    for para in seg.paragraphs:
        if any(t.start < para.span.end and para.span.start < t.end for t in taken):
            continue
        for sent in sentences(text, para.span):
            uses = _uses_in(readings, sent)
            if not uses:
                continue
            items.append(Item("activity", f"report-{sent.start}", sent,
                              bodies=((actor, sent),) if actor else (), uses=uses,
                              programmes=_programmes_in(programmes, sent)))
    return items


def find_posts(text: str, province: str | None) -> list[Post]:
    """Posts named with their body ("Bộ trưởng Bộ Công an", "Chủ tịch UBND tỉnh")."""
    found: dict[str, tuple[str, BodyRef, list[Span]]] = {}
    for m in _POST.finditer(text):
        hit = load_issuers().match_alias(text[m.end():m.end() + 120])
        if not hit:
            continue
        entry, length = hit
        body = body_from_entry(entry, province_unit(province) if entry.is_local else None)
        name = f"{m.group('title')} {body.name}"
        end = m.end() + length
        found.setdefault(slug(name), (name, body, []))[2].append(Span(m.start(), end, text[m.start():end]))
    return [Post(key, name, body, tuple(spans)) for key, (name, body, spans) in found.items()]
