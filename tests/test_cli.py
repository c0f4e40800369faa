"""The installed `chidao` command, run as a user runs it (a real subprocess)."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

CHIDAO = [sys.executable, "-m", "chidao.cli"]


def run(*args, env_store: Path | None = None, check=True):
    env = None
    if env_store is not None:
        import os
        env = {**os.environ, "CHIDAO_STORE": str(env_store)}
    p = subprocess.run([*CHIDAO, *map(str, args)], capture_output=True, text=True, env=env)
    if check and p.returncode != 0:
        raise AssertionError(f"exit {p.returncode}\n{p.stdout}\n{p.stderr}")
    return p


@pytest.fixture(scope="module")
def cli_store(tmp_path_factory, sample_path):
    store = tmp_path_factory.mktemp("cli") / "store"
    run("ingest", "-q", "--store", store, sample_path)
    return store


def test_ingest_bad_files_reported_and_batch_goes_on(tmp_path, sample_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    shutil.copy(sample_path, folder / "good.txt")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 10)
    (folder / "latin1.txt").write_bytes("Quyết định".encode("cp1258", errors="replace") + b"\xff\xfe\xfa")
    p = run("ingest", "-q", "--store", tmp_path / "s", folder, tmp_path / "missing.txt", check=False)
    assert p.returncode == 1
    assert "empty.txt: empty file" in p.stderr
    assert "binary.txt: binary content" in p.stderr
    assert "latin1.txt: not text: 31% of its bytes are not valid UTF-8" in p.stderr
    assert "missing.txt: no such file" in p.stderr
    assert "ingested 1 document(s), 4 failed" in p.stdout
    stats = json.loads(run("stats", "--json", "--store", tmp_path / "s").stdout)
    assert stats["documents"] == 1


def test_query_formats(cli_store):
    q = "SELECT ?d WHERE { ?i eli:id_local '1395/QĐ-UBND' ; eli:date_document ?d }"
    assert "2016-08-03" in run("query", q, "--store", cli_store).stdout
    assert json.loads(run("query", q, "--format", "json", "--store", cli_store).stdout) == [{"d": "2016-08-03"}]
    assert run("query", q, "--format", "csv", "--store", cli_store).stdout.splitlines() == ["d", "2016-08-03"]


def test_query_named_and_rq_file(cli_store, tmp_path):
    assert "1395/QĐ-UBND" in run("query", "instruments", "--store", cli_store).stdout
    rq = tmp_path / "q.rq"
    rq.write_text("ASK { ?i eli:id_local '09-CT/TW' }", encoding="utf-8")
    assert run("query", rq, "--store", cli_store).stdout.strip() == "true"


def test_query_syntax_error_is_clear(cli_store):
    p = run("query", "SELECT WHERE {", "--store", cli_store, check=False)
    assert p.returncode != 0 and "SPARQL syntax error" in p.stderr


def test_store_from_environment(cli_store):
    assert json.loads(run("stats", "--json", env_store=cli_store).stdout)["instruments"] > 20


def test_export_to_file(cli_store, tmp_path):
    out = tmp_path / "g.trig"
    run("export", "--format", "trig", "-o", out, "--store", cli_store)
    assert out.stat().st_size > 10_000


def test_validate_passes_then_catches_a_planted_violation(cli_store, tmp_path):
    assert run("validate", "--store", cli_store).returncode == 0
    broken = tmp_path / "broken"
    shutil.copytree(cli_store, broken)
    from chidao.store import Store
    store = Store(broken)
    # a second date on an instrument, with no conflict flag
    store._ox.update("""INSERT DATA { GRAPH <https://w3id.org/chidao/graph/planted> {
        <https://w3id.org/chidao/eli/qd/2016/1395/uy-ban-nhan-dan-tinh-quang-ngai>
          <http://data.europa.eu/eli/ontology#date_document>
          "2016-08-04"^^<http://www.w3.org/2001/XMLSchema#date> } }""")
    del store
    p = run("validate", "--store", broken, check=False)
    assert p.returncode == 1 and "1 violation(s)" in p.stdout


def test_every_command_has_help_with_examples():
    for cmd in ["ingest", "query", "export", "validate", "stats", "summary"]:
        out = run(cmd, "--help").stdout
        assert "--store" in out and "Example" in out, cmd


def test_summary(cli_store):
    out = run("summary", "--store", cli_store).stdout
    assert "18/BC-UBND" in out and "Ủy ban nhân dân tỉnh Quảng Ngãi" in out
    assert "Instruments (29):" in out  # 25-CTr/TU, given two dates, is one row
    (ctr,) = [line for line in out.splitlines() if line.startswith("Chương trình 25-CTr/TU")]
    assert "2012-06-26" in ctr and "2012-06-28" in ctr


QD_1395 = "https://w3id.org/chidao/eli/qd/2016/1395/uy-ban-nhan-dan-tinh-quang-ngai"
TASK_2 = "https://w3id.org/chidao/doc/bc-18-ubnd-quang-ngai-2021/task/2"


@pytest.mark.parametrize(("typed", "meant"), [("QĐ 1395", QD_1395), ("quyet dinh 1395", QD_1395), ("1395", QD_1395),
                                              ("1395/QĐ-UBND", QD_1395), ("task 2", TASK_2), ("Nhiệm vụ 2", TASK_2)])
def test_lineage_takes_what_the_page_finds(cli_store, typed, meant):
    out = run("lineage", typed, "--depth", "1", "--store", cli_store).stdout
    assert out.startswith(meant + ":"), out[:300]


def test_lineage_lists_candidates_when_ambiguous_or_unknown(cli_store):
    p = run("lineage", "kế hoạch", "--store", cli_store, check=False)
    assert p.returncode == 1 and "did you mean" in p.stderr and "3933/KH-BCĐ138" in p.stderr, p.stderr
    p = run("lineage", "zzzz qqqq", "--store", cli_store, check=False)
    assert p.returncode == 1 and "nothing in the store matches 'zzzz qqqq'" in p.stderr


def test_query_with_an_unknown_name_lists_the_bundled_ones(cli_store):
    p = run("query", "nosuchname", "--store", cli_store, check=False)
    assert p.returncode == 1 and "syntax" not in p.stderr
    assert "no bundled query or .rq file 'nosuchname'; bundled: bodies, date_conflicts, documents" in p.stderr


def test_store_on_the_group_or_the_command(cli_store, tmp_path):
    assert json.loads(run("--store", cli_store, "stats", "--json").stdout)["instruments"] == 29
    assert "Instruments (29)" in run("--store", cli_store, "summary").stdout
    # the command's own --store wins over the group's, which wins over $CHIDAO_STORE
    assert json.loads(run("--store", tmp_path / "nowhere", "stats", "--json", "--store", cli_store).stdout)["documents"] == 1
    assert json.loads(run("--store", cli_store, "stats", "--json", env_store=tmp_path / "nowhere").stdout)["documents"] == 1
