"""Every example in the pattern tables matches its pattern; counter-examples do not."""
from __future__ import annotations

import pytest

from ingest.recognize.citations import find_citations
from ingest.tables.bodies import load_issuers
from ingest.tables.grammar import load_grammar

GRAMMAR = load_grammar()
PATTERNS = {k: v for k, v in GRAMMAR.raw.items() if isinstance(v, dict) and "regex" in v}


@pytest.mark.parametrize("key", sorted(PATTERNS))
def test_examples_match(key):
    pattern = getattr(GRAMMAR, key)
    for ex in PATTERNS[key]["examples"]:
        m = pattern.match(ex)
        assert m, f"{key}: {ex!r} should match"
    for ex in PATTERNS[key].get("counter_examples", []):
        m = pattern.match(ex)
        assert not (m and m.end() == len(ex)), f"{key}: {ex!r} should not match"


@pytest.mark.parametrize("entry", load_issuers().entries, ids=lambda e: e.code)
def test_issuer_examples_resolve(entry):
    for symbol in entry.examples:
        cites = find_citations(f"Văn bản số {symbol} ngày 01/01/2020.")
        assert cites and entry.code in {load_issuers().by_code(c).code for c in cites[0].issuer_codes
                                          if load_issuers().by_code(c)}, symbol


def test_issuer_codes_are_unique_after_folding():
    from ingest.tables.text import fold
    codes = [fold(e.code) for e in load_issuers().entries]
    assert len(codes) == len(set(codes))
