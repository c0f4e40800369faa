"""Deep extraction → RDF: relations, tasks, activities, programmes, figures, conflicts, places.

Each fact goes through QuadBuilder.fact with the clause or span that states it, so every
edge of the graph can be traced to its words; relation statements also carry the cue word
(cdo:cueWord) and, when the text names one, the provision it targets (cdo:targetProvision).
"""
from __future__ import annotations

import re

from ingest import iris
from ingest.build.quads import QuadBuilder, literal
from ingest.build.vocabulary import CDO, DCTERMS, ELI, ORG, PROV, QB, RDF, RDFS, SKOS, XSD
from ingest.model import Extraction, Item, Relation
from ingest.resolve.places import of_era
from ingest.tables.text import fold, slug, squash_spaces

_KIND_CLASS = {"task": CDO.Task, "recommendation": CDO.Recommendation, "activity": CDO.AgencyActivity}
_KIND_LABEL = {"task": "Nhiệm vụ", "recommendation": "Kiến nghị", "activity": "Hoạt động"}
_REPLACING = {"cdo:replaces", "eli:amends", "eli:repeals"}
_RULE_TEXT = {
    "percentage-of-fraction": "tỷ lệ % = tử số / mẫu số × 100; sai khi lệch từ 1 đơn vị của chữ số cuối được ghi trở lên",
    "total-of-parts": "tổng = cộng các thành phần trong ngoặc; sai khi khác nhau",
}


def curie(c: str) -> str:
    prefix, local = c.split(":", 1)
    return {"eli": ELI, "cdo": CDO}[prefix][local]


def add_deep(b: QuadBuilder, ex: Extraction) -> None:
    """Add everything `ingest.deep` found to the builder's graph."""
    doc_id = ex.source.doc_id
    for r in ex.relations:
        _relation(b, r)
    for p in ex.programmes:
        node = iris.programme(p.key)
        b.add(node, RDF.type, CDO.Programme)
        b.add(node, SKOS.prefLabel, literal(p.name, lang="vi"))
        b.add(node, RDFS.label, literal(f"{p.kind} “{p.name}”", lang="vi"))
        for m in p.mentions:
            b.add(node, CDO.mention, b.mention(m))
    for item in ex.items:
        _item(b, doc_id, item)
    for a in ex.abbreviations:
        if a.target:
            b.fact(iris.instrument(a.target), SKOS.altLabel, literal(a.short, lang="vi"), a.span)
        else:
            term = iris.entity("term", doc_id, slug(a.short))
            b.add(term, RDF.type, SKOS.Concept)
            b.add(term, SKOS.prefLabel, literal(a.long, lang="vi"))
            b.fact(term, SKOS.altLabel, literal(a.short, lang="vi"), a.span)
            b.add(term, CDO.mention, b.mention(a.span))
    _in_force(b, ex)
    _figures(b, ex)
    _date_conflicts(b, ex)
    _places(b, ex)
    _posts(b, ex)


def _relation(b: QuadBuilder, r: Relation) -> None:
    s, p, o = iris.instrument(r.subject), curie(r.prop), iris.instrument(r.object)
    b.fact(s, p, o, r.evidence)
    st = iris.statement(b.doc_id, s, p, o)
    if r.cue:
        b.add(st, CDO.cueWord, literal(r.cue))
    if r.effective:
        _effect(b, st, r)
    if r.provision:
        prov = iris.instrument(r.provision.key)
        b.add(prov, RDF.type, CDO.Provision)
        b.add(prov, RDFS.label, literal(r.provision.label, lang="vi"))
        b.add(prov, CDO.mention, b.mention(r.provision.span))
        b.fact(prov, ELI.is_part_of, o, r.provision.span)
        b.add(o, ELI.has_part, prov)
        b.add(st, CDO.targetProvision, prov)
        b.fact(s, p, prov, r.evidence, r.provision.span)
        if r.cue:
            b.add(iris.statement(b.doc_id, s, p, prov), CDO.cueWord, literal(r.cue))
        if r.effective:
            _effect(b, iris.statement(b.doc_id, s, p, prov), r)


