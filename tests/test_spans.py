"""The recognised mentions as a spaCy Doc with span groups, rendered by displaCy."""
from __future__ import annotations

from spacy import displacy

from chidao import spans


def test_every_mention_is_a_labelled_span(sample_extraction):
    doc = spans.doc(sample_extraction)
    got = {(s.text, s.label_) for s in doc.spans[spans.GROUP]}
    assert doc.text == sample_extraction.source.text
    assert any(text.endswith("1395/QĐ-UBND") and label == "Quyết định" for text, label in got)
    assert any(label == "NHIỆM VỤ" for _, label in got) and any(label.startswith("figure:") for _, label in got)
    mentions = sum(len(i.mentions) for i in sample_extraction.instruments)
    assert len([s for s in doc.spans[spans.GROUP] if not s.label_.startswith(("figure", "place", "NHIỆM", "KIẾN", "HOẠT"))]) == mentions


def test_displacy_draws_them():
    from ingest.read.files import read_bytes

    source = read_bytes("Thực hiện Quyết định số 12/QĐ-UBND ngày 01/02/2020 của UBND tỉnh Hòa Bình.".encode(),
                        "x.txt", "x")
    html = displacy.render(spans.doc(source), style="span", page=False)
    assert "Quyết định" in html and "12/QĐ-UBND" in html


def test_a_limit_keeps_the_spans_inside_it(sample_extraction):
    doc = spans.doc(sample_extraction, limit=3000)
    assert len(doc.text) == 3000 and doc.spans[spans.GROUP]
    assert all(s.end_char <= 3000 for s in doc.spans[spans.GROUP])
