"""Read replicas: two `chidao serve` processes over one Oxigraph server answer every route the
same, and both see a document another process ingests afterwards."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from served_server import _api_conftest

from chidao.local_servers.oxigraph_server import OxigraphServer

ROOT = Path(__file__).resolve().parent.parent
QD_1395 = "eli/qd/2016/1395/uy-ban-nhan-dan-tinh-quang-ngai"
ROUTES = ["/search?q=quyet dinh 1395", "/instruments?limit=50", "/bodies?limit=50", "/tasks?limit=50",
          f"/lineage/{QD_1395}?direction=both&depth=3", f"/instruments/{QD_1395}", "/documents",
          "/sparql?query=SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"]
SECOND = """Số: 7/QĐ-UBND
Quảng Ngãi, ngày 02 tháng 3 năm 2022

QUYẾT ĐỊNH
Về việc triển khai Kế hoạch

Căn cứ Quyết định số 1395/QĐ-UBND ngày 03/8/2016 của UBND tỉnh Quảng Ngãi;
Ủy ban nhân dân tỉnh thực hiện Quyết định số 1395/QĐ-UBND.
"""


def chidao(*args: str, env: dict) -> None:
    done = subprocess.run([sys.executable, "-m", "chidao.cli", *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, **env}, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture(scope="module")
def replicas(tmp_path_factory):
    """(writer's environment, server URL, [replica URLs]) over one Oxigraph server holding the sample."""
    tmp = tmp_path_factory.mktemp("replicas")
    api = _api_conftest()
    with OxigraphServer(tmp / "oxigraph") as server:
        writer = {"CHIDAO_INDEX": str(tmp / "writer-index")}
        chidao("ingest", "--quiet", "--store", server.query_url, str(ROOT / "examples"), env=writer)
        # each replica keeps its own copy of the text index, as on separate machines
        served = [api.start_server(server.query_url, tmp / f"replica-{n}.log", CHIDAO_INDEX=str(tmp / f"index-{n}"))
                  for n in (1, 2)]
        try:
            yield writer, server.query_url, [s.url for s in served], tmp
        finally:
            for s in served:
                api.stop_server(s)


def answers(url: str) -> list:
    out = []
    for route in ROUTES:
        r = httpx.get(url + route, headers={"Accept": "application/json"}, timeout=60)
        assert r.status_code == 200, (url, route, r.text[:300])
        out.append(r.json())
    return out


def test_two_replicas_answer_the_same(replicas):
    _, _, urls, _ = replicas
    first, second = answers(urls[0]), answers(urls[1])
    assert first == second
    assert first[0]["items"] and first[4]["edges"]  # something was asked


def test_both_replicas_see_a_later_ingest(replicas):
    writer, store, urls, tmp = replicas
    before = [answers(u) for u in urls]
    folder = tmp / "more"
    folder.mkdir()
    (folder / "qd-7-2022.txt").write_text(SECOND, encoding="utf-8")
    chidao("ingest", "--quiet", "--store", store, str(folder), env=writer)
    count = ROUTES.index("/sparql?query=SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    deadline = time.monotonic() + 20
    while True:  # replicas notice the write within about a second (the generation check)
        after = [answers(u) for u in urls]
        if all(a[count] != b[count] for a, b in zip(after, before)) or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert after[0] == after[1]
    assert after[0][count] != before[0][count]
    found = httpx.get(urls[0] + "/search", params={"q": "7/QĐ-UBND"}, timeout=30).json()["items"]
    assert any("/qd/2022/7/" in hit["id"] for hit in found), found
    shutil.rmtree(folder)
