"""What the pipeline recognised in a document, as a spaCy Doc: for reading it in a notebook.

The pipeline itself works on character offsets (ingest/README.md says why it is not a spaCy
pipeline); researchers still want to *see* what was read, and spaCy's span groups with
displaCy are made for that: `displacy.render(spans.doc(source), style="span")` underlines every
instrument mention, task, recommendation, activity, figure and place with its label.
"""
from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ingest.model import Extraction, SourceText
from ingest.pipeline import extract

GROUP = "sc"  # the span group displaCy shows by default
_ITEM_LABELS = {"task": "NHIỆM VỤ", "recommendation": "KIẾN NGHỊ", "activity": "HOẠT ĐỘNG"}


@lru_cache(maxsize=1)
def _blank() -> Language:
    """Blank Vietnamese with the whitespace tokenizer (pyvi would split symbols apart)."""
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    nlp.max_length = 20_000_000
    return nlp


def doc(source: SourceText | Extraction, limit: int | None = None) -> Doc:
    """The document's text with a span per recognised mention in `doc.spans["sc"]`; each span's
    label says what it is ("Quyết định", "NHIỆM VỤ", "figure: percent", "place: huyện").
    `limit`: only the first characters (a whole report renders slowly)."""
    ex = source if isinstance(source, Extraction) else extract(source)
    text = ex.source.text[:limit]
    out = _blank().make_doc(text)
    found = []
    for inst in ex.instruments:
        found += [(m, inst.type_name) for m in inst.mentions]
    found += [(item.span, _ITEM_LABELS[item.kind]) for item in ex.items]
    found += [(f.span, f"figure: {f.kind}") for f in ex.figures]
    found += [(m, f"place: {p.kind}") for p in ex.places for m in p.mentions]
    spans = [out.char_span(s.start, s.end, label=label, alignment_mode="expand") for s, label in found
             if s.end <= len(text)]
    out.spans[GROUP] = sorted((s for s in spans if s is not None), key=lambda s: (s.start, -s.end))
    return out
