"""Lineage (chidao.lineage) and the `audit` / `lineage` commands on the seed store."""
from __future__ import annotations

import subprocess
import sys

import networkx as nx
import pytest

from chidao.lineage import chains, lineage, lineage_graph
from chidao.resolver import exact
from ingest import iris

TASK2 = iris.entity("task", "bc-18-ubnd-quang-ngai-2021", "2")
CTR25 = str(iris.instrument("ctr-dang/2012/25/tinh-uy-quang-ngai"))
CT09 = str(iris.instrument("ct-dang/2011/9/ban-chap-hanh-trung-uong-dang"))
QD1395 = str(iris.instrument("qd/2016/1395/uy-ban-nhan-dan-tinh-quang-ngai"))


def find_nodes(store, ref: str) -> list[str]:
    return [h.iri for h in exact(store, ref)]


def test_find_nodes(sample_store):
    assert find_nodes(sample_store, "task 2") == [str(TASK2)]
    assert find_nodes(sample_store, "Nhiệm vụ 2") == [str(TASK2)]
    assert find_nodes(sample_store, "25-ctr/tu") == [CTR25]
    assert find_nodes(sample_store, "1395/QD-UBND") == [QD1395]
    assert find_nodes(sample_store, "no-such/symbol") == []


def test_task_two_traces_to_the_party_directive(sample_store):
    edges = lineage(sample_store, str(TASK2), "up")
    assert [(e.subject, e.relation, e.object, e.depth) for e in edges] == [
        (str(TASK2), "cdo:drivenBy", CTR25, 1), (CTR25, "eli:implements", CT09, 2)]
    assert all(e.cue == "thực hiện" and "25-CTr/TU" in e.evidence for e in edges)
    assert edges[1].object_label == "Chỉ thị 09-CT/TW" and edges[1].date == "2012-06-26 | 2012-06-28"
    (chain,) = chains(sample_store, str(TASK2), "up")
    assert [e.object for e in chain] == [CTR25, CT09]


def test_what_quyet_dinh_1395_drives(sample_store):
    down = lineage(sample_store, QD1395, "down", depth=1)
    rel = {(e.relation, e.subject_label) for e in down if e.relation != "cdo:concernsInstrument"}
    assert {("eli:implements", "Công văn 1721/UBND-NC"), ("cdo:funds", "Quyết định 851/QĐ-UBND"),
            ("cdo:monitors", "Kế hoạch 3933/KH-BCĐ138"), ("cdo:reportsOn", "Báo cáo 18/BC-UBND"),
            ("cdo:drivenBy", "Nhiệm vụ 1")} <= rel
    assert any(e.relation == "cdo:promulgates" and e.object_label.startswith("Kế hoạch đổi mới") for e in down)
    deeper = lineage(sample_store, QD1395, "down", depth=2)
    assert any(e.relation == "eli:amends" and e.subject_label == "Quyết định 1790/QĐ-UBND" for e in deeper)
    assert all(e.depth <= 2 for e in deeper)


class SelectOnly:
    """The store seen through the one method lineage may use (as a remote endpoint would offer)."""

    def __init__(self, store):
        self.select = store.select


def test_lineage_needs_only_select(sample_store):
    store = SelectOnly(sample_store)
    assert find_nodes(store, "task 2") == [str(TASK2)]
    assert [e.object for e in lineage(store, str(TASK2), "up")] == [CTR25, CT09]


def test_lineage_graph_is_networkx(sample_store):
    g = lineage_graph(lineage(sample_store, str(TASK2), "both"))
    assert isinstance(g, nx.MultiDiGraph) and nx.has_path(g, str(TASK2), CT09)


def test_bad_direction(sample_store):
    with pytest.raises(ValueError):
        lineage(sample_store, QD1395, "sideways")


def _run(*args):
    p = subprocess.run([sys.executable, "-m", "chidao.cli", *map(str, args)], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    return p.stdout


def test_cli_audit_and_lineage(sample_store):
    store = sample_store.path
    sample_store.flush()
    out = _run("audit", "--store", store)
    assert "Figure mismatches (3)" in out and "stated 11.644.000.000, computed 11.644.132.000" in out
    assert "Date conflicts (1)" in out and "25-CTr/TU: 2012-06-26 ≠ 2012-06-28" in out
    out = _run("lineage", "task 2", "--store", store, "--direction", "up")
    assert "—cdo:drivenBy [thực hiện]→ Chương trình 25-CTr/TU" in out
    assert "—eli:implements [thực hiện]→ Chỉ thị 09-CT/TW" in out
    assert "“Đẩy mạnh việc thực hiện Chương trình hành động số 25-CTr/TU" in out
    out = _run("summary", "--store", store)
    assert "Tasks and recommendations (8)" in out and "Lineage of task 2" in out
