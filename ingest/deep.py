"""Deep extraction: everything a report says beyond its citations, as one pipeline stage.

Runs after resolve and before build; each step is its own module and only chained here:
sections → abbreviations → titled plans → clause readings (relations and uses) → programmes
→ tasks and recommendations → agency and own activities → figures and audit → places.
"""
from __future__ import annotations

import dataclasses

from ingest.abbrev import expansions, find_abbreviations
from ingest.agencies import agency_activities, find_posts, own_activities
from ingest.figures import audit, find_figures
from ingest.bodies import bodies_from_phrase
from ingest.model import BodyRef, Citation, Extraction, Instrument
from ingest.places import find_places
from ingest.plans import find_titled_instruments
from ingest.programmes import find_programmes
from ingest.preamble import operative_start
from ingest.relations import mention_refs, operative_relations, read_document, title_relations
from ingest.sections import segment
from ingest.tasks import tasks_and_recommendations


def _author(ex: Extraction, itself: Instrument | None) -> BodyRef | None:
    """Who acts in the document's own sentences: its instrument's issuer, or, when its number
    was not read (a draft "Số: /QĐ-UBND", an excerpt), the body its header names."""
    if itself is not None and itself.identity_issuer is not None:
        return itself.identity_issuer
    phrase = ex.header.issuer_phrase
    found = bodies_from_phrase(phrase.text, ex.province) if phrase else []
    return found[0][0] if found else None


def deepen(ex: Extraction, citations: list[Citation]) -> Extraction:
    text = ex.source.text
    title = ex.header.title_span
    seg = segment(text, breaks=(title.end,) if title else ())
    itself = next((i for i in ex.instruments if i.is_document_itself), None)
    at = {s.start: (i.key, s.end) for i in ex.instruments for s in i.mentions}
    abbreviations = find_abbreviations(text, at)
    plans = find_titled_instruments(text, citations, list(ex.instruments), expansions(abbreviations))
    instruments = list(ex.instruments) + plans
    refs = mention_refs([i for i in instruments if not i.is_document_itself], citations,
                        [a.span for a in abbreviations])
    readings = read_document(text, seg, refs)
    relations = [r for rd in readings for r in rd.relations]
    relations += title_relations(readings, title, itself.key if itself else None)
    relations += operative_relations(text, readings, itself.key if itself else None, operative_start(text))

    mentions = [s for i in instruments for s in i.mentions]
    programmes = find_programmes(text, mentions)
    items = tasks_and_recommendations(text, seg, readings, programmes, ex.province)
    activities, agency_bodies = agency_activities(text, seg, readings, programmes, ex.province)
    taken = [i.span for i in items + activities] + ([title] if title else [])
    items += activities + own_activities(text, seg, readings, programmes, taken, _author(ex, itself))

    posts = find_posts(text, ex.province)
    figures = find_figures(text, mentions + [m for p in programmes for m in p.mentions])
    bodies = {b.key: b for b in ex.bodies}
    for b in agency_bodies + [b for i in items for b, _ in i.bodies] + [p.body for p in posts]:
        bodies.setdefault(b.key, b)
    return dataclasses.replace(
        ex, instruments=tuple(instruments), bodies=tuple(bodies.values()), relations=tuple(relations),
        items=tuple(items), programmes=tuple(programmes), abbreviations=tuple(abbreviations),
        figures=tuple(figures), checks=tuple(audit(text, figures)),
        places=tuple(find_places(text, ex.province, ex.header.date)), posts=tuple(posts))
