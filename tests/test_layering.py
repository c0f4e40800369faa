"""Imports flow one way: ingest → ontology; chidao → ontology, ingest; api → chidao."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = {"ingest": {"chidao", "api"}, "ontology": {"ingest", "chidao", "api"}, "chidao": {"api"}}


def imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_imports_flow_one_way():
    bad = []
    for package, forbidden in FORBIDDEN.items():
        for f in (ROOT / package).rglob("*.py"):
            hit = imported_packages(f) & forbidden
            if hit:
                bad.append(f"{f.relative_to(ROOT)} imports {sorted(hit)}")
    assert not bad, bad


def test_the_check_can_fail(tmp_path):
    f = tmp_path / "x.py"
    f.write_text("from chidao.store import Store\n", encoding="utf-8")
    assert imported_packages(f) & FORBIDDEN["ingest"] == {"chidao"}
