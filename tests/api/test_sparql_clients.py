"""Standard clients pointed at the endpoint just work: SPARQLWrapper in every result format and
rdflib's SPARQLStore."""
from __future__ import annotations

import csv
import io

import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from served import QD_1395
from SPARQLWrapper import CSV, JSON, JSONLD, N3, RDFXML, TSV, TURTLE, XML, SPARQLWrapper

SELECT = """PREFIX eli: <http://data.europa.eu/eli/ontology#>
SELECT ?i ?symbol WHERE { ?i eli:id_local ?symbol } ORDER BY ?symbol"""
ASK = f"ASK {{ <{QD_1395}> <http://data.europa.eu/eli/ontology#id_local> \"1395/QĐ-UBND\" }}"
CONSTRUCT = f"CONSTRUCT {{ <{QD_1395}> ?p ?o }} WHERE {{ <{QD_1395}> ?p ?o }}"


def client(server, query, fmt, method="GET"):
    w = SPARQLWrapper(server.sparql)
    w.setQuery(query)
    w.setReturnFormat(fmt)
    w.setMethod(method)
    return w.query()


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_select_json(server, method):
    rows = client(server, SELECT, JSON, method).convert()["results"]["bindings"]
    symbols = [r["symbol"]["value"] for r in rows]
    assert "1395/QĐ-UBND" in symbols and symbols == sorted(symbols)


def test_select_xml(server):
    doc = client(server, SELECT, XML).convert()
    values = [n.firstChild.data for n in doc.getElementsByTagName("literal")]
    assert "1395/QĐ-UBND" in values


@pytest.mark.parametrize("fmt,delimiter", [(CSV, ","), (TSV, "\t")])
def test_select_csv_tsv(server, fmt, delimiter):
    text = client(server, SELECT, fmt).convert().decode("utf-8")
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    assert rows[0] in (["i", "symbol"], ["?i", "?symbol"])
    assert any("1395/QĐ-UBND" in cell for row in rows[1:] for cell in row)


@pytest.mark.parametrize("fmt", [JSON, XML])
def test_ask(server, fmt):
    result = client(server, ASK, fmt).convert()
    if fmt == XML:
        assert result.getElementsByTagName("boolean")[0].firstChild.data == "true"
    else:
        assert result["boolean"] is True


@pytest.mark.parametrize("fmt", [TURTLE, N3, RDFXML, JSONLD])
def test_construct_every_rdf_format(server, fmt):
    g = client(server, CONSTRUCT, fmt).convert()
    if isinstance(g, bytes):
        g = rdflib.Graph().parse(data=g.decode("utf-8"), format="turtle")
    assert (rdflib.URIRef(QD_1395), rdflib.URIRef("http://data.europa.eu/eli/ontology#id_local"),
            rdflib.Literal("1395/QĐ-UBND")) in {(s, p, rdflib.Literal(str(o)) if isinstance(o, rdflib.Literal) else o)
                                                 for s, p, o in g}


def test_describe_through_sparqlwrapper(server):
    g = client(server, f"DESCRIBE <{QD_1395}>", TURTLE).convert()
    g = rdflib.Graph().parse(data=g.decode("utf-8") if isinstance(g, bytes) else g, format="turtle")
    assert len(g) > 5


def test_rdflib_sparqlstore(server):
    g = rdflib.Graph(store=SPARQLStore(server.sparql))
    rows = list(g.query(SELECT))
    assert any(str(r.symbol) == "1395/QĐ-UBND" for r in rows)
    assert g.query(ASK).askAnswer is True
    triples = list(g.triples((rdflib.URIRef(QD_1395), None, None)))
    assert any(str(o) == "1395/QĐ-UBND" for _, _, o in triples)
