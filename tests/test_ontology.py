"""Tests for the chidao ontology package (ontology/)."""

from __future__ import annotations

import json

import pyshacl
import pytest
import rdflib
from rdflib import Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD

import ontology
from ontology import CDO, DOC_TYPE, ELI, NIF, ONTOLOGY_DIR, ORG, REL_TYPE

CDO_NS = str(CDO._NS)
DOC_SCHEME = URIRef("https://w3id.org/chidao/id/doc-type")
REL_SCHEME = URIRef("https://w3id.org/chidao/id/relation-type")
SD_FUNCTION = URIRef("http://www.w3.org/ns/sparql-service-description#Function")
DECL_TYPES = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property, SD_FUNCTION}


@pytest.fixture(scope="module")
def cdo_graph() -> rdflib.Graph:
    return rdflib.Graph().parse(ONTOLOGY_DIR / "chidao.ttl", format="turtle")


@pytest.fixture(scope="module")
def ont() -> rdflib.Graph:
    return ontology.load_ontology()


def _langs(g: rdflib.Graph, s, p) -> set[str | None]:
    return {o.language for o in g.objects(s, p) if isinstance(o, Literal)}


def _declared_cdo(g: rdflib.Graph) -> set[str]:
    return {
        str(s)[len(CDO_NS):]
        for s, t in g.subject_objects(RDF.type)
        if isinstance(s, URIRef) and str(s).startswith(CDO_NS) and t in DECL_TYPES
    }


@pytest.mark.parametrize("name", sorted(p.name for p in ONTOLOGY_DIR.glob("*.ttl")))
def test_ttl_parses(name):
    g = rdflib.Graph().parse(ONTOLOGY_DIR / name, format="turtle")
    assert len(g) > 0


def test_expected_files_present():
    for name in ("chidao.ttl", "doc_types.ttl", "relation_types.ttl", "shapes.ttl", "context.jsonld"):
        assert (ONTOLOGY_DIR / name).is_file(), name


def test_ontology_header(cdo_graph):
    assert (ontology.ONTOLOGY_IRI, RDF.type, OWL.Ontology) in cdo_graph


def test_every_cdo_term_labelled_and_defined(cdo_graph):
    terms = _declared_cdo(cdo_graph)
    assert terms
    for name in terms:
        iri = CDO[name]
        assert {"vi", "en"} <= _langs(cdo_graph, iri, RDFS.label), name
        assert "en" in _langs(cdo_graph, iri, SKOS.definition), name


def test_no_undeclared_cdo_term_used(ont):
    declared = _declared_cdo(ont)
    used = {
        str(t)[len(CDO_NS):]
        for triple in ont
        for t in triple
        if isinstance(t, URIRef) and str(t).startswith(CDO_NS)
    }
    assert used <= declared, used - declared


def test_defined_namespace_matches_ttl(cdo_graph):
    assert set(CDO.__annotations__) == _declared_cdo(cdo_graph)


def test_cdo_is_closed():
    assert CDO.Task == URIRef(CDO_NS + "Task")
    with pytest.raises(AttributeError):
        CDO.Taks  # noqa: B018
    with pytest.raises(AttributeError):
        CDO["Taks"]


def test_external_terms_labelled(cdo_graph):
    external = [
        ELI.LegalResource, ELI.id_local, ELI.number, ELI.date_document, ELI.passed_by, ELI.type_document,
        ELI.title, ELI.based_on, ELI.implements, ELI.ensures_implementation_of, ELI.amends, ELI.repeals,
        ELI.corrects, ELI.consolidates, ELI.cites, ELI.related_to, ELI.is_part_of, ELI.has_part,
        ORG.Organization, ORG.subOrganizationOf, ORG.Post, ORG.postIn, ORG.ChangeEvent,
        NIF.beginIndex, NIF.endIndex, NIF.anchorOf, NIF.referenceContext, NIF.Context,
        RDF.subject, RDF.predicate, RDF.object, RDF.type, SKOS.prefLabel,
    ]
    for iri in external:
        assert {"vi", "en"} <= _langs(cdo_graph, iri, RDFS.label), iri


def test_every_referenced_external_term_labelled(cdo_graph):
    """Any vocabulary term used in chidao.ttl as a superclass/superproperty/domain/range is labelled."""
    refs = set()
    for p in (RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range):
        refs |= {o for o in cdo_graph.objects(None, p) if isinstance(o, URIRef) and not str(o).startswith(str(XSD))}
    for iri in refs:
        assert {"vi", "en"} <= _langs(cdo_graph, iri, RDFS.label), iri


