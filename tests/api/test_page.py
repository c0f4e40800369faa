"""The researcher page and the query editor in headless Chromium (Debian's chromium and
chromium-driver, installed by .ci/run), driven by selenium; screenshots go to test-artifacts/."""
from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not (CHROMIUM and DRIVER):
        pytest.skip("chromium / chromedriver not installed (`apt-get install chromium chromium-driver`; .ci/run does)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--window-size=1400,900",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"]:
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"performance": "ALL"})  # every request, for requested_urls
    driver = webdriver.Chrome(service=Service(DRIVER), options=opts)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


def wait_for(driver, script: str, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = driver.execute_script(script)
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for: {script}")


def requested_urls(driver) -> list[str]:
    """URLs the browser requested since the last call (Chromium's performance log)."""
    import json

    events = (json.loads(entry["message"])["message"] for entry in driver.get_log("performance"))
    return [e["params"]["request"]["url"] for e in events if e["method"] == "Network.requestWillBeSent"]


def test_pages_and_api_docs_work_offline(server, browser):
    """The page, /docs, /sparql, /tables and a document fetch every script, style and answer
    from this server alone."""
    ready = {"/?q=QĐ%201395": "return document.body.dataset.ready",
             "/docs": "return document.querySelectorAll('.opblock').length",
             "/sparql": "return document.body.dataset.examples",
             "/tables": "return document.body.dataset.ready",
             "/documents/doc/bc-18-ubnd-quang-ngai-2021#char=68,283": "return document.body.dataset.ready"}
    ARTIFACTS.mkdir(exist_ok=True)
    for path, script in ready.items():
        requested_urls(browser)
        browser.get(server.url + path)
        wait_for(browser, script)
        urls = requested_urls(browser)
        assert any(u.startswith(server.url) for u in urls)
        web = [u for u in urls if u.startswith(("http:", "https:", "ws:", "wss:"))]  # not chrome://, data:
        assert [u for u in web if not u.startswith(server.url + "/")] == [], path
        if path == "/docs":
            ops = browser.find_element("css selector", ".swagger-ui").text
            assert "/search" in ops and "/lineage/{ident}" in ops
            browser.save_screenshot(str(ARTIFACTS / "api-docs.png"))


def test_lineage_page_search_graph_and_evidence(server, browser):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.get(server.url + "/")
    box = browser.find_element(By.ID, "q")
    box.send_keys("quyet dinh 1395", Keys.ENTER)
    first = wait_for(browser, "return document.querySelector('#results li[data-path]')")
    assert "1395/QĐ-UBND" in first.text
    first.click()
    wait_for(browser, "return document.getElementById('graph').dataset.edges")
    nodes = int(browser.find_element(By.ID, "graph").get_attribute("data-nodes"))
    assert nodes >= 2
    assert "1395/QĐ-UBND" in browser.find_element(By.ID, "node-title").text
    # click the report node on the canvas: its position comes from cytoscape, the click is real
    pos = browser.execute_script("""const n = cy.nodes().filter(n => n.data('label').includes('18/BC-UBND'))[0];
        const p = n.renderedPosition(); return [p.x, p.y];""")
    canvas = browser.find_element(By.ID, "graph")
    ActionChains(browser).move_to_element_with_offset(canvas, pos[0] - canvas.size["width"] / 2,
                                                      pos[1] - canvas.size["height"] / 2).click().perform()
    wait_for(browser, "return (document.getElementById('node-title')||{}).textContent?.includes('18/BC-UBND')")
    details = browser.find_element(By.ID, "details").text
    assert "Quyết định số 1395/QĐ-UBND" in details  # a quoted sentence behind the link
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "lineage-page.png"))
    assert (ARTIFACTS / "lineage-page.png").stat().st_size > 10_000


def test_deep_link_and_edge_evidence(server, browser):
    browser.get(server.url + "/?q=" + "QĐ%201395" + "&direction=down&depth=2")
    assert wait_for(browser, "return document.body.dataset.ready") == "1"
    browser.execute_script("cy.edges()[0].emit('tap')")
    title = wait_for(browser, "return document.getElementById('edge-title')?.textContent")
    assert "1395/QĐ-UBND" in title
    assert browser.find_elements("css selector", "#details blockquote mark")


