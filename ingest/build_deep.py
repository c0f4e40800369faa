"""Deep extraction → RDF: relations, tasks, activities, programmes, figures, conflicts, places.

Each fact goes through GraphBuilder.fact with the clause or span that states it, so every
edge of the graph can be traced to its words; relation statements also carry the cue word
(cdo:cueWord) and, when the text names one, the provision it targets (cdo:targetProvision).
"""
from __future__ import annotations

import re

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SKOS, XSD

from ingest import iris
from ingest.model import Extraction, Item, Relation
from ingest.places import of_era
from ingest.text import fold, slug, squash_spaces
from ontology import CDO, ELI, QB

_KIND_CLASS = {"task": CDO.Task, "recommendation": CDO.Recommendation, "activity": CDO.AgencyActivity}
_KIND_LABEL = {"task": "Nhiệm vụ", "recommendation": "Kiến nghị", "activity": "Hoạt động"}
_REPLACING = {"cdo:replaces", "eli:amends", "eli:repeals"}
_RULE_TEXT = {
    "percentage-of-fraction": "tỷ lệ % = tử số / mẫu số × 100; sai khi lệch từ 1 đơn vị của chữ số cuối được ghi trở lên",
    "total-of-parts": "tổng = cộng các thành phần trong ngoặc; sai khi khác nhau",
}


def curie(c: str) -> URIRef:
    prefix, local = c.split(":", 1)
    return {"eli": ELI, "cdo": CDO._NS}[prefix][local]


def add_deep(b, ex: Extraction) -> None:
    """Add everything `ingest.deep` found to the builder's graph."""
    doc_id = ex.source.doc_id
    for r in ex.relations:
        _relation(b, r)
    for p in ex.programmes:
        node = iris.programme(p.key)
        b.g.add((node, RDF.type, CDO.Programme))
        b.g.add((node, SKOS.prefLabel, Literal(p.name, lang="vi")))
        b.g.add((node, RDFS.label, Literal(f"{p.kind} “{p.name}”", lang="vi")))
        for m in p.mentions:
            b.g.add((node, CDO.mention, b.mention(m)))
    for item in ex.items:
        _item(b, doc_id, item)
    for a in ex.abbreviations:
        if a.target:
            b.fact(iris.instrument(a.target), SKOS.altLabel, Literal(a.short, lang="vi"), a.span)
        else:
            term = iris.entity("term", doc_id, slug(a.short))
            b.g.add((term, RDF.type, SKOS.Concept))
            b.g.add((term, SKOS.prefLabel, Literal(a.long, lang="vi")))
            b.fact(term, SKOS.altLabel, Literal(a.short, lang="vi"), a.span)
            b.g.add((term, CDO.mention, b.mention(a.span)))
    _figures(b, ex)
    _date_conflicts(b, ex)
    _places(b, ex)
    _posts(b, ex)


def _relation(b, r: Relation) -> None:
    s, p, o = iris.instrument(r.subject), curie(r.prop), iris.instrument(r.object)
    b.fact(s, p, o, r.evidence)
    st = iris.statement(b.doc_id, str(s), str(p), str(o))
    if r.cue:
        b.g.add((st, CDO.cueWord, Literal(r.cue)))
    if r.provision:
        prov = iris.instrument(r.provision.key)
        b.g.add((prov, RDF.type, CDO.Provision))
        b.g.add((prov, RDFS.label, Literal(r.provision.label, lang="vi")))
        b.g.add((prov, CDO.mention, b.mention(r.provision.span)))
        b.fact(prov, ELI.is_part_of, o, r.provision.span)
        b.g.add((o, ELI.has_part, prov))
        b.g.add((st, CDO.targetProvision, prov))
        b.fact(s, p, prov, r.evidence, r.provision.span)
        if r.cue:
            b.g.add((iris.statement(b.doc_id, str(s), str(p), str(prov)), CDO.cueWord, Literal(r.cue)))


def _item(b, doc_id: str, item: Item) -> None:
    node = iris.entity(item.kind, doc_id, item.local)
    g = b.g
    g.add((node, RDF.type, _KIND_CLASS[item.kind]))
    label = _KIND_LABEL[item.kind] + (f" {item.ordinal}" if item.ordinal else
                                      f": {item.bodies[0][0].name}" if item.bodies else "")
    g.add((node, RDFS.label, Literal(label, lang="vi")))
    g.add((node, CDO.sourceDocument, b.doc))
    text = re.sub(r"^(?:\d{1,2}\.|[-–+•])\s+", "", squash_spaces(item.span.text))
    b.fact(node, CDO.text, Literal(text), item.span)
    g.add((node, CDO.mention, b.mention(item.span)))
    if item.ordinal is not None:
        b.fact(node, CDO.ordinal, Literal(item.ordinal, datatype=XSD.integer), item.span)
    if item.period and item.period_span:
        b.fact(node, CDO.periodStart, Literal(str(item.period[0]), datatype=XSD.gYear), item.period_span)
        b.fact(node, CDO.periodEnd, Literal(str(item.period[1]), datatype=XSD.gYear), item.period_span)
    who = CDO.performedBy if item.kind == "activity" else CDO.addressedTo
    for body, span in item.bodies:
        b.fact(node, who, iris.body(body.key), span)
    for u in item.uses:
        inst = iris.instrument(u.instrument)
        if item.kind == "activity":
            pairs = [(node, CDO.concernsInstrument, inst)]
        elif item.kind == "recommendation" and u.prop in _REPLACING:
            pairs = [(node, CDO.recommendsReplacing, inst)]
        else:
            pairs = [(node, CDO.drivenBy, inst), (inst, CDO.drives, node)]
        for s, p, o in pairs:
            b.fact(s, p, o, u.evidence)
            if u.cue:
                g.add((iris.statement(doc_id, str(s), str(p), str(o)), CDO.cueWord, Literal(u.cue)))
    for key, span in item.programmes:
        b.fact(node, CDO.concernsProgramme, iris.programme(key), span)


