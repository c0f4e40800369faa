"""The ontology's namespaces with plain-string terms, for the build step's hot path.

`ontology.CDO.Task` is an rdflib URIRef whose hash is recomputed on every lookup; the build
step asks for the same few dozen terms millions of times, so each is read once from the
(closed, typo-proof) ontology namespace and kept as a str attribute.
"""
from __future__ import annotations

import ontology


class Terms:
    def __init__(self, namespace):
        self._namespace = namespace

    def __getattr__(self, name: str) -> str:
        if name.startswith("__"):
            raise AttributeError(name)
        iri = str(self._namespace[name])  # an unknown CDO term raises here
        setattr(self, name, iri)
        return iri

    __getitem__ = __getattr__


CDO, ELI, NIF, QB = (Terms(ns) for ns in (ontology.CDO, ontology.ELI, ontology.NIF, ontology.QB))
ORG, PROV, RDF, RDFS = (Terms(ns) for ns in (ontology.ORG, ontology.PROV, ontology.RDF, ontology.RDFS))
SKOS, DCTERMS, XSD, DOC_TYPE = (Terms(ns) for ns in (ontology.SKOS, ontology.DCTERMS, ontology.XSD, ontology.DOC_TYPE))
