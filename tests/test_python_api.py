"""`import chidao` → DataFrames, with values bound safely."""
import chidao


def test_open_ingest_and_tables(sample_path):
    kg = chidao.open(":memory:")
    report = kg.ingest([sample_path])
    assert not report.failures
    df = kg.instruments()
    assert {"label", "symbol", "type", "dates", "issuers"} <= set(df.columns)
    assert len(df) == df.instrument.nunique() == 29  # one row per instrument, whatever its dates
    row = df[df.symbol == "1395/QĐ-UBND"].iloc[0]
    assert row.dates == ["2016-08-03"] and row.issuers == "Ủy ban nhân dân tỉnh Quảng Ngãi"
    assert df[df.symbol == "25-CTr/TU"].iloc[0].dates == ["2012-06-26", "2012-06-28"]
    dates = kg.sparql("SELECT ?d WHERE { ?i eli:id_local ?sym ; eli:date_document ?d }", sym="25-CTr/TU")
    assert sorted(dates.d) == ["2012-06-26", "2012-06-28"]
    assert "Bộ Công an" in set(kg.bodies().name)


def test_open_on_disk(tmp_path, sample_path):
    kg = chidao.open(tmp_path / "s")
    kg.ingest([sample_path])
    assert len(chidao.open(tmp_path / "s").documents()) == 1


# -- the facade: find, lineage, evidence, audit; and the same answers over a remote endpoint ------
import networkx as nx
import pytest
from served_server import serve_sample

TASK_2_UP = [("Nhiệm vụ 2", "cdo:drivenBy", "Chương trình 25-CTr/TU"),
             ("Chương trình 25-CTr/TU", "eli:implements", "Chỉ thị 09-CT/TW")]


@pytest.fixture(scope="module")
def local_kg():
    kg = chidao.open(":memory:")
    assert not kg.ingest([_sample()]).failures
    return kg


def _sample():
    from pathlib import Path

    return Path(__file__).resolve().parent.parent / "examples" / "bc-18-ubnd-quang-ngai-2021.txt"


@pytest.fixture(scope="module")
def remote_kg(tmp_path_factory):
    server, stop = serve_sample(tmp_path_factory.mktemp("remote-kg"))
    with pytest.MonkeyPatch.context() as env:  # its text index in a temp folder, not ~/.cache
        env.setenv("CHIDAO_INDEX", str(tmp_path_factory.mktemp("remote-kg-index")))
        kg = chidao.open(server.sparql)
    yield kg
    kg.store.close()
    stop()


@pytest.fixture(params=["local", "remote"])
def kg(request, local_kg):
    return local_kg if request.param == "local" else request.getfixturevalue("remote_kg")


@pytest.mark.parametrize("typed", ["1395/QĐ-UBND", "QĐ 1395", "quyet dinh 1395", "qđ 1395/ubnd"])
def test_find_the_way_people_type(kg, typed):
    hits = kg.find(typed)
    assert hits.iloc[0].symbol == "1395/QĐ-UBND", hits.head(3)
    assert hits.iloc[0].dates == "2016-08-03"


@pytest.mark.parametrize("typed", ["QĐ 1395", "quyet dinh 1395", "1395", "1395/QD-UBND"])
def test_resolve_as_the_page_and_the_cli(kg, typed):
    assert kg.resolve(typed).endswith("/qd/2016/1395/uy-ban-nhan-dan-tinh-quang-ngai")


def test_resolve_names_the_candidates_when_ambiguous(kg):
    with pytest.raises(LookupError, match="did you mean.*kh/2020/3933"):
        kg.resolve("kế hoạch")


def test_find_nothing_is_an_empty_table(kg):
    hits = kg.find("zzzz qqqq")
    assert hits.empty and "symbol" in hits.columns


