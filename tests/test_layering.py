"""Imports flow one way.

Between packages: ingest → ontology; chidao → ontology, ingest; api → chidao. Inside ingest the
stage packages are the data flow (read → segment → recognize → resolve → relate → build): a
stage imports only stages below it, the shared tables (ingest.tables) and the model
(ingest.model, ingest.iris, ingest.version); only ingest.pipeline chains them all.
"""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = {"ingest": {"chidao", "api"}, "ontology": {"ingest", "chidao", "api"}, "chidao": {"api"}}
STAGES = ("read", "segment", "recognize", "resolve", "relate", "build")
SHARED = {"tables", "model", "iris", "version"}


def imports(path: Path) -> set[str]:
    """Every module a file imports, dotted ("ingest.tables.text", "chidao")."""
    tree = ast.parse(path.read_text("utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names |= {f"{node.module}.{a.name}" for a in node.names if node.module == "ingest"}
    return names


def imported_packages(path: Path) -> set[str]:
    return {name.split(".")[0] for name in imports(path)}


def allowed_parts(path: Path, root: Path = ROOT) -> set[str] | None:
    """The ingest parts a module of ingest may import; None for the pipeline (all of them)."""
    part = path.relative_to(root / "ingest").parts[0].removesuffix(".py")
    if part == "pipeline":
        return None
    if part in STAGES:
        return SHARED | set(STAGES[:STAGES.index(part) + 1])
    if part == "tables":
        return {"tables", "model"}
    return {"model", "iris", "version"}


def stage_violations(path: Path, root: Path = ROOT) -> set[str]:
    allowed = allowed_parts(path, root)
    if allowed is None:
        return set()
    used = {name.split(".")[1] for name in imports(path) if name.startswith("ingest.")}
    return used - allowed


def test_imports_flow_one_way():
    bad = []
    for package, forbidden in FORBIDDEN.items():
        for f in (ROOT / package).rglob("*.py"):
            hit = imported_packages(f) & forbidden
            if hit:
                bad.append(f"{f.relative_to(ROOT)} imports {sorted(hit)}")
    assert not bad, bad


def test_each_stage_imports_only_stages_below_it():
    bad = [f"{f.relative_to(ROOT)} imports ingest.{sorted(stage_violations(f))}"
           for f in (ROOT / "ingest").rglob("*.py") if stage_violations(f)]
    assert not bad, bad


def test_the_stages_are_packages():
    assert all((ROOT / "ingest" / stage / "__init__.py").is_file() for stage in STAGES + ("tables",))
    loose = {f.stem for f in (ROOT / "ingest").glob("*.py")} - {"__init__", "pipeline", "model", "iris", "version"}
    assert not loose, f"modules outside the stage packages: {sorted(loose)}"


def test_the_checks_can_fail(tmp_path):
    f = tmp_path / "x.py"
    f.write_text("from chidao.store import Store\n", encoding="utf-8")
    assert imported_packages(f) & FORBIDDEN["ingest"] == {"chidao"}
    stage = ROOT / "ingest" / "recognize" / "citations.py"
    assert "relate" not in allowed_parts(stage) and "segment" in allowed_parts(stage)
    probe = tmp_path / "ingest" / "segment" / "sections.py"
    probe.parent.mkdir(parents=True)
    probe.write_text("from ingest.relate.relations import load_cues\nfrom ingest.tables import text\n", encoding="utf-8")
    assert stage_violations(probe, tmp_path) == {"relate"}