def test_an_edge_stated_twice_shows_both_sentences(server, browser):
    """Lineage quotes one sentence an edge; the panel of a link fetches the rest (/evidence)."""
    browser.get(server.url + "/?q=" + "QĐ%201395" + "&direction=down&depth=1")
    assert wait_for(browser, "return document.body.dataset.ready") == "1"
    twice = browser.execute_script("return cy.edges().filter((e) => e.data('indices').some("
                                   "(i) => lineageData.edges[i].mentions > 1)).map((e) => e.id())")
    assert twice, "the sample states some link of QĐ 1395 twice"
    browser.execute_script("cy.getElementById(arguments[0]).emit('tap')", twice[0])
    wait_for(browser, "return document.getElementById('edge-title')?.textContent")
    quotes = wait_for(browser, "const n = document.querySelectorAll('#details blockquote').length; "
                               "return n > 1 ? n : null")
    assert quotes >= 2


def test_task_2_on_the_page_is_the_task_the_cli_traces(server, browser):
    browser.get(server.url + "/?q=task%202&direction=up")
    assert wait_for(browser, "return document.body.dataset.ready") == "1"
    assert browser.find_element("id", "node-title").text == "Nhiệm vụ 2"
    assert browser.find_element("id", "details").get_attribute("data-node").endswith("/task/2")


def test_instrument_panel_reads_as_vbpl(server, browser):
    """Thuộc tính under the vocabulary's Vietnamese labels, dates as 03/8/2016, and the Lược đồ
    grouped by relation and worded from the instrument's side."""
    browser.get(server.url + "/?q=QĐ%201395&depth=1")
    assert wait_for(browser, "return document.body.dataset.ready") == "1"
    card = browser.find_element("id", "card").text
    for row in ["Số ký hiệu\n1395/QĐ-UBND", "Loại văn bản\nQuyết định", "Cơ quan ban hành\nỦy ban nhân dân tỉnh Quảng Ngãi",
                "Ngày ban hành\n03/8/2016", "Tình trạng hiệu lực\nChưa rõ hiệu lực"]:
        assert row in card, card
    details = browser.find_element("id", "details").text
    assert not any(name in details for name in ("date_document", "passed_by", "id_local", "type_document"))
    scheme = browser.find_element("id", "scheme").text
    assert "Được triển khai thực hiện bởi (2)\nCông văn 1721/UBND-NC" in scheme, scheme
    assert "Ban hành (1)\nKế hoạch đổi mới" in scheme
    browser.execute_script("document.getElementById('node-title').scrollIntoView()")
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "instrument-panel.png"))
    # the plan it promulgates reads the relation the other way round
    browser.execute_script("document.querySelector('#scheme a[data-node*=\"/kh/2016/\"]').click()")
    wait_for(browser, "return document.getElementById('details').dataset.node.includes('/kh/2016/')")
    scheme = wait_for(browser, "return document.getElementById('scheme')?.innerText")
    assert "Được ban hành kèm theo (1)\nQuyết định 1395/QĐ-UBND" in scheme, scheme


def test_tables_with_facets_state_in_the_url_and_downloads(server, browser):
    import csv
    import io

    import httpx

    browser.get(server.url + "/tables")
    assert wait_for(browser, "return document.body.dataset.ready") == "1"
    total = int(browser.find_element("id", "summary").text.split()[0])
    assert total == 29
    browser.execute_script("document.querySelector('#facets a[data-facet=type][data-value^=\"Quyết định\"]').click()")
    wait_for(browser, "return location.search.includes('type=') && document.body.dataset.ready === '1'")
    count = int(browser.execute_script("return document.querySelector('#facets a.active').nextElementSibling.textContent"))
    rows = browser.find_elements("css selector", "#rows tbody tr")
    assert len(rows) == count and all("Quyết định" in r.text for r in rows)
    assert "1395/QĐ-UBND" in browser.find_element("id", "rows").text
    # the URL holds the view: opened again, it shows the same rows
    url = browser.current_url
    browser.get(url)
    assert wait_for(browser, "return document.body.dataset.ready") == "1"
    assert len(browser.find_elements("css selector", "#rows tbody tr")) == count
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "tables.png"))
    download = httpx.get(browser.find_element("id", "csv").get_attribute("href"), timeout=30)
    assert len(list(csv.DictReader(io.StringIO(download.text)))) == count
    json_rows = httpx.get(browser.find_element("id", "json").get_attribute("href"), timeout=30).json()["items"]
    assert len(json_rows) == count
    browser.execute_script("document.querySelector('#tabs a[data-table=bodies]').click()")
    wait_for(browser, "return location.search.includes('table=bodies') && document.body.dataset.ready === '1'")
    assert "Bộ Công an" in browser.find_element("id", "rows").text


