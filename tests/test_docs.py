"""Generated docs are current, and everything a user can call or query is documented."""
from __future__ import annotations

import click
from rdflib import URIRef
from rdflib.namespace import OWL, RDF

from chidao.cli import main
from chidao.docgen import DOCS, curie, stale_docs
from ontology import load_ontology


def test_generated_docs_are_not_stale():
    assert stale_docs() == [], "run `chidao docs` and commit docs/"


def test_every_cli_command_is_documented():
    text = (DOCS / "cli.md").read_text("utf-8")
    ctx = click.Context(main)
    for name in main.list_commands(ctx):
        assert f"## chidao {name}\n" in text, name


def test_every_ontology_term_is_documented():
    text = (DOCS / "ontology.md").read_text("utf-8")
    g = load_ontology()
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty):
        for term in g.subjects(RDF.type, kind):
            if not isinstance(term, URIRef):
                continue  # anonymous classes (owl:unionOf) have no page of their own
            assert f"### `{curie(term)}`" in text, term


def test_staleness_check_can_fail(tmp_path):
    (tmp_path / "cli.md").write_text("old", encoding="utf-8")
    assert "cli.md" in stale_docs(tmp_path)