def _effect(b: QuadBuilder, statement: str, r: Relation) -> None:
    """An effect (legislation.gov.uk's model): the statement of `by p affected` is a cdo:Effect
    with the date it takes effect and the words that give that date."""
    b.add(statement, RDF.type, CDO.Effect)
    b.add(statement, CDO.effectiveFrom, literal(r.effective, datatype=XSD.date))
    if r.effective_span:
        b.add(statement, CDO.effectiveFromEvidence, b.mention(r.effective_span))


def _in_force(b: QuadBuilder, ex: Extraction) -> None:
    for f in ex.in_force:
        node = iris.instrument(f.instrument)
        b.fact(node, ELI.first_date_entry_in_force, literal(f.start, datatype=XSD.date), f.span)
        if f.until:
            b.fact(node, ELI.date_no_longer_in_force, literal(f.until, datatype=XSD.date), f.span)


def _item(b: QuadBuilder, doc_id: str, item: Item) -> None:
    node = iris.entity(item.kind, doc_id, item.local)
    b.add(node, RDF.type, _KIND_CLASS[item.kind])
    label = _KIND_LABEL[item.kind] + (f" {item.ordinal}" if item.ordinal else
                                      f": {item.bodies[0][0].name}" if item.bodies else "")
    b.add(node, RDFS.label, literal(label, lang="vi"))
    b.add(node, CDO.sourceDocument, b.doc)
    text = re.sub(r"^(?:\d{1,2}\.|[-–+•])\s+", "", squash_spaces(item.span.text))
    b.fact(node, CDO.text, literal(text), item.span)
    b.add(node, CDO.mention, b.mention(item.span))
    if item.ordinal is not None:
        b.fact(node, CDO.ordinal, literal(item.ordinal, datatype=XSD.integer), item.span)
    if item.period and item.period_span:
        b.fact(node, CDO.periodStart, literal(str(item.period[0]), datatype=XSD.gYear), item.period_span)
        b.fact(node, CDO.periodEnd, literal(str(item.period[1]), datatype=XSD.gYear), item.period_span)
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
                b.add(iris.statement(doc_id, s, p, o), CDO.cueWord, literal(u.cue))
    for key, span in item.programmes:
        b.fact(node, CDO.concernsProgramme, iris.programme(key), span)


def _figures(b: QuadBuilder, ex: Extraction) -> None:
    if not ex.figures:
        return
    doc_id = ex.source.doc_id
    ds = iris.entity("figures", doc_id, "dataset")
    b.add(ds, RDF.type, QB.DataSet)
    b.add(ds, RDFS.label, literal(f"Số liệu trong {ex.source.source_name}", lang="vi"))
    for f in ex.figures:
        node = iris.entity("figure", doc_id, f.local)
        b.add(node, RDF.type, CDO.FigureObservation)
        b.add(node, RDF.type, QB.Observation)
        b.add(node, QB.dataSet, ds)
        b.add(node, CDO.mention, b.mention(f.span))
        b.fact(node, CDO.value, literal(f.value, datatype=XSD.decimal), f.span)
        b.add(node, CDO.unitKind, literal(f.kind))
        if f.numerator is not None:
            b.add(node, CDO.numerator, literal(f.numerator, datatype=XSD.decimal))
            b.add(node, CDO.denominator, literal(f.denominator, datatype=XSD.decimal))
        if f.year:
            b.add(node, CDO.refYear, literal(str(f.year), datatype=XSD.gYear))
        if f.criterion:
            b.add(node, CDO.criterion, literal(f.criterion))
    for c in ex.checks:
        if c.ok:
            continue
        node = iris.entity("mismatch", doc_id, c.figures[0])
        b.add(node, RDF.type, CDO.FigureMismatch)
        b.add(node, RDFS.label, literal(f"{c.rule}: nêu {c.stated}, tính lại {c.computed}", lang="vi"))
        b.add(node, CDO.mention, b.mention(c.evidence))
        b.fact(node, CDO.statedValue, literal(c.stated, datatype=XSD.decimal), c.evidence)
        b.fact(node, CDO.computedValue, literal(c.computed, datatype=XSD.decimal), c.evidence)
        b.add(node, CDO.criterion, literal(_RULE_TEXT[c.rule]))
        for local in c.figures:
            b.fact(node, CDO.concernsFigure, iris.entity("figure", doc_id, local), c.evidence)


