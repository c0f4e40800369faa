"""Generated docs are current, and everything a user can call or query is documented."""
from __future__ import annotations

import sys

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


# -- HTTP API reference: every route documented, every example runs -----------------------------
import os
import re
import shlex
import subprocess
from pathlib import Path

import pytest
from served_server import ROOT, serve_sample


def _routes() -> set[str]:
    from fastapi.routing import APIRoute

    from api.app import create_app
    from api.settings import Settings

    app = create_app(Settings(store="unused"))
    return {f"{m} {r.path}" for r in app.routes if isinstance(r, APIRoute) and r.include_in_schema
            for m in r.methods if m != "HEAD"}


def test_http_reference_is_generated_through_the_entry_point():
    from chidao.docgen import contributed_generators

    assert "http-api.md" in contributed_generators(), "reinstall: pip install -e '.[dev]'"


def test_every_http_route_is_documented_with_an_example():
    text = (DOCS / "http-api.md").read_text("utf-8")
    sections = dict(re.findall(r"^## (\S+ \S+)\n(.*?)(?=^## |\Z)", text, flags=re.M | re.S))
    for route in _routes():
        assert route in sections, f"{route} missing from docs/http-api.md"
        assert "```sh\ncurl " in sections[route], f"{route} has no curl example"


def test_a_route_without_an_example_stops_generation(monkeypatch):
    from api import docgen

    monkeypatch.delitem(docgen.EXAMPLES, ("GET", "/search"))
    with pytest.raises(ValueError, match="/search"):
        docgen.http_reference()


@pytest.fixture(scope="module")
def sample_server(tmp_path_factory):
    server, stop = serve_sample(tmp_path_factory.mktemp("docs-server"))
    yield server
    stop()


def test_every_http_example_runs(sample_server):
    """Each documented curl runs as written against a real server (only the base URL swapped);
    the update example needs its token, so it must be refused without one."""
    text = (DOCS / "http-api.md").read_text("utf-8")
    examples = re.findall(r"```sh\n(curl .*?)\n```", text)
    assert len(examples) >= len(_routes())
    for cmd in examples:
        argv = [a.replace("http://127.0.0.1:8000", sample_server.url) for a in shlex.split(cmd)]
        argv = [a.replace("$CHIDAO_UPDATE_TOKEN", "") for a in argv]
        done = subprocess.run(argv[:1] + ["-sS", "-o", "/dev/null", "-w", "%{http_code}"] + argv[1:],
                              capture_output=True, text=True, timeout=60)
        expected = {"401", "403", "404"} if "/sparql/update" in cmd else {"200"}
        assert done.stdout in expected, f"{cmd} → {done.stdout} {done.stderr}"


# -- the guide: its shell examples run, in order, in a fresh store ------------------------------
def sh_blocks(path: Path) -> list[str]:
    return re.findall(r"^```sh\n(.*?)^```", path.read_text("utf-8"), flags=re.M | re.S)


def run_block(block: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    env.pop("CHIDAO_STORE", None)
    return subprocess.run(["bash", "-euo", "pipefail", "-c", block], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def test_guide_examples_run(tmp_path):
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    blocks = sh_blocks(DOCS / "guide.md")
    assert len(blocks) >= 5
    for block in blocks:
        done = run_block(block, tmp_path)
        assert done.returncode == 0, f"guide example failed:\n{block}\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"


def test_a_broken_guide_example_fails(tmp_path):
    assert run_block("chidao lineage --store nowhere 'task 2'", tmp_path).returncode != 0
    assert run_block("chidao ingest --quiet --store s missing.txt | cat", tmp_path).returncode != 0


def test_readme_links_every_doc():
    readme = (ROOT / "README.md").read_text("utf-8")
    for page in sorted(DOCS.glob("*.md")):
        assert f"docs/{page.name}" in readme, page.name
