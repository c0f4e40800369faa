// The researcher page: search → lineage graph (cytoscape) → attributes and quoted evidence.
// Talks only to this server's JSON API (/search, /lineage, /instruments); works offline.
"use strict";
const $ = (id) => document.getElementById(id);
const api = (path) => fetch(path, { headers: { Accept: "application/json" } }).then(async (r) => {
  const body = await r.json();
  if (!r.ok) throw new Error(body.detail || r.statusText);
  return body;
});
const esc = (s) => String(s ?? "").replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]));
const shortLabel = (n) => n.symbol || n.label || n.id.split("/").slice(-2).join("/");
// Two mentions in one sentence: show the sentence once.
const unique = (evs) => evs.filter((ev, i) => evs.findIndex((o) => o.sentence === ev.sentence) === i);
let cy = null, lineageData = null;
// A hub's lineage comes in pages: `limit` edges per relation and level, `offset` at the first level.
const PAGE = 25;
let view = { path: null, offset: 0, relation: null };
// Every state of the page is in its URL (q, node, direction, depth, offset, relation, focus or
// edge), so a view can be bookmarked, shared and opened again as it was.
const state = { q: null, node: null, offset: null, relation: null, focus: null, edge: null };
function remember(changes) {
  Object.assign(state, changes);
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...state, direction: $("direction").value, depth: $("depth").value })) if (v !== null && v !== undefined && v !== "") p.set(k, v);
  history.replaceState(null, "", "/?" + p);
}
// «…» marks the typed words in a search snippet.
const marked = (s) => esc(s).replace(/«/g, "<mark>").replace(/»/g, "</mark>");
// Dates as vbpl.vn writes them: 2016-08-03 → 03/8/2016 (chidao/card.py does the same for the panel).
const vnDate = (d) => /^\d{4}-\d{2}-\d{2}/.test(d) ? `${d.slice(8, 10)}/${+d.slice(5, 7)}/${d.slice(0, 4)}` : d;
const DIRECTION_VI = { both: "cả hai", up: "lên", down: "xuống" };
const KIND_VI = { instrument: "văn bản", task: "nhiệm vụ", recommendation: "kiến nghị", activity: "hoạt động",
                  programme: "chương trình", body: "cơ quan" };

function quote(ev) {
  const s = ev.sentence || ev.quote || "";
  const i = ev.quote ? s.indexOf(ev.quote) : -1;
  const html = i < 0 ? esc(s) : esc(s.slice(0, i)) + "<mark>" + esc(ev.quote) + "</mark>" + esc(s.slice(i + ev.quote.length));
  const doc = ev.doc || ev.document || "";
  const src = ev.source || doc.split("/").pop();
  // the reference opens the source document at that span (#char=, as NIF offsets)
  const at = `/documents/${doc.replace("https://w3id.org/chidao/", "")}#char=${ev.begin},${ev.end}`;
  return `<blockquote>${html}<div class="source"><a class="evidence-link" href="${esc(at)}" target="_blank">${esc(src)} · ký tự ${ev.begin}–${ev.end}</a></div></blockquote>`;
}

async function doSearch(q) {
  remember({ q });
  const list = $("results");
  list.innerHTML = "";
  const res = await api("/search?q=" + encodeURIComponent(q));
  if (!res.items.length) { list.innerHTML = "<li class='hint'>Không tìm thấy.</li>"; return res; }
  for (const item of res.items) {
    const li = document.createElement("li");
    li.innerHTML = `<span class="kind">${esc(KIND_VI[item.kind] || item.kind)}</span> ` +
      esc(`${item.label}${item.dates.length ? " (" + item.dates.map(vnDate).join(", ") + ")" : ""}` +
          (item.issuers.length ? " — " + item.issuers.map((i) => i.name).join("; ") : "")) +
      (item.snippet ? `<div class="snippet">${marked(item.snippet)}</div>` : "");
    li.dataset.path = item.path;
    li.onclick = () => { [...list.children].forEach((c) => c.classList.remove("active")); li.classList.add("active"); showLineage(item.path); };
    list.appendChild(li);
  }
  return res;
}

