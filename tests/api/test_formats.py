"""Accept negotiation and the capped result serialisers (checked against Oxigraph's own parser)."""
from __future__ import annotations

import csv
import io

import pyoxigraph as ox
import pytest
from served import QD_1395

from api.formats import negotiate, parse_accept
from api.results import serialize_boolean, serialize_rows
from api.settings import ENV

ROOT_README = __import__("pathlib").Path(__file__).resolve().parents[2] / "README.md"


@pytest.mark.parametrize("accept,offers,expected", [
    ("text/csv;q=0.2, application/json", ["text/csv", "application/json"], "application/json"),
    ("*/*;q=0.1, text/csv;q=0", ["text/csv", "application/json"], "application/json"),
    ("text/*;q=0.5, text/csv;q=0.9", ["text/turtle", "text/csv"], "text/csv"),
    ("image/png", ["text/csv"], None),
    ("", ["text/csv", "application/json"], "text/csv"),
    ("application/json;q=oops", ["application/json"], None),
])
def test_negotiate(accept, offers, expected):
    assert negotiate(accept, offers) == expected


def test_parse_accept_keeps_order_and_q():
    assert parse_accept("a/b;q=0.5, c/d") == [("a/b", 0.5), ("c/d", 1.0)]


@pytest.mark.parametrize("fmt,parse_as", [("json", ox.QueryResultsFormat.JSON), ("xml", ox.QueryResultsFormat.XML),
                                          ("tsv", ox.QueryResultsFormat.TSV)])
def test_rows_round_trip_through_oxigraph(sample_store, fmt, parse_as):
    q = f"""SELECT ?p ?o ?missing WHERE {{ <{QD_1395}> ?p ?o OPTIONAL {{ ?o <urn:none> ?missing }} }}"""
    solutions = list(sample_store.query(q))
    rows = [[s["p"], s["o"], s["missing"]] for s in solutions]
    data = serialize_rows(["p", "o", "missing"], rows, fmt)
    assert data.decode("utf-8")  # UTF-8, Vietnamese kept
    parsed = list(ox.parse_query_results(io.BytesIO(data), parse_as))
    assert len(parsed) == len(rows)
    assert {(s["p"], s["o"]) for s in parsed} == {(t[0], t[1]) for t in rows}
    assert all(s["missing"] is None for s in parsed)


def test_csv_is_rfc4180(sample_store):
    """CSV is lossy (no parser returns terms): read it back as CSV. Mention IRIs hold commas
    (#char=12,40), which must be quoted."""
    q = f"SELECT ?p ?o WHERE {{ <{QD_1395}> ?p ?o }} ORDER BY ?p ?o"
    rows = [[s["p"], s["o"]] for s in sample_store.query(q)]
    text = serialize_rows(["p", "o"], rows, "csv").decode("utf-8")
    back = list(csv.reader(io.StringIO(text, newline="")))
    assert back[0] == ["p", "o"]
    assert back[1:] == [[t[0].value, t[1].value] for t in rows]
    assert any("," in o for _, o in back[1:])


@pytest.mark.parametrize("fmt,parse_as", [("json", ox.QueryResultsFormat.JSON), ("xml", ox.QueryResultsFormat.XML)])
def test_boolean_round_trip(fmt, parse_as):
    for value in (True, False):
        assert bool(ox.parse_query_results(io.BytesIO(serialize_boolean(value, fmt)), parse_as)) is value


def test_every_setting_is_documented():
    readme = ROOT_README.read_text("utf-8")
    missing = [var for var in ENV.values() if var not in readme]
    assert not missing, f"settings not documented in README: {missing}"
