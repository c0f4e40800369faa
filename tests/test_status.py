"""Status on a day, derived from what documents state (issue 12): a synthetic decree that enters
into force on 1 July 2024, repeals one decree whole and one article of another from that date;
a second one whose repeal no text dates; a register row that only says "hết hiệu lực"."""
from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner

from chidao.cli import main
from chidao.loading import ingest_paths
from chidao.status import status
from chidao.store import Store
from ontology import BASE

DECREE = """CHÍNH PHỦ
Số: 09/2024/NĐ-CP
Hà Nội, ngày 02 tháng 5 năm 2024
NGHỊ ĐỊNH
Quy định về hồ sơ việc làm

Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015;
Chính phủ ban hành Nghị định quy định về hồ sơ việc làm.
Điều 1. Phạm vi điều chỉnh
Nghị định này quy định về hồ sơ việc làm.
Điều 9. Hiệu lực thi hành
1. Nghị định này có hiệu lực thi hành từ ngày 01 tháng 7 năm 2024.
2. Kể từ ngày Nghị định này có hiệu lực thi hành, các văn bản sau đây hết hiệu lực thi hành:
a) Nghị định số 31/2015/NĐ-CP ngày 24 tháng 3 năm 2015 của Chính phủ quy định chi tiết về việc làm;
b) Điều 3 Nghị định số 140/2018/NĐ-CP ngày 08 tháng 10 năm 2018 của Chính phủ sửa đổi các Nghị định.
"""
UNDATED = """BỘ NỘI VỤ
Số: 15/2023/TT-BNV
Hà Nội, ngày 02 tháng 5 năm 2023
THÔNG TƯ
Hướng dẫn quản lý hồ sơ

Điều 1. Phạm vi điều chỉnh
Thông tư này hướng dẫn quản lý hồ sơ.
Điều 2. Hiệu lực thi hành
Bãi bỏ Thông tư số 11/2012/TT-BNV ngày 17 tháng 12 năm 2012 của Bộ trưởng Bộ Nội vụ.
"""
ND = BASE + "eli/nd/"


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Store:
    folder = tmp_path_factory.mktemp("docs")
    (folder / "nd-09-2024.txt").write_text(DECREE, "utf-8")
    (folder / "tt-15-2023.txt").write_text(UNDATED, "utf-8")
    s = Store(tmp_path_factory.mktemp("store"))
    assert not ingest_paths(s, [folder]).failures
    return s


def test_a_decree_is_not_yet_in_force_then_in_force(store):
    before = status(store, ND + "2024/9/chinh-phu", dt.date(2024, 6, 30))
    after = status(store, ND + "2024/9/chinh-phu", dt.date(2024, 7, 1))
    assert (before.status, after.status) == ("not_yet_in_force", "in_force")
    assert after.in_force_from == "2024-07-01"
    (why,) = after.because
    assert why.effect == "in_force" and "có hiệu lực thi hành từ ngày 01 tháng 7 năm 2024" in why.evidence


def test_the_decree_it_repeals_whole_is_in_force_until_that_date(store):
    repealed = ND + "2015/31/chinh-phu"
    assert status(store, repealed, dt.date(2024, 6, 30)).status == "unknown"  # its own start is not stated
    after = status(store, repealed, dt.date(2024, 7, 1))
    assert after.status == "not_in_force"
    (why,) = after.because
    assert (why.effect, why.by, why.from_, why.provision) == ("eli:repeals", ND + "2024/9/chinh-phu", "2024-07-01", None)
    assert why.evidence.startswith("a) Nghị định số 31/2015/NĐ-CP")


def test_the_decree_losing_one_article_is_partly_in_force_from_that_date(store):
    partly = ND + "2018/140/chinh-phu"
    assert status(store, partly, dt.date(2024, 6, 30)).status == "unknown"
    after = status(store, partly, dt.date(2024, 7, 1))
    assert after.status == "partly_in_force"
    (why,) = after.because
    assert why.provision == ND + "2018/140/chinh-phu/dieu-3" and why.from_ == "2024-07-01"