def test_every_page_state_is_in_the_url(server, browser):
    from selenium.webdriver.support.ui import Select

    browser.get(server.url + "/?q=QĐ%201395&depth=1")
    assert wait_for(browser, "return document.body.dataset.ready") == "1"
    Select(browser.find_element("id", "direction")).select_by_value("down")
    wait_for(browser, "return location.search.includes('direction=down')")
    wait_for(browser, "return document.getElementById('graph-status').textContent.includes('xuống')")
    browser.execute_script("showNode(cy.nodes().filter(n => n.data('label').includes('1721'))[0].id())")
    wait_for(browser, "return location.search.includes('focus=')")
    url = browser.current_url
    assert "node=eli%2Fqd%2F2016%2F1395" in url and "depth=1" in url
    browser.get("about:blank")
    browser.get(url)  # the same view, opened again
    assert wait_for(browser, "return document.body.dataset.ready") == "1"
    assert "1721/UBND-NC" in browser.find_element("id", "node-title").text
    assert browser.find_element("id", "direction").get_attribute("value") == "down"
    assert browser.find_element("id", "q").get_attribute("value") == "QĐ 1395"
    browser.execute_script("cy.edges()[0].emit('tap')")
    wait_for(browser, "return location.search.includes('edge=0')")
    edge_url = browser.current_url
    browser.get(edge_url)
    assert wait_for(browser, "return document.body.dataset.ready") == "1"
    assert browser.find_element("id", "edge-title").text


def test_evidence_reference_opens_the_document_at_that_span(server, browser):
    browser.get(server.url + "/?q=QĐ%201395&depth=1")
    assert wait_for(browser, "return document.body.dataset.ready") == "1"
    link = browser.find_element("css selector", "#details blockquote a.evidence-link")
    quoted = " ".join(browser.execute_script("return arguments[0].closest('blockquote').textContent", link).split())
    href = link.get_attribute("href")
    assert "/documents/doc/bc-18-ubnd-quang-ngai-2021#char=" in href
    begin, end = map(int, href.rsplit("=", 1)[1].split(","))
    import httpx

    text = httpx.get(href.split("#")[0], timeout=30).json()["text"]  # an API client gets the JSON
    browser.get(href)
    assert wait_for(browser, "return document.body.dataset.ready") == "1"
    span = browser.execute_script("return document.getElementById('span').textContent")
    assert span == text[begin:end] and " ".join(span.split()) in quoted, (span, quoted)
    assert browser.execute_script("const r = document.getElementById('span').getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight")
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "document-span.png"))


def test_query_editor_opens_offline_with_examples(server, browser):
    browser.get(server.url + "/sparql")
    wait_for(browser, "return document.body.dataset.examples")
    tabs = browser.execute_script("return document.querySelectorAll('.yasgui .tabsList .tab').length")
    assert tabs >= 3
    assert "Văn bản theo cơ quan ban hành" in browser.find_element("css selector", ".yasgui").text
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "sparql-editor.png"))


_LAW, _CDO = "https://w3id.org/chidao/eli/l/2015/77/quoc-hoi", "https://w3id.org/chidao/ontology#"
HUB_ACTIVITIES = "\n".join(
    f"<https://w3id.org/chidao/doc/synthetic-activities/activity/{k}> {triple} ."
    for k in range(12)
    for triple in (f"<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{_CDO}AgencyActivity>",
                   '<http://www.w3.org/2000/01/rdf-schema#label> "Hoạt động: Chính phủ"@vi',
                   f"<{_CDO}performedBy> <https://w3id.org/chidao/org/chinh-phu>", f"<{_CDO}concernsInstrument> <{_LAW}>"))


@pytest.fixture(scope="module")
def hub_server(tmp_path_factory):
    """A store where one law has hundreds of dependants (chidao.synthetic) and 12 activities of
    Chính phủ concern it (HUB_ACTIVITIES)."""
    from served_server import _api_conftest

    from chidao.store import Store
    from chidao.synthetic import small_documents
    from ontology import BASE

    path = tmp_path_factory.mktemp("hub-store")
    store = Store(path)
    store.load_vocabulary()
    for graph, nt in small_documents(150):
        store.replace_graph_nt(graph, nt)
    store.replace_graph_nt(f"{BASE}graph/synthetic-activities", HUB_ACTIVITIES)
    store.flush()
    del store
    api = _api_conftest()  # not `from conftest import`: another folder's conftest may hold that name
    server = api.start_server(path, tmp_path_factory.mktemp("hub-log") / "server.log")
    yield server
    api.stop_server(server)