def test_lineage_edges_with_evidence(kg):
    edges = kg.lineage_edges("nhiệm vụ 2", direction="up")
    assert list(zip(edges.subject_label, edges.relation, edges.object_label)) == TASK_2_UP
    assert list(edges.depth) == [1, 2] and set(edges.direction) == {"up"}
    assert edges.evidence.str.contains("25-CTr/TU").all() and (edges.cue == "thực hiện").all()
    assert edges.date.iloc[1] == "2012-06-26 | 2012-06-28"  # the conflict stays visible


def test_lineage_graph_and_measures(kg):
    g = kg.lineage("task 2", direction="up")
    assert isinstance(g, nx.DiGraph)
    labels = nx.get_node_attributes(g, "label")
    task = next(n for n, label in labels.items() if label == "Nhiệm vụ 2")
    assert [labels[n] for n in nx.dfs_preorder_nodes(g, task)] == ["Nhiệm vụ 2", "Chương trình 25-CTr/TU",
                                                                   "Chỉ thị 09-CT/TW"]
    down = kg.lineage("1395/QĐ-UBND", direction="down", depth=1)
    qd = kg.resolve("QĐ 1395")
    assert down.in_degree(qd) == len(kg.lineage_edges(qd, "down", 1)) > 0


def test_whole_graph_orients_child_to_parent(kg):
    g = kg.graph()
    rank = nx.pagerank(nx.DiGraph(g))
    directive = kg.resolve("09-CT/TW")
    assert rank[directive] > rank[kg.resolve("task 2")]
    assert nx.has_path(g, kg.resolve("task 2"), directive)


def test_evidence_behind_an_edge(kg):
    e = kg.lineage_edges("task 2", "up").iloc[0]
    sentences = kg.evidence(e.subject, e.relation, e.object)
    assert len(sentences) >= 1
    assert e.evidence in set(sentences.quote) and sentences.sentence.str.contains("25-CTr/TU").all()


def test_audit_table(kg):
    audit = kg.audit()
    assert set(audit.finding) == {"figure mismatch", "date conflict"}
    mismatches = audit[audit.finding == "figure mismatch"]
    assert sorted(mismatches.stated) == [88.0, 99.1, 11644000000.0]
    assert set(audit[audit.finding == "date conflict"].value) == {"2012-06-26", "2012-06-28"}
    flagged = kg.figures().query("flagged")
    assert set(flagged.mismatch) == set(mismatches.mismatch)


def test_tasks_and_bodies(kg):
    tasks = kg.tasks()
    assert {"task", "recommendation"} == set(tasks.kind)
    assert "Bộ Công an" in set(kg.bodies().name)


def test_unknown_reference_says_so(kg):
    with pytest.raises(LookupError, match="zzzz"):
        kg.lineage("zzzz qqqq")


def test_remote_without_an_update_endpoint_is_read_only(remote_kg):
    with pytest.raises(PermissionError, match="no update endpoint known.*CHIDAO_UPDATE_ENDPOINT"):
        remote_kg.ingest([_sample()])


def test_remote_binds_values_safely(remote_kg):
    hostile = '1395/QĐ-UBND" } } DROP ALL #'
    assert remote_kg.sparql("SELECT ?i WHERE { ?i eli:id_local ?sym }", sym=hostile).empty
    assert len(remote_kg.sparql("SELECT ?i WHERE { ?i eli:id_local ?sym }", sym="1395/QĐ-UBND")) == 1
    assert remote_kg.store.count() > 1000


def test_empty_answer_keeps_its_columns():
    kg = chidao.open(":memory:")
    df = kg.sparql("SELECT ?a (COUNT(?b) AS ?n) WHERE { ?a rdfs:label ?b } GROUP BY ?a")
    assert df.empty and list(df.columns) == ["a", "n"]


def test_remote_ask_and_errors(remote_kg):
    assert remote_kg.store.ask("ASK { ?i eli:id_local \"1395/QĐ-UBND\" }") is True
    assert remote_kg.store.ask("ASK { ?i eli:id_local \"no such symbol\" }") is False
    with pytest.raises(SyntaxError, match=r"/sparql answered 400"):
        remote_kg.sparql("SELECT ?x WHERE { this is not sparql }")