def _figures(b, ex: Extraction) -> None:
    if not ex.figures:
        return
    doc_id, g = ex.source.doc_id, b.g
    ds = iris.entity("figures", doc_id, "dataset")
    g.add((ds, RDF.type, QB.DataSet))
    g.add((ds, RDFS.label, Literal(f"Số liệu trong {ex.source.source_name}", lang="vi")))
    for f in ex.figures:
        node = iris.entity("figure", doc_id, f.local)
        g.add((node, RDF.type, CDO.FigureObservation))
        g.add((node, RDF.type, QB.Observation))
        g.add((node, QB.dataSet, ds))
        g.add((node, CDO.mention, b.mention(f.span)))
        b.fact(node, CDO.value, Literal(f.value, datatype=XSD.decimal), f.span)
        g.add((node, CDO.unitKind, Literal(f.kind)))
        if f.numerator is not None:
            g.add((node, CDO.numerator, Literal(f.numerator, datatype=XSD.decimal)))
            g.add((node, CDO.denominator, Literal(f.denominator, datatype=XSD.decimal)))
        if f.year:
            g.add((node, CDO.refYear, Literal(str(f.year), datatype=XSD.gYear)))
        if f.criterion:
            g.add((node, CDO.criterion, Literal(f.criterion)))
    for c in ex.checks:
        if c.ok:
            continue
        node = iris.entity("mismatch", doc_id, c.figures[0])
        g.add((node, RDF.type, CDO.FigureMismatch))
        g.add((node, RDFS.label, Literal(f"{c.rule}: nêu {c.stated}, tính lại {c.computed}", lang="vi")))
        g.add((node, CDO.mention, b.mention(c.evidence)))
        b.fact(node, CDO.statedValue, Literal(c.stated, datatype=XSD.decimal), c.evidence)
        b.fact(node, CDO.computedValue, Literal(c.computed, datatype=XSD.decimal), c.evidence)
        g.add((node, CDO.criterion, Literal(_RULE_TEXT[c.rule])))
        for local in c.figures:
            b.fact(node, CDO.concernsFigure, iris.entity("figure", doc_id, local), c.evidence)


def _date_conflicts(b, ex: Extraction) -> None:
    for inst in ex.instruments:
        if len(inst.dates) < 2:
            continue
        node = iris.entity("date-conflict", ex.source.doc_id, slug(inst.key))
        b.g.add((node, RDF.type, CDO.DateConflict))
        b.g.add((node, RDFS.label, Literal(
            f"{inst.symbol or inst.key}: " + " ≠ ".join(d.strftime("%d/%m/%Y") for d, _ in inst.dates), lang="vi")))
        spans = [s for _, s in inst.dates]
        b.fact(node, CDO.conflictAbout, iris.instrument(inst.key), *spans)
        for d, span in inst.dates:
            b.fact(node, CDO.conflictingValue, Literal(d.isoformat(), datatype=XSD.date), span)
            b.g.add((node, CDO.mention, b.mention(span)))


def _places(b, ex: Extraction) -> None:
    """Places with official name and code, the forms written in the text (each with its evidence),
    the unit the text says it became ("nay là …", a fact) and the units it became on 1 July 2025
    (reference data from the package, no text evidence: plain triples with a note)."""
    g = b.g
    issue = ex.header.place and fold(ex.header.place)
    for p in ex.places:
        node = iris.place(p.key)
        label = p.official_name or p.name
        g.add((node, RDF.type, CDO.Place))
        g.add((node, SKOS.prefLabel, Literal(label, lang="vi")))
        if p.code:
            g.add((node, CDO.adminCode, Literal(p.code)))
        if p.parent:
            g.add((node, DCTERMS.isPartOf, iris.place(p.parent)))
        written: dict[str, object] = {}
        for m in p.mentions:
            g.add((node, CDO.mention, b.mention(m)))
            written.setdefault(m.text, m)
        for form, m in written.items():
            if form != label:
                b.fact(node, SKOS.altLabel, Literal(form, lang="vi"), m)
        if p.current:
            b.fact(node, CDO.currentUnit, iris.place(p.current), *p.mentions[:1])
        for s in p.successors:
            g.add((node, CDO.currentUnit, iris.place(s)))
        if p.note:
            g.add((node, SKOS.note, Literal(p.note, lang="vi")))
        if issue and p.level == "tỉnh" and fold(label).endswith(" " + issue) and of_era(p.key, ex.header.date):
            g.add((iris.entity("place", ex.source.doc_id, "issue"), SKOS.exactMatch, node))


def _posts(b, ex: Extraction) -> None:
    """A post and the instruments it issued ("Chỉ thị 08/CT-BCA-V28 … của Bộ trưởng Bộ Công an")."""
    for post in ex.posts:
        node = iris.body(post.key)
        b.g.add((node, RDF.type, ORG.Post))
        b.g.add((node, SKOS.prefLabel, Literal(post.name, lang="vi")))
        b.fact(node, ORG.postIn, iris.body(post.body.key), post.mentions[0])
        for m in post.mentions:
            b.g.add((node, CDO.mention, b.mention(m)))
            for inst in ex.instruments:
                if any(s.start <= m.start < s.end for s in inst.issuer_mentions):
                    b.fact(iris.instrument(inst.key), PROV.wasAttributedTo, node, m)
