"""SHACL validation of a store against ontology/shapes.ttl (pySHACL)."""
from __future__ import annotations

from dataclasses import dataclass

import pyshacl
from rdflib import Graph, Namespace

from ontology import load_ontology, shapes_graph

SH = Namespace("http://www.w3.org/ns/shacl#")


@dataclass(frozen=True)
class Finding:
    severity: str  # "Violation" | "Warning" | "Info"
    focus: str
    path: str | None
    message: str


@dataclass(frozen=True)
class ValidationResult:
    findings: tuple[Finding, ...]

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "Violation"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "Warning"]

    @property
    def conforms(self) -> bool:
        """Warnings (e.g. an instrument cited without a resolvable issuer) do not fail."""
        return not self.violations


def validate_graph(data: Graph) -> ValidationResult:
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes_graph(), ont_graph=load_ontology(),
                                    inference="none", allow_warnings=True)
    findings = []
    for r in report.subjects(SH.resultSeverity, None):
        severity = str(report.value(r, SH.resultSeverity)).rsplit("#", 1)[-1]
        path = report.value(r, SH.resultPath)
        findings.append(Finding(severity, str(report.value(r, SH.focusNode)),
                                str(path) if path is not None else None,
                                str(report.value(r, SH.resultMessage) or "")))
    return ValidationResult(tuple(sorted(findings, key=lambda f: (f.severity, f.focus))))