def _date_conflicts(b: QuadBuilder, ex: Extraction) -> None:
    for inst in ex.instruments:
        if len(inst.dates) < 2:
            continue
        node = iris.entity("date-conflict", ex.source.doc_id, slug(inst.key))
        b.add(node, RDF.type, CDO.DateConflict)
        b.add(node, RDFS.label, literal(
            f"{inst.symbol or inst.key}: " + " ≠ ".join(d.strftime("%d/%m/%Y") for d, _ in inst.dates), lang="vi"))
        spans = [s for _, s in inst.dates]
        b.fact(node, CDO.conflictAbout, iris.instrument(inst.key), *spans)
        for d, span in inst.dates:
            b.fact(node, CDO.conflictingValue, literal(d.isoformat(), datatype=XSD.date), span)
            b.add(node, CDO.mention, b.mention(span))


def _places(b: QuadBuilder, ex: Extraction) -> None:
    """Places with official name and code, the forms written in the text (each with its evidence),
    the unit the text says it became ("nay là …", a fact) and the units it became on 1 July 2025
    (reference data from the package, no text evidence: plain triples with a note)."""
    issue = ex.header.place and fold(ex.header.place)
    for p in ex.places:
        node = iris.place(p.key)
        label = p.official_name or p.name
        b.add(node, RDF.type, CDO.Place)
        b.add(node, SKOS.prefLabel, literal(label, lang="vi"))
        if p.code:
            b.add(node, CDO.adminCode, literal(p.code))
        if p.parent:
            b.add(node, DCTERMS.isPartOf, iris.place(p.parent))
        written: dict[str, object] = {}
        for m in p.mentions:
            b.add(node, CDO.mention, b.mention(m))
            written.setdefault(m.text, m)
        for form, m in written.items():
            if form != label:
                b.fact(node, SKOS.altLabel, literal(form, lang="vi"), m)
        if p.current:
            b.fact(node, CDO.currentUnit, iris.place(p.current), *p.mentions[:1])
        for s in p.successors:
            b.add(node, CDO.currentUnit, iris.place(s))
        if p.note:
            b.add(node, SKOS.note, literal(p.note, lang="vi"))
        if issue and p.level == "tỉnh" and fold(label).endswith(" " + issue) and of_era(p.key, ex.header.date):
            b.add(iris.entity("place", ex.source.doc_id, "issue"), SKOS.exactMatch, node)


def _posts(b: QuadBuilder, ex: Extraction) -> None:
    """A post and the instruments it issued ("Chỉ thị 08/CT-BCA-V28 … của Bộ trưởng Bộ Công an")."""
    for post in ex.posts:
        node = iris.body(post.key)
        b.add(node, RDF.type, ORG.Post)
        b.add(node, SKOS.prefLabel, literal(post.name, lang="vi"))
        b.fact(node, ORG.postIn, iris.body(post.body.key), post.mentions[0])
        for m in post.mentions:
            b.add(node, CDO.mention, b.mention(m))
            for inst in ex.instruments:
                if any(s.start <= m.start < s.end for s in inst.issuer_mentions):
                    b.fact(iris.instrument(inst.key), PROV.wasAttributedTo, node, m)
