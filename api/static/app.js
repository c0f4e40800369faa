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

// Node kinds and relation families as the graph draws them; the legend is made from the same table.
const NODE_KINDS = {
  start: { vi: "văn bản đang xem", en: "start", svg: '<circle cx="7" cy="7" r="6.5" fill="#7a1f1f"/>' },
  Instrument: { vi: "văn bản", en: "instrument", svg: '<circle cx="7" cy="7" r="5" fill="#b55"/>' },
  Task: { vi: "nhiệm vụ", en: "task", svg: '<rect x="2" y="2" width="10" height="10" rx="2" fill="#2a6f97"/>' },
  Recommendation: { vi: "kiến nghị", en: "recommendation", svg: '<polygon points="7,1 13,5 11,13 3,13 1,5" fill="#6a4c93"/>' },
  AgencyActivity: { vi: "hoạt động", en: "activity", svg: '<polygon points="7,1 13,7 7,13 1,7" fill="#999"/>' },
  merged: { vi: "hoạt động cùng cơ quan, gộp (×số)", en: "merged activities", svg: '<polygon points="7,0 14,7 7,14 0,7" fill="#777" stroke="#333"/>' },
};
const FAMILIES = [
  { key: "basis", vi: "căn cứ, hướng dẫn", en: "basis", color: "#555", dash: "solid", terms: ["based_on", "guides", "interprets"] },
  { key: "implementation", vi: "thực hiện, ban hành", en: "implementation", color: "#2a6f97", dash: "solid",
    terms: ["implements", "ensures_implementation_of", "drivenBy", "drives", "promulgates", "funds"] },
  { key: "change", vi: "sửa đổi, thay thế, bãi bỏ", en: "change", color: "#c0392b", dash: "dashed",
    terms: ["amends", "corrects", "repeals", "replaces", "consolidates", "suspends", "pauses", "recommendsReplacing"] },
  { key: "report", vi: "báo cáo, theo dõi", en: "reporting", color: "#2e8b57", dash: "dashed", terms: ["reportsOn", "monitors", "announces"] },
  { key: "mention", vi: "nhắc đến", en: "mention", color: "#999", dash: "dotted", terms: ["concernsInstrument", "cites"] },
];
const local = (iri) => iri.split(/[#/]/).pop();
const familyOf = (predicate) => FAMILIES.find((f) => f.terms.includes(local(predicate))) || FAMILIES[FAMILIES.length - 1];
const relName = (e) => e.relation.vi || e.relation.en || local(e.predicate);
const kindOf = (n) => (n.classes || []).map(local).find((c) => ["Task", "Recommendation", "AgencyActivity"].includes(c)) || "Instrument";
// Labels on the canvas are cut at 48 characters and wrap at 120 px; the full one is in the tooltip and the panel.
const cut = (s) => (s.length > 48 ? s.slice(0, 47) + "…" : s);
let drawn = null;  // what the canvas shows: {nodes: id → node data, edges: [edge data]} after merging

// Activities of one body (same label, e.g. "Hoạt động: Chính phủ") are drawn as ONE node
// labelled with their count; its edges are theirs, one per relation and other end, each with
// the indices of the lineage edges it stands for.
function merge(data) {
  const byLabel = new Map();
  for (const n of data.nodes) if (kindOf(n) === "AgencyActivity" && n.id !== data.node) {
    byLabel.set(n.label, [...(byLabel.get(n.label) || []), n]);
  }
  const into = new Map(), nodes = new Map();
  for (const n of data.nodes) {
    const members = byLabel.get(n.label);
    if (members?.length > 1 && members.includes(n)) {
      const id = "merged:" + n.label;
      into.set(n.id, id);
      if (!nodes.has(id)) nodes.set(id, { id, label: cut(`${n.label} ×${members.length}`), full: `${n.label} ×${members.length}`,
                                           kind: "AgencyActivity", count: members.length, members: members.map((m) => m.id) });
    } else {
      nodes.set(n.id, { id: n.id, label: cut(shortLabel(n)), full: n.label || shortLabel(n), kind: kindOf(n),
                        start: n.id === data.node ? 1 : 0 });
    }
  }
  const at = (iri) => into.get(iri) || iri, edges = new Map();
  // Other nodes sharing a label (tasks "Nhiệm vụ 1" of two plans) are told apart by what drives them.
  const parentOf = new Map(data.edges.map((e) => [at(e.parent === e.subject ? e.object : e.subject), at(e.parent)]).reverse());
  const same = (d) => [...nodes.values()].filter((o) => o.label === d.label);
  for (const [k, d] of [...nodes.values()].filter((d) => same(d).length > 1).entries()) {
    const p = nodes.get(parentOf.get(d.id));
    Object.assign(d, p ? { label: cut(`${d.label} · ${p.label}`), full: `${d.full} · ${p.full}` } : {});
    if (!p || same(d).length > 1) Object.assign(d, { label: `${d.label} #${k + 1}`, full: `${d.full} #${k + 1}` });
  }
  data.edges.forEach((e, i) => {
    const key = [at(e.subject), e.predicate, at(e.object)].join(" ");
    if (edges.has(key)) { edges.get(key).indices.push(i); return; }
    edges.set(key, { id: "e" + i, source: at(e.subject), target: at(e.object), predicate: e.predicate, index: i, indices: [i],
                     label: relName(e), family: familyOf(e.predicate).key });
  });
  return { nodes, edges: [...edges.values()], at };
}

// Bands: the start node in the middle, what drives it above (one band per depth), what it
// drives below. A band is filled like a line of text: each node as wide as its label, wrapped
// at `width` and centred, so two labels never overlap however many dependants a hub has.
function bandPositions(data, width) {
  const band = new Map([[drawn.at(data.node), 0]]), anchor = new Map();
  for (const e of [...data.edges].sort((a, b) => a.depth - b.depth)) {
    const child = e.parent === e.subject ? e.object : e.subject;
    const [near, far] = e.direction === "up" ? [child, e.parent] : [e.parent, child];
    if (!band.has(drawn.at(far))) { band.set(drawn.at(far), e.direction === "up" ? -e.depth : e.depth); anchor.set(drawn.at(far), drawn.at(near)); }
  }
  cy.nodes().forEach((n) => { if (!band.has(n.id())) band.set(n.id(), 1); });  // not reached by an edge: below
  const RANK = { Instrument: 0, Recommendation: 1, Task: 2, AgencyActivity: 3 }, GAP = 14, BETWEEN = 36;
  const x = new Map(), positions = {};
  let top = 0, bottom = 0;
  for (const b of [...new Set(band.values())].sort((p, q) => Math.abs(p) - Math.abs(q) || q - p)) {
    const nodes = cy.nodes().filter((n) => band.get(n.id()) === b).sort((m, n) =>
      (x.get(anchor.get(m.id())) ?? 0) - (x.get(anchor.get(n.id())) ?? 0) || RANK[m.data("kind")] - RANK[n.data("kind")] ||
      m.data("label").localeCompare(n.data("label"), "vi", { numeric: true }));
    const rows = [[]];
    let used = 0;
    nodes.forEach((n) => {
      const bb = n.boundingBox({ includeLabels: true }), w = bb.w + GAP;
      if (rows.at(-1).length && used + w > width) { rows.push([]); used = 0; }
      rows.at(-1).push({ n, bb, w });
      used += w;
    });
    const heights = rows.map((r) => Math.max(...r.map((c) => c.bb.h)) + GAP), height = heights.reduce((s, h) => s + h, 0);
    let y = b === 0 ? 0 : b > 0 ? bottom + BETWEEN : top - BETWEEN - height;
    if (b >= 0) bottom = y + height;
    if (b <= 0) top = y;
    rows.forEach((row, r) => {
      let left = -row.reduce((s, c) => s + c.w, 0) / 2;
      for (const { n, bb, w } of row) {  // the box (node and label) centred in its cell
        const p = n.position(), cx = left + w / 2, cy_ = y + heights[r] / 2;
        positions[n.id()] = { x: cx - ((bb.x1 + bb.x2) / 2 - p.x), y: cy_ - ((bb.y1 + bb.y2) / 2 - p.y) };
        x.set(n.id(), cx);
        left += w;
      }
      y += heights[r];
    });
  }
  return positions;
}

async function showLineage(path, offset = 0, relation = null) {
  const dir = $("direction").value, depth = $("depth").value;
  view = { path, offset, relation };
  remember({ node: path, offset: offset || null, relation, focus: null, edge: null });
  $("graph-status").textContent = "Đang tải…";
  const only = relation ? "&relation=" + encodeURIComponent(relation) : "";
  const data = await api(`/lineage/${path}?direction=${dir}&depth=${depth}&limit=${PAGE}&offset=${offset}${only}`);
  lineageData = data;
  drawn = merge(data);
  showGroups(data);
  showLegend();  // before the graph: the canvas gets the height they leave
  showEdgeList();
  const elements = [...drawn.nodes.values()].map((d) => ({ data: d }))
    .concat(drawn.edges.map((d) => ({ data: d })));
  if (cy) cy.destroy();
  const box = $("graph");
  cy = cytoscape({
    container: $("graph"), elements, maxZoom: 2.5, minZoom: 0.1,
    style: [
      { selector: "node", style: { label: "data(label)", "font-size": 11, "text-valign": "bottom", "text-margin-y": 3,
        "text-wrap": "wrap", "text-max-width": 120, "text-background-color": "#fff", "text-background-opacity": 0.85,
        "text-background-padding": 1, "background-color": "#b55", width: 16, height: 16 } },
      { selector: "node[kind = 'Task']", style: { "background-color": "#2a6f97", shape: "round-rectangle" } },
      { selector: "node[kind = 'Recommendation']", style: { "background-color": "#6a4c93", shape: "pentagon" } },
      { selector: "node[kind = 'AgencyActivity']", style: { "background-color": "#999", shape: "diamond", width: 14, height: 14 } },
      { selector: "node[count]", style: { "background-color": "#777", "border-width": 1, "border-color": "#333", width: 18, height: 18 } },
      { selector: "node[start = 1]", style: { "background-color": "#7a1f1f", width: 26, height: 26, "font-weight": "bold" } },
      { selector: "node:selected", style: { "border-width": 3, "border-color": "#fc3" } },
      { selector: "edge", style: { "curve-style": "bezier", "target-arrow-shape": "triangle", width: 1.5, "font-size": 10,
        "text-rotation": "autorotate", "text-background-color": "#fff", "text-background-opacity": 1, color: "#333" } },
      ...FAMILIES.map((f) => ({ selector: `edge[family = '${f.key}']`,
        style: { "line-color": f.color, "target-arrow-color": f.color, "line-style": f.dash } })),
      // the canvas names a relation only when its edge is selected; the list under it names them all
      { selector: "edge:selected", style: { label: "data(label)", width: 3, "z-index": 9 } },
    ],
    layout: { name: "preset" },
  });
  cy.layout({ name: "preset", positions: bandPositions(data, Math.max(300, box.clientWidth - 40)), fit: true, padding: 20 }).run();
  if (cy.zoom() > 1.5) { cy.zoom(1.5); cy.center(); }  // a small answer is not blown up
  cy.on("tap", "node", (ev) => (ev.target.data("count") ? showMerged(ev.target.id()) : showNode(ev.target.id())));
  cy.on("tap", "edge", (ev) => showEdge(ev.target.data("indices")));
  cy.on("mouseover", "node", (ev) => { box.title = ev.target.data("full"); });
  cy.on("mouseout", "node", () => { box.title = ""; });
  box.dataset.nodes = String(data.nodes.length);
  box.dataset.edges = String(data.edges.length);
  const total = (data.groups || []).reduce((n, g) => n + g.total, 0);
  const merged = [...drawn.nodes.values()].filter((d) => d.count);
  $("graph-status").textContent = `${data.nodes.length} nút, ${data.edges.length} quan hệ` +
    (total > data.edges.length ? ` trong ${total}` : "") + ` (hướng: ${DIRECTION_VI[dir]}, độ sâu ${depth})` +
    (merged.length ? `; ${merged.reduce((n, d) => n + d.count, 0)} hoạt động gộp thành ${merged.length} nút` : "");
  await showNode(data.node);
  return data;
}

const swatch = (svg) => `<svg width="14" height="14" viewBox="0 0 14 14" aria-hidden="true">${svg}</svg>`;
const line = (f) => `<svg width="26" height="8" aria-hidden="true"><line x1="0" y1="4" x2="26" y2="4" stroke="${f.color}" stroke-width="2"
  stroke-dasharray="${{ solid: "", dashed: "6 3", dotted: "2 3" }[f.dash]}"/></svg>`;

// The legend lists the node kinds and relations drawn, in Vietnamese with the English after.
function showLegend() {
  const nodes = [...drawn.nodes.values()];
  const kinds = Object.keys(NODE_KINDS).filter((k) => nodes.some((d) => (k === "start" ? d.start : k === "merged" ? d.count : d.kind === k && !d.start && !d.count)));
  const byFamily = FAMILIES.map((f) => [f, [...new Map(drawn.edges.filter((d) => d.family === f.key)
    .map((d) => [d.predicate, relName(lineageData.edges[d.index])])).entries()]]).filter(([, rels]) => rels.length);
  $("legend").innerHTML = `<span class="legend-head">Chú giải</span>` +
    kinds.map((k) => `<span class="key" data-kind="${k}">${swatch(NODE_KINDS[k].svg)} ${NODE_KINDS[k].vi} <i>(${NODE_KINDS[k].en})</i></span>`).join("") +
    byFamily.map(([f, rels]) => `<span class="key" data-family="${f.key}">${line(f)} ${f.vi} <i>(${f.en})</i>: ${rels.map(([p, name]) =>
      `<span data-relation="${esc(p)}">${esc(name)}</span>`).join(", ")}</span>`).join("");
}

const drawnLabel = (id) => drawn.nodes.get(id)?.full || shortLabel({ id });

// Every drawn edge in words, grouped by relation (count of the lineage edges behind them); a click selects it.
function showEdgeList() {
  const byRelation = new Map();
  for (const d of drawn.edges) byRelation.set(d.predicate, [...(byRelation.get(d.predicate) || []), d]);
  $("edge-list").innerHTML = `<h2>Các quan hệ đã vẽ <i>(relations drawn)</i></h2>` + [...byRelation].map(([p, ds]) =>
    `<div class="rel-group" data-relation="${esc(p)}">${line(familyOf(p))} <b>${esc(relName(lineageData.edges[ds[0].index]))}</b>
     <span class="count">(${ds.reduce((n, d) => n + d.indices.length, 0)})</span>: ${ds.map((d) => `<a href="#" data-edge="${d.id}">${esc(drawnLabel(d.source))}
     → ${esc(drawnLabel(d.target))}${d.indices.length > 1 ? " ×" + d.indices.length : ""}</a>`).join(" · ")}</div>`).join("");
  $("edge-list").querySelectorAll("a[data-edge]").forEach((a) => a.onclick = (ev) => {
    ev.preventDefault();
    cy.elements().unselect();
    showEdge(cy.getElementById(a.dataset.edge).select().data("indices"));
  });
}

// A merged node's panel: each activity it stands for, with what it says about the other end.
function showMerged(id) {
  const d = drawn.nodes.get(id);
  $("details").innerHTML = `<h2 id="node-title">${esc(d.full)}</h2>
    <p class="hint">${d.count} hoạt động của cùng cơ quan, gộp thành một nút (${d.count} merged activities).</p>
    <ol id="merged-list">${d.members.map((m) => {
      const links = lineageData.edges.filter((e) => e.subject === m || e.object === m);
      return `<li data-node="${esc(m)}"><a href="#" data-node="${esc(m)}">${esc(lineageData.nodes.find((n) => n.id === m)?.label || m)}</a>
        ${links.map((e) => `— ${esc(relName(e))} → <b>${esc(drawnLabel(drawn.at(e.subject === m ? e.object : e.subject)))}</b>`).join("; ")}
        ${unique(links.flatMap((e) => e.evidence || [])).slice(0, 1).map(quote).join("")}</li>`;
    }).join("")}</ol>`;
  $("details").querySelectorAll("a[data-node]").forEach((a) => a.onclick = (ev) => { ev.preventDefault(); showNode(a.dataset.node); });
  $("details").dataset.node = id;
  remember({ focus: id, edge: null });
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

// One drawn edge: the lineage edges it stands for (several when it joins merged activities).
// Lineage quotes the earliest sentence of each edge; the rest are fetched here, a page each.
let edgeShown = 0;  // which showEdge call the panel belongs to
async function showEdge(indices) {
  const shown = ++edgeShown;
  const es = indices.map((i) => lineageData.edges[i]), e = es[0];
  const title = `<h2 id="edge-title">${esc(drawnLabel(drawn.at(e.subject)))} — ${esc(relName(e))} → ${esc(drawnLabel(drawn.at(e.object)))}${es.length > 1 ? " ×" + es.length : ""}</h2>
    <p class="source">${esc(e.predicate)} · ${esc(e.relation.en || "")}</p>`;
  const render = (sentences, more) => {
    $("details").innerHTML = title + (unique(sentences).map(quote).join("") || "<p class='hint'>Không có câu trích dẫn.</p>")
      + (more > 0 ? `<p class="hint">Còn ${more} câu khác (${more} more).</p>` : "");
  };
  render(es.flatMap((x) => x.evidence || []), 0);
  $("details").dataset.edge = e.predicate;
  remember({ focus: null, edge: indices[0] });
  if (!es.some((x) => x.mentions > (x.evidence || []).length)) return;
  const pages = await Promise.all(es.map((x) => api(`/evidence?subject=${encodeURIComponent(x.subject)}`
    + `&predicate=${encodeURIComponent(x.predicate)}&object=${encodeURIComponent(x.object)}&limit=50`)));
  if (shown !== edgeShown || !$("edge-title")) return;  // another panel was opened meanwhile
  render(pages.flatMap((p) => p.sentences), pages.reduce((n, p) => n + p.total - p.sentences.length, 0));
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
  const edge = drawn?.edges.find((d) => d.indices.includes(+params.get("edge")));
  if (params.get("focus")?.startsWith("merged:") && drawn?.nodes.has(params.get("focus"))) showMerged(params.get("focus"));
  else if (params.get("focus")) await showNode("https://w3id.org/chidao/" + params.get("focus"));
  else if (params.get("edge") && edge) showEdge(edge.indices);
  document.body.dataset.ready = "1";
})().catch((err) => { $("graph-status").textContent = "Lỗi: " + err.message; document.body.dataset.ready = "error"; });