def test_hub_lineage_is_grouped_counted_and_pageable(hub_server, browser):
    browser.get(hub_server.url + "/?q=77/2015/QH13&direction=down&depth=1")
    assert wait_for(browser, "return document.body.dataset.ready") == "1"
    groups = wait_for(browser, "return document.querySelector('#groups table')?.innerText")
    assert "/ 300" in groups, groups  # 150 reports and 150 plans are based on the law: counted, not drawn
    drawn = int(browser.find_element("id", "graph").get_attribute("data-edges"))
    assert drawn < 300
    browser.execute_script("document.querySelector('#groups button[data-act=next]').click()")
    wait_for(browser, "return document.querySelector('#groups .count')?.textContent.startsWith('26')")
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "hub-lineage-page.png"))


@pytest.fixture(scope="module")
def status_server(tmp_path_factory):
    """A store with a decree that repeals another from its entry into force (tests/test_status.py)."""
    from served_server import _api_conftest
    from test_status import DECREE

    from chidao.loading import ingest_paths
    from chidao.store import Store

    folder = tmp_path_factory.mktemp("status-docs")
    (folder / "nd-09-2024.txt").write_text(DECREE, "utf-8")
    path = tmp_path_factory.mktemp("status-store")
    store = Store(path)
    assert not ingest_paths(store, [folder]).failures
    store.flush()
    del store
    api = _api_conftest()
    server = api.start_server(path, tmp_path_factory.mktemp("status-log") / "server.log")
    yield server
    api.stop_server(server)


def test_an_instrument_shows_its_status_badge_and_timeline(status_server, browser):
    browser.get(status_server.url + "/?q=31/2015/NĐ-CP")
    assert wait_for(browser, "return document.body.dataset.ready") == "1"
    browser.execute_script("showNode('https://w3id.org/chidao/eli/nd/2015/31/chinh-phu')")
    badge = wait_for(browser, "return document.getElementById('status-badge')?.innerText")
    assert badge.startswith("Hết hiệu lực")
    timeline = browser.execute_script("return document.querySelector('.timeline').innerText")
    assert "bãi bỏ" in timeline and "Nghị định 09/2024/NĐ-CP" in timeline and "a) Nghị định số 31/2015" in timeline
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "status-badge.png"))


# Every node's label box (cytoscape's model coordinates) and the pairs of them that intersect.
LABEL_OVERLAPS = """const boxes = cy.nodes().map(n => [n.data('label'), n.boundingBox({includeLabels: true, includeNodes: false})]);
const hit = (a, b) => a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;
const pairs = [];
boxes.forEach(([la, a], i) => boxes.slice(i + 1).forEach(([lb, b]) => { if (hit(a, b)) pairs.push([la, lb]); }));
return {pairs, empty: boxes.filter(([, b]) => !(b.w > 0 && b.h > 0)).map(([l]) => l), count: boxes.length};"""
# Is every node, with its label, inside the canvas, and how many screen pixels is the label font?
ON_SCREEN = """const w = cy.width(), h = cy.height();
const out = cy.nodes().filter(n => { const b = n.renderedBoundingBox({includeLabels: true});
  return b.x1 < 0 || b.y1 < 0 || b.x2 > w || b.y2 > h; }).map(n => n.data('label'));
return {out, font: cy.zoom() * parseFloat(cy.nodes()[0].style('font-size'))};"""


