"""The ingest pipeline: read → recognize (spaCy frame) → resolve → build. Stages only chained."""
from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from ingest.build import build_graph
from ingest.deep import deepen
from ingest.model import Extraction, SourceText
from ingest.nlp import analyse
from ingest.preamble import add_bases
from ingest.read import read_path
from ingest.resolve import document_province, resolve


def extract(source: SourceText) -> Extraction:
    doc = analyse(source.text)
    header = doc._.header
    province = document_province(header, source.text)
    instruments, bodies = resolve(doc._.citations, header, source.text, province)
    base = Extraction(source=source, header=header, instruments=tuple(instruments),
                      bodies=tuple(bodies), province=province)
    return deepen(base, doc._.citations)


def graph_for_source(source: SourceText) -> Graph:
    ex = extract(source)
    graph = build_graph(ex)
    add_bases(graph, ex)
    return graph


def graph_for_path(path: Path) -> tuple[SourceText, Graph]:
    source = read_path(path)
    return source, graph_for_source(source)