def test_doc_types(ont):
    tops = set(ont.objects(DOC_SCHEME, SKOS.hasTopConcept))
    assert {DOC_TYPE.administrative, DOC_TYPE["legal-normative"], DOC_TYPE.party} == tops
    concepts = set(ont.subjects(SKOS.inScheme, DOC_SCHEME)) - tops
    assert len(concepts) >= 50
    for c in concepts:
        assert str(c).startswith(str(DOC_TYPE)), c
        assert str(c)[len(str(DOC_TYPE)):].isascii(), c
        assert ont.value(c, SKOS.notation) is not None, c
        assert {"vi", "en"} <= _langs(ont, c, SKOS.prefLabel), c
        broader = set(ont.objects(c, SKOS.broader))
        assert len(broader) == 1 and broader <= tops, c
    for code in ("qd", "ct", "kh", "bc", "ctr", "tb", "hd", "ttr", "qyd", "da", "pa", "nq", "cv", "tt", "ttlt",
                 "nd", "l", "bl", "pl", "nqlt", "vbhn", "ttri", "qc", "kl", "qdi"):
        assert DOC_TYPE[code] in concepts, code
    assert (DOC_TYPE.tt, SKOS.broader, DOC_TYPE["legal-normative"]) in ont
    assert (DOC_TYPE.ttri, SKOS.broader, DOC_TYPE.party) in ont
    assert ont.value(DOC_TYPE.ttri, SKOS.notation) == Literal("TT")
    assert ont.value(DOC_TYPE.qd, SKOS.notation) == Literal("QĐ")
    assert Literal("QD") in set(ont.objects(DOC_TYPE.qd, SKOS.altLabel))


VBPL_PAIRS = {
    "can-cu": ("căn cứ", "được căn cứ"),
    "huong-dan": ("hướng dẫn", "được hướng dẫn"),
    "sua-doi-bo-sung": ("sửa đổi, bổ sung", "bị sửa đổi, bổ sung"),
    "thay-the": ("thay thế", "bị thay thế"),
    "bai-bo": ("bãi bỏ", "bị bãi bỏ"),
    "dinh-chinh": ("đính chính", "bị đính chính"),
    "hop-nhat": ("hợp nhất", "được hợp nhất"),
    "dan-chieu": ("dẫn chiếu", "được dẫn chiếu"),
    "giai-thich": ("giải thích", "được giải thích"),
    "dinh-chi": ("đình chỉ", "bị đình chỉ"),
    "tam-ngung": ("tạm ngưng hiệu lực", "bị tạm ngưng hiệu lực"),
    "cong-bo": ("công bố", "được công bố"),
    "het-hieu-luc": ("quy định hết hiệu lực", "bị hết hiệu lực"),
}


def test_relation_types(ont):
    declared_props = {
        s for s, t in ont.subject_objects(RDF.type) if t in {OWL.ObjectProperty, OWL.DatatypeProperty, RDF.Property}
    }
    register = [c for c in ont.subjects(SKOS.broader, REL_TYPE.register)]
    assert len(register) == 13
    for slug, (active, passive) in VBPL_PAIRS.items():
        c = REL_TYPE[slug]
        assert (c, SKOS.broader, REL_TYPE.register) in ont, slug
        assert Literal(active, lang="vi") in set(ont.objects(c, SKOS.prefLabel)), slug
        assert Literal(passive, lang="vi") in set(ont.objects(c, CDO.passiveLabel)), slug
    concepts = set(ont.subjects(SKOS.inScheme, REL_SCHEME)) - set(ont.objects(REL_SCHEME, SKOS.hasTopConcept))
    for c in concepts:
        assert ont.value(c, SKOS.notation) is not None, c
        assert {"vi", "en"} <= _langs(ont, c, SKOS.prefLabel), c
        prop = ont.value(c, CDO.property)
        assert prop in declared_props, (c, prop)
        matches = set(ont.objects(c, SKOS.exactMatch)) | set(ont.objects(c, SKOS.closeMatch))
        assert prop in matches, c
    props = {ont.value(c, CDO.property) for c in concepts}
    assert {ELI.implements, CDO.promulgates, CDO.funds, CDO.reportsOn, CDO.monitors, CDO.replaces} <= props


def test_context_jsonld_roundtrip():
    ctx = json.loads((ONTOLOGY_DIR / "context.jsonld").read_text(encoding="utf-8"))["@context"]
    for name in CDO.__annotations__:
        assert name in ctx, name
    doc = {
        "@context": ctx, "@id": "https://example.org/a", "@type": "LegalResource",
        "id_local": "1395/QĐ-UBND", "date_document": "2021-05-01", "drives": "https://example.org/t1",
        "type_document": str(DOC_TYPE.qd),
    }
    g = rdflib.Graph().parse(data=json.dumps(doc), format="json-ld")
    a = URIRef("https://example.org/a")
    assert (a, RDF.type, ELI.LegalResource) in g
    assert (a, CDO.drives, URIRef("https://example.org/t1")) in g
    assert (a, ELI.type_document, DOC_TYPE.qd) in g
    assert (a, ELI.date_document, Literal("2021-05-01", datatype=XSD.date)) in g


# ---------------------------------------------------------------- SHACL

EX = rdflib.Namespace("https://example.org/")