def assert_lineage_readable(browser, url: str, answer: dict, screenshot: str) -> None:
    """The four rules of a readable lineage (issue 16), read from the page: labels apart, a
    legend of what is drawn, every edge's relation in words, one node per body's activities."""
    import collections

    browser.get(url)
    assert wait_for(browser, "return document.body.dataset.ready") == "1"
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / screenshot))
    # 1. no two node labels intersect; all of them on the canvas at a readable size
    boxes = browser.execute_script(LABEL_OVERLAPS)
    assert boxes["count"] >= 5 and boxes["empty"] == [] and boxes["pairs"] == [], boxes
    screen = browser.execute_script(ON_SCREEN)
    assert screen["out"] == [] and screen["font"] >= 8, screen
    # 2. the legend names every node kind and every relation drawn, and nothing else
    drawn = browser.execute_script("""return {
        kinds: [...new Set(cy.nodes().map(n => n.data('start') ? 'start' : n.data('count') ? 'merged' : n.data('kind')))],
        relations: [...new Set(cy.edges().map(e => e.data('predicate')))]}""")
    legend = browser.execute_script("""const l = document.getElementById('legend');
        return {kinds: [...l.querySelectorAll('[data-kind]')].map(k => k.dataset.kind),
                relations: [...l.querySelectorAll('[data-relation]')].map(r => r.dataset.relation), text: l.innerText}""")
    assert sorted(legend["kinds"]) == sorted(drawn["kinds"]) and sorted(legend["relations"]) == sorted(drawn["relations"])
    labels = {e["predicate"]: e["relation"]["vi"] for e in answer["edges"]}
    assert all(labels[p] in legend["text"] for p in drawn["relations"]), legend["text"]
    assert "Chú giải" in legend["text"] and "văn bản" in legend["text"]
    # 3. every drawn edge in words: under its relation, with its two ends as the canvas labels them
    listed = browser.execute_script("""return cy.edges().map(e => {
        const a = document.querySelector(`#edge-list a[data-edge="${e.id()}"]`);
        return {relation: e.data('predicate'), group: a?.closest('.rel-group').innerText, item: a?.innerText,
                source: e.source().data('full'), target: e.target().data('full')}; })""")
    assert listed and all(x["item"] and x["source"] in x["item"] and x["target"] in x["item"]
                          and x["group"].split("(")[0].strip() == labels[x["relation"]] for x in listed), listed
    # 4. activities of one body are one node, labelled with their count; a click lists them
    activities = collections.Counter(n["label"] for n in answer["nodes"] if any(c.endswith("#AgencyActivity") for c in n["classes"]))
    full = browser.execute_script("return cy.nodes().map(n => n.data('full'))")
    shown = browser.execute_script("return cy.nodes().map(n => n.data('label'))")
    assert len(set(shown)) == len(shown), [x for x in shown if shown.count(x) > 1]
    for label, count in activities.items():
        assert full.count(f"{label} ×{count}" if count > 1 else label) == 1 and full.count(label) == (count == 1)
    merged = browser.execute_script("return cy.nodes('[count]').map(n => [n.id(), n.data('count')])")
    assert len(merged) == sum(c > 1 for c in activities.values())
    for node, count in merged:
        browser.execute_script("cy.getElementById(arguments[0]).emit('tap')", node)
        items = wait_for(browser, "return document.querySelectorAll('#merged-list > li').length")
        assert items == count and f"×{count}" in browser.find_element("id", "node-title").text
        url = wait_for(browser, "return location.search.includes('focus=merged') && location.href")
        browser.get(url)  # the merged node's panel is in the URL too
        assert wait_for(browser, "return document.body.dataset.ready") == "1"
        assert len(browser.find_elements("css selector", "#merged-list > li")) == count
    return merged


def test_sample_lineage_is_readable(server, browser):
    import httpx

    answer = httpx.get(server.url + "/lineage/eli/qd/2016/1395/uy-ban-nhan-dan-tinh-quang-ngai",
                       params={"direction": "both", "depth": 2, "limit": 25}, timeout=60).json()
    merged = assert_lineage_readable(browser, server.url + "/?q=QĐ%201395&direction=both&depth=2", answer, "lineage-sample.png")
    assert merged and merged[0][1] >= 5  # the sample's activities of UBND tỉnh Quảng Ngãi: one node


def test_hub_lineage_is_readable(hub_server, browser):
    import httpx

    answer = httpx.get(hub_server.url + "/lineage/eli/l/2015/77/quoc-hoi",
                       params={"direction": "down", "depth": 1, "limit": 25}, timeout=60).json()
    merged = assert_lineage_readable(browser, hub_server.url + "/?q=77/2015/QH13&direction=down&depth=1", answer, "lineage-hub.png")
    assert [count for _, count in merged] == [12]  # "Hoạt động: Chính phủ ×12"
    assert int(browser.find_element("id", "graph").get_attribute("data-nodes")) == 1 + 25 + 12  # a page of 300, and the 12


def test_hub_two_levels_down_labels_are_distinct_and_apart(hub_server, browser):
    """Two levels down the hub draws each plan's tasks: "Nhiệm vụ 1" of many plans, each named
    with the plan that drives it; still no two labels intersect."""
    browser.get(hub_server.url + "/?q=77/2015/QH13&direction=down&depth=2")
    assert wait_for(browser, "return document.body.dataset.ready") == "1"
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "lineage-hub-depth-2.png"))
    boxes = browser.execute_script(LABEL_OVERLAPS)
    assert boxes["count"] > 50 and boxes["pairs"] == [], boxes
    shown = browser.execute_script("return cy.nodes().map(n => n.data('label'))")
    assert len(set(shown)) == len(shown), sorted(x for x in shown if shown.count(x) > 1)
    tasks = [x for x in shown if x.startswith("Nhiệm vụ 1 · ")]
    assert len(tasks) > 1 and all("/KH-UBND" in x for x in tasks), tasks
