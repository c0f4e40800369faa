"""The spaCy frame: a blank Vietnamese pipeline whose rule components read the data tables.

spaCy's whitespace tokenizer keeps "1395/QĐ-UBND," whole and pyvi would split it, so the
components find symbols and dates with the compiled grammar on the text and hand spaCy
character spans (doc.spans["citation"], doc.spans["issuer"], doc.spans["header"]); the typed
records ride along on doc._ extensions for the resolve step.
"""
from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ingest.header import read_header
from ingest.recognize import find_citations

for _name in ("citations", "header"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


def doc_text(doc: Doc) -> str:
    """The text the Doc was made from: `Doc.text` rebuilds it token by token on every access,
    which cost a quarter of the extraction time, so `analyse` keeps the original at hand."""
    return doc.user_data.get("chidao_text") or doc.text


@Language.component("chidao_header")
def header_component(doc: Doc) -> Doc:
    header = read_header(doc_text(doc))
    doc._.header = header
    spans = [s for s in (header.place_span, header.date_span, header.type_span, header.title_span,
                         header.signer_span) if s]
    doc.spans["header"] = [doc.char_span(s.start, s.end, alignment_mode="expand") for s in spans]
    return doc


@Language.component("chidao_citations")
def citations_component(doc: Doc) -> Doc:
    citations = find_citations(doc_text(doc))
    doc._.citations = citations
    doc.spans["citation"] = [
        doc.char_span(c.span.start, c.span.end, label=c.type_code, alignment_mode="expand")
        for c in citations
    ]
    doc.spans["issuer"] = [
        doc.char_span(c.issuer_phrase.start, c.issuer_phrase.end, label="ISSUER", alignment_mode="expand")
        for c in citations if c.issuer_phrase
    ]
    return doc


@lru_cache(maxsize=1)
def make_nlp() -> Language:
    """Blank Vietnamese (whitespace tokenizer, no pyvi) with chidao's rule components."""
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    nlp.add_pipe("chidao_header")
    nlp.add_pipe("chidao_citations")
    nlp.max_length = 20_000_000
    return nlp


def analyse(text: str) -> Doc:
    """Run the pipeline on `text` (like `make_nlp()(text)`, keeping the text for the components)."""
    nlp = make_nlp()
    doc = nlp.make_doc(text)
    doc.user_data["chidao_text"] = text
    for _, component in nlp.pipeline:
        doc = component(doc)
    return doc