def test_a_repeal_no_text_dates_leaves_the_status_unknown(store):
    found = status(store, BASE + "eli/tt/2012/11/bo-noi-vu", dt.date(2030, 1, 1))
    assert found.status == "unknown"
    (why,) = found.because
    assert why.effect == "eli:repeals" and why.from_ is None


def test_cli_status_json(store):
    out = CliRunner().invoke(main, ["status", "31/2015/NĐ-CP", "--on", "2024-07-01", "--json", "--store",
                                    str(store.path)])
    assert out.exit_code == 0, out.output
    answer = json.loads(out.output)
    assert answer["status"] == "not_in_force" and answer["on"] == "2024-07-01"
    assert answer["because"][0]["from"] == "2024-07-01" and answer["because"][0]["effect"] == "eli:repeals"
    text = CliRunner().invoke(main, ["status", "09/2024/NĐ-CP", "--on", "2024-06-01", "--store", str(store.path)])
    assert "not_yet_in_force" in text.output and "2024-07-01" in text.output


def test_a_register_validity_column_decides_when_nothing_else_does(tmp_path):
    s = Store(tmp_path / "store")
    node = BASE + "eli/qd/2010/5/uy-ban-nhan-dan-tinh-binh-duong"
    s.update(f'INSERT DATA {{ GRAPH <{BASE}graph/register> {{ <{node}> <{BASE}ontology#validity> "Văn bản hết hiệu lực" }} }}')
    found = status(s, node, dt.date(2024, 1, 1))
    assert found.status == "not_in_force" and found.because[0].effect == "validity"
    assert status(s, BASE + "eli/qd/2010/6/x", dt.date(2024, 1, 1)).status == "unknown"


def test_rest_and_python_answers_match_the_cli(store):
    from fastapi.testclient import TestClient

    from api.app import create_app
    from api.settings import Settings
    from chidao.kg import KnowledgeGraph

    with TestClient(create_app(Settings(store=str(store.path), query_workers=1))) as client:
        r = client.get("/instruments/eli/nd/2015/31/chinh-phu/status", params={"on": "2024-07-01"})
        assert r.status_code == 200 and r.json()["status"] == "not_in_force"
        assert client.get("/instruments/eli/nd/1999/1/nowhere/status").status_code == 404
        assert client.get("/instruments/eli/nd/2015/31/chinh-phu/status", params={"on": "july"}).status_code == 422
    assert KnowledgeGraph(store).status("09/2024/NĐ-CP", on="2024-06-30")["status"] == "not_yet_in_force"


def test_audit_flags_a_document_resting_on_a_repealed_decree(tmp_path):
    later = ("ỦY BAN NHÂN DÂN TỈNH BẮC NINH\nSố: 12/QĐ-UBND\nBắc Ninh, ngày 02 tháng 9 năm 2024\nQUYẾT ĐỊNH\n"
             "Về hồ sơ việc làm\n\nCăn cứ Nghị định số 31/2015/NĐ-CP ngày 24 tháng 3 năm 2015 của Chính phủ;\n"
             "QUYẾT ĐỊNH:\nĐiều 1. Ban hành quy chế.\n")
    earlier = later.replace("12/QĐ-UBND", "05/QĐ-UBND").replace("tháng 9 năm 2024", "tháng 3 năm 2024")
    for name, text in (("nd.txt", DECREE), ("later.txt", later), ("earlier.txt", earlier)):
        (tmp_path / name).write_text(text, "utf-8")
    s = Store(tmp_path / "store")
    assert not ingest_paths(s, [tmp_path / n for n in ("nd.txt", "later.txt", "earlier.txt")]).failures
    out = CliRunner().invoke(main, ["audit", "--json", "--store", str(s.path)])
    stale = json.loads(out.output)["stale_citations"]
    # the September decision rests on a decree repealed from 1 July; the March one did not yet
    assert [(r["citingLabel"], r["from"]) for r in stale] == [("Quyết định 12/QĐ-UBND", "2024-07-01")]
    assert stale[0]["quote"].startswith("Căn cứ Nghị định số 31/2015") and stale[0]["effectQuote"].startswith("a) Nghị định số 31/2015")