async function showLineage(path, offset = 0, relation = null) {
  const dir = $("direction").value, depth = $("depth").value;
  view = { path, offset, relation };
  remember({ node: path, offset: offset || null, relation, focus: null, edge: null });
  $("graph-status").textContent = "Đang tải…";
  const only = relation ? "&relation=" + encodeURIComponent(relation) : "";
  const data = await api(`/lineage/${path}?direction=${dir}&depth=${depth}&limit=${PAGE}&offset=${offset}${only}`);
  lineageData = data;
  showGroups(data);
  // Upstream nodes (what drives the others) go on top: roots are parents that are nobody's child.
  const parentOf = new Set(data.edges.map((e) => e.parent));
  const childOf = new Set(data.edges.map((e) => (e.parent === e.subject ? e.object : e.subject)));
  const kind = (n) => (n.classes || []).map((c) => c.split(/[#/]/).pop())
    .find((c) => ["Task", "Recommendation", "AgencyActivity"].includes(c)) || "Instrument";
  const elements = data.nodes.map((n) => ({ data: { id: n.id, label: shortLabel(n), kind: kind(n),
                                                     start: n.id === data.node ? 1 : 0 } }))
    .concat(data.edges.map((e, i) => ({ data: { id: "e" + i, source: e.subject, target: e.object, index: i,
      label: e.relation.vi || e.relation.en || e.predicate.split(/[#/]/).pop() } })));
  if (cy) cy.destroy();
  cy = cytoscape({
    container: $("graph"), elements,
    style: [
      { selector: "node", style: { label: "data(label)", "font-size": 10, "text-valign": "bottom", "text-margin-y": 4,
        "text-wrap": "ellipsis", "text-max-width": 120, "background-color": "#b55", width: 18, height: 18 } },
      { selector: "node[kind = 'Task'], node[kind = 'Recommendation']", style: { "background-color": "#2a6f97", shape: "round-rectangle" } },
      { selector: "node[kind = 'AgencyActivity']", style: { "background-color": "#999", shape: "diamond", width: 14, height: 14 } },
      { selector: "node[start = 1]", style: { "background-color": "#7a1f1f", width: 28, height: 28, "font-weight": "bold" } },
      { selector: "node:selected", style: { "border-width": 3, "border-color": "#fc3" } },
      { selector: "edge", style: { label: data.edges.length > 12 ? "" : "data(label)", "font-size": 9, "curve-style": "bezier", "target-arrow-shape": "triangle",
        width: 1.5, "line-color": "#999", "target-arrow-color": "#999", "text-rotation": "autorotate", color: "#555" } },
      { selector: "edge:selected", style: { label: "data(label)", "line-color": "#fc3", "target-arrow-color": "#fc3", width: 3 } },
    ],
    // a hub's page fans out in rings around it (a row of 25 labels is unreadable); small answers as a tree
    layout: data.nodes.length > 15
      ? { name: "concentric", concentric: (n) => (n.id() === data.node ? 10 : 10 - Math.min(9, lineageData.edges.find((e) => e.subject === n.id() || e.object === n.id())?.depth || 9)),
          levelWidth: () => 1, minNodeSpacing: 30 }
      : { name: "breadthfirst", directed: false, spacingFactor: 1.1,
          roots: data.nodes.filter((n) => parentOf.has(n.id) && !childOf.has(n.id)).map((n) => n.id).concat(data.edges.length ? [] : [data.node]) },
  });
  cy.on("tap", "node", (ev) => showNode(ev.target.id()));
  cy.on("tap", "edge", (ev) => showEdge(data.edges[ev.target.data("index")]));
  $("graph").dataset.nodes = String(data.nodes.length);
  $("graph").dataset.edges = String(data.edges.length);
  const total = (data.groups || []).reduce((n, g) => n + g.total, 0);
  $("graph-status").textContent = `${data.nodes.length} nút, ${data.edges.length} quan hệ` +
    (total > data.edges.length ? ` trong ${total}` : "") + ` (hướng: ${DIRECTION_VI[dir]}, độ sâu ${depth})`;
  await showNode(data.node);
  return data;
}

// Counted groups (relation × level): how many edges each has, how many are drawn, and pages.
function showGroups(data) {
  const groups = data.groups || [];
  const hub = groups.some((g) => g.total > g.shown) || view.offset > 0 || view.relation;
  if (!hub) { $("groups").innerHTML = ""; return; }
  const rows = groups.map((g, i) => {
    const first = g.depth === 1, more = first && g.offset + g.shown < g.total, back = first && g.offset > 0;
    return `<tr><td>${g.direction === "up" ? "↑" : "↓"} ${g.depth}</td><td>${esc(g.label.vi || g.relation || g.predicate)}</td>
      <td class="count">${g.offset + 1}–${g.offset + g.shown} / ${g.total}</td>
      <td>${back ? `<button data-act="prev" data-i="${i}">‹</button>` : ""}${more ? `<button data-act="next" data-i="${i}">›</button>` : ""}
          <button data-act="only" data-i="${i}" title="chỉ nhóm này">chỉ</button></td></tr>`;
  }).join("");
  $("groups").innerHTML = `<h2>Nhóm quan hệ (mỗi nhóm ${PAGE} quan hệ một trang)</h2>
    ${view.relation ? `<p><button data-act="all">Tất cả các nhóm</button></p>` : ""}
    <table>${rows}</table>`;
  $("groups").querySelectorAll("button").forEach((b) => b.onclick = () => {
    const g = groups[b.dataset.i];
    if (b.dataset.act === "next") showLineage(view.path, view.offset + PAGE, view.relation);
    if (b.dataset.act === "prev") showLineage(view.path, Math.max(0, view.offset - PAGE), view.relation);
    if (b.dataset.act === "only") showLineage(view.path, 0, g.predicate);
    if (b.dataset.act === "all") showLineage(view.path, 0, null);
  });
}

// Status badge and timeline: /instruments/{id}/status, derived from the documents' own words;
// the status named as the panel names it (the card's Tình trạng hiệu lực).
const EFFECT_VI = { in_force: "có hiệu lực", no_longer_in_force: "hết hiệu lực", "eli:repeals": "bãi bỏ",
                    "cdo:replaces": "thay thế", validity: "sổ đăng ký ghi" };

function statusHtml(st, named) {
  const steps = [...st.because].sort((a, b) => String(a.from || "9999").localeCompare(String(b.from || "9999")));
  return `<p class="status ${esc(st.status)}" id="status-badge">${esc(named || st.status)}
      <span class="source">ngày ${esc(vnDate(st.on))}${st.in_force_from ? " · có hiệu lực từ " + esc(vnDate(st.in_force_from)) : ""}</span></p>
    <ol class="timeline">${steps.map((r) => `<li><b>${esc(r.from ? vnDate(r.from) : "ngày chưa rõ")}</b> ${esc(EFFECT_VI[r.effect] || r.effect)}
      ${r.provision ? esc(r.provision_label || r.provision) : ""}${r.by_label ? " — " + esc(r.by_label) : ""}
      ${r.evidence ? `<blockquote>${esc(r.evidence)}</blockquote>` : ""}</li>`).join("")}</ol>`;
}

// Thuộc tính and Lược đồ as vbpl.vn shows them: the server's `card` (chidao/card.py) carries the
// vocabulary's labels and the relations worded from this node's side.
const cap = (s) => (s ? s[0].toUpperCase() + s.slice(1) : "");
const fieldRows = (fields) => fields.map((f) => `<dt>${esc(cap(f.label.vi || f.label.en || f.term.split(/[#/]/).pop()))}</dt>
  <dd>${f.values.map((v) => esc(v.text)).join("; ")}</dd>`).join("");

function schemeHtml(groups) {
  if (!groups.length) return "";
  return `<h2>Lược đồ</h2><div id="scheme">${groups.map((g) => `<div class="rel ${esc(g.direction)}">
    <h3>${esc(cap(g.label.vi || g.predicate))} <span class="source">(${g.total}${g.total > g.nodes.length ? ", " + g.nodes.length + " hiện" : ""})</span></h3>
    <ul>${g.nodes.map((n) => `<li><a href="#" data-node="${esc(n.id)}">${esc(n.label || shortLabel({ id: n.id }))}</a></li>`).join("")}</ul></div>`).join("")}</div>`;
}

async function showNode(iri) {
  const path = iri.replace("https://w3id.org/chidao/", "");
  const d = await api("/instruments/" + path);
  const st = d.status;  // today's status, with the facts that decide it
  const node = (lineageData?.nodes || []).find((n) => n.id === iri) || {};
  const card = d.card || { fields: [], others: [], relations: [] };
  const links = (lineageData?.edges || []).filter((e) => e.subject === iri || e.object === iri);
  $("details").innerHTML = `<h2 id="node-title">${esc(node.label || shortLabel({ id: iri }))}</h2>
    ${st ? statusHtml(st, card.fields.find((f) => f.term.endsWith("#validity"))?.values[0].text) : ""}
    <dl id="card">${fieldRows(card.fields)}</dl>
    ${card.others.length ? `<details><summary>Thuộc tính khác</summary><dl>${fieldRows(card.others)}</dl></details>` : ""}
    ${schemeHtml(card.relations)}
    <h2>Quan hệ trong sơ đồ (${links.length})</h2>
    ${links.map((e) => `<p><b>${esc(shortLabel(lineageData.nodes.find((n) => n.id === e.subject) || { id: e.subject }))}</b>
       — ${esc(e.relation.vi || e.predicate)} → <b>${esc(shortLabel(lineageData.nodes.find((n) => n.id === e.object) || { id: e.object }))}</b></p>
       ${unique(e.evidence || []).slice(0, 3).map(quote).join("")}`).join("")}
    <h2>Nhắc đến trong văn bản (${d.mentions.length})</h2>${unique(d.mentions).slice(0, 10).map(quote).join("")}`;
  $("details").querySelectorAll("a[data-node]").forEach((a) => a.onclick = (ev) => { ev.preventDefault(); showNode(a.dataset.node); });
  $("details").dataset.node = iri;
  remember({ focus: iri === lineageData?.node ? null : path, edge: null });
}

function showEdge(e) {
  const label = (iri) => shortLabel(lineageData.nodes.find((n) => n.id === iri) || { id: iri });
  $("details").innerHTML = `<h2 id="edge-title">${esc(label(e.subject))} — ${esc(e.relation.vi || e.predicate)} → ${esc(label(e.object))}</h2>
    <p class="source">${esc(e.predicate)} · ${esc(e.relation.en || "")}</p>
    ${unique(e.evidence || []).map(quote).join("") || "<p class='hint'>Không có câu trích dẫn.</p>"}`;
  $("details").dataset.edge = e.predicate;
  remember({ focus: null, edge: lineageData.edges.indexOf(e) });
}

$("direction").onchange = $("depth").onchange = () => { if (view.path) showLineage(view.path, 0, view.relation); else remember({}); };
$("search-form").onsubmit = (ev) => { ev.preventDefault(); doSearch($("q").value).catch((err) => alert(err.message)); };
// Deep links: /?q=QĐ%201395 searches and opens the first hit (&direction=up&depth=2 as well);
// &node= opens that lineage (&offset=, &relation= its page), &focus= a node's panel, &edge= an edge's.
(async () => {
  const params = new URLSearchParams(location.search);
  if (params.get("direction")) $("direction").value = params.get("direction");
  if (params.get("depth")) $("depth").value = params.get("depth");
  if (params.get("q")) {
    $("q").value = params.get("q");
    const res = await doSearch(params.get("q"));
    const node = params.get("node") || res.items[0]?.path;
    if (node) {
      [...$("results").children].find((li) => li.dataset.path === node)?.classList.add("active");
      await showLineage(node, +(params.get("offset") || 0), params.get("relation"));
    }
  } else if (params.get("node")) {
    await showLineage(params.get("node"), +(params.get("offset") || 0), params.get("relation"));
  }
  if (params.get("focus")) await showNode("https://w3id.org/chidao/" + params.get("focus"));
  else if (params.get("edge") && lineageData?.edges[+params.get("edge")]) showEdge(lineageData.edges[+params.get("edge")]);
  document.body.dataset.ready = "1";
})().catch((err) => { $("graph-status").textContent = "Lỗi: " + err.message; document.body.dataset.ready = "error"; });
