"""Identical graphs: every corpus document's graph matches its recorded digest.

The digests in tests/data/graph_digests.json were first written by the pipeline before the
stage-package redesign (issue 10) and matched after it. An intended change of extraction
output rewrites them (bench/graph_digests.py --write) and names the changed documents.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from graph_digests import DIGESTS, SAMPLE, corpus_files, current, digest


def recorded() -> dict:
    return json.loads(DIGESTS.read_text("utf-8"))


def test_the_sample_report_builds_its_recorded_graph():
    (doc_id, got), = current([SAMPLE]).items()
    assert got == recorded()[doc_id]


@pytest.mark.corpus
def test_every_corpus_document_builds_its_recorded_graph(shared_dir):
    now = current(corpus_files(shared_dir))
    old = recorded()
    changed = sorted(k for k in set(old) | set(now) if old.get(k) != now.get(k))
    assert not changed, f"graphs changed for {changed}: rerun bench/graph_digests.py --write if intended"


def test_the_digest_sees_a_changed_triple():
    one = b'<https://w3id.org/chidao/a> <https://w3id.org/chidao/p> "x" <https://w3id.org/chidao/g> .\n'
    other = one.replace(b'"x"', b'"y"')
    assert digest(one)[1] != digest(other)[1] and digest(one) == digest(one + one)