def _valid_graph() -> rdflib.Graph:
    g = rdflib.Graph()
    doc, kh, ubnd, m1, m2, st = EX.doc1, EX.kh1, EX.ubnd, EX.m1, EX.m2, EX.st1
    g.add((doc, RDF.type, ELI.LegalResource))
    g.add((doc, ELI.id_local, Literal("1395/QĐ-UBND")))
    g.add((doc, ELI.type_document, DOC_TYPE.qd))
    g.add((doc, ELI.passed_by, ubnd))
    g.add((doc, ELI.date_document, Literal("2021-05-01", datatype=XSD.date)))
    g.add((doc, CDO.mention, m1))
    g.add((kh, RDF.type, ELI.LegalResource))  # unnumbered plan: no id_local
    g.add((kh, ELI.type_document, DOC_TYPE.kh))
    g.add((kh, ELI.passed_by, ubnd))
    g.add((kh, CDO.mention, m2))
    g.add((ubnd, RDF.type, ORG.Organization))
    g.add((ubnd, SKOS.prefLabel, Literal("Ủy ban nhân dân tỉnh Quảng Ngãi", lang="vi")))
    for m, b, e, text in ((m1, 0, 12, "1395/QĐ-UBND"), (m2, 40, 48, "Kế hoạch")):
        g.add((m, RDF.type, CDO.Mention))
        g.add((m, NIF.beginIndex, Literal(b, datatype=XSD.nonNegativeInteger)))
        g.add((m, NIF.endIndex, Literal(e, datatype=XSD.nonNegativeInteger)))
        g.add((m, NIF.anchorOf, Literal(text)))
        g.add((m, NIF.referenceContext, EX.ctx))
    g.add((st, RDF.type, CDO.Statement))
    g.add((st, RDF.subject, doc))
    g.add((st, RDF.predicate, CDO.promulgates))
    g.add((st, RDF.object, kh))
    g.add((st, CDO.evidence, m2))
    g.add((st, CDO.confidence, Literal("0.9", datatype=XSD.decimal)))
    g.add((st, CDO.cueWord, Literal("ban hành")))
    return g


def _validate(g: rdflib.Graph):
    conforms, _, text = pyshacl.validate(
        g, shacl_graph=ontology.shapes_graph(), ont_graph=ontology.load_ontology(), inference="none"
    )
    return conforms, text


def test_sample_data_terms_are_labelled(ont):
    assert ontology.unlabelled_terms(_valid_graph(), ont) == set()
    g = _valid_graph()
    g.add((EX.doc1, EX.madeUp, Literal("x")))
    assert ontology.unlabelled_terms(g, ont) == {EX.madeUp}


def test_shacl_valid_graph_conforms():
    conforms, text = _validate(_valid_graph())
    assert conforms, text


def test_shacl_date_conflict_flag_allows_two_dates():
    g = _valid_graph()
    g.add((EX.doc1, ELI.date_document, Literal("2021-05-03", datatype=XSD.date)))
    g.add((EX.doc1, CDO.hasDateConflict, Literal(True)))
    conforms, text = _validate(g)
    assert conforms, text


def test_shacl_two_dates_without_flag_violates():
    g = _valid_graph()
    g.add((EX.doc1, ELI.date_document, Literal("2021-05-03", datatype=XSD.date)))
    conforms, text = _validate(g)
    assert not conforms
    assert "date_document" in text


def test_shacl_statement_without_evidence_violates():
    g = _valid_graph()
    g.remove((EX.st1, CDO.evidence, None))
    conforms, text = _validate(g)
    assert not conforms
    assert "evidence" in text


def test_shacl_mention_without_offsets_violates():
    g = _valid_graph()
    g.remove((EX.m1, NIF.beginIndex, None))
    conforms, _ = _validate(g)
    assert not conforms


def test_shacl_instrument_without_mention_or_type_violates():
    g = _valid_graph()
    g.remove((EX.doc1, CDO.mention, None))
    assert not _validate(g)[0]
    g = _valid_graph()
    g.remove((EX.doc1, ELI.type_document, None))
    assert not _validate(g)[0]


def test_shacl_organization_needs_label():
    g = _valid_graph()
    g.remove((EX.ubnd, SKOS.prefLabel, None))
    assert not _validate(g)[0]


def test_every_relation_reads_both_ways_in_vi_and_en(ont):
    """The page's Lược đồ words each relation from both ends: rdfs:label from the subject,
    cdo:inverseLabel from the object ('sửa đổi, bổ sung' / 'được sửa đổi, bổ sung bởi')."""
    from chidao.lineage import relations

    for iri in relations():
        assert {"vi", "en"} <= _langs(ont, URIRef(iri), RDFS.label), iri
        assert {"vi", "en"} <= _langs(ont, URIRef(iri), CDO.inverseLabel), iri
    assert Literal("được ban hành kèm theo", lang="vi") in set(ont.objects(URIRef(CDO.promulgates), CDO.inverseLabel))
