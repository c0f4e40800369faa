"""`chidao serve` and `chidao ingest` on one store at once: the server keeps answering while the
ingest writes (readers never take the writer lock), sees the new documents without a restart
(search index, answer caches and SPARQL workers included), and the store stays valid."""
from __future__ import annotations

import threading

import httpx
from hostile_support import API, ROOT, chidao

COPIES = 12
ROUTES = ["/search?q=bao%20cao&limit=5", "/instruments?limit=1", "/documents?limit=1", "/bodies?limit=1",
          "/tasks?limit=1", "/sparql?query=ASK%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D"]


def _copies(folder, n: int) -> None:
    folder.mkdir()
    text = (ROOT / "examples" / "bc-18-ubnd-quang-ngai-2021.txt").read_text("utf-8")
    for i in range(n):
        (folder / f"bc-{i:03d}.txt").write_text(text.replace("Số: 18 /BC-UBND", f"Số: {900 + i}/BC-UBND", 1), encoding="utf-8")


def _documents(server) -> int:
    return httpx.get(server.url + "/documents?limit=1", timeout=30).json()["total"]


def test_serve_answers_during_an_ingest_and_sees_its_documents(tmp_path):
    store = tmp_path / "store"
    assert chidao("ingest", "--quiet", "--store", str(store), str(ROOT / "examples")).returncode == 0
    _copies(tmp_path / "in", COPIES)
    server = API.start_server(store, tmp_path / "server.log")
    try:
        before = _documents(server)
        assert httpx.get(server.url + "/search", params={"q": "905/BC-UBND"}, timeout=30).json()["items"] == []
        answers: list[tuple[str, int, str]] = []
        stop = threading.Event()

        def read_all_the_time():
            with httpx.Client(timeout=60) as client:
                while not stop.wait(0.05):  # a pause between rounds leaves the ingest a core
                    for route in ROUTES:
                        r = client.get(server.url + route)
                        answers.append((route, r.status_code, r.text[:200]))

        reader = threading.Thread(target=read_all_the_time)
        reader.start()
        try:
            ingest = chidao("ingest", "--quiet", "--workers", "2", "--store", str(store), str(tmp_path / "in"))
        finally:
            stop.set()
            reader.join(120)
        assert ingest.returncode == 0, ingest.stderr[-2000:]
        assert len(answers) >= len(ROUTES), "the reader should have run during the ingest"
        assert [a for a in answers if a[1] != 200] == []
        # the running server sees the new documents: list totals (cached counts), search, SPARQL
        assert _documents(server) == before + COPIES
        hits = httpx.get(server.url + "/search", params={"q": "905/BC-UBND"}, timeout=30).json()["items"]
        assert hits and "905/BC-UBND" in hits[0]["label"]
        count = httpx.get(server.sparql, params={"query": "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a cdo:SourceDocument }"},
                          timeout=30).json()["results"]["bindings"][0]["n"]["value"]
        assert int(count) == before + COPIES
    finally:
        API.stop_server(server)
    valid = chidao("validate", "--store", str(store))
    assert valid.returncode == 0, valid.stdout[-2000:]
