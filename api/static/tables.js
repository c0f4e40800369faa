// Tables of instruments, bodies, tasks and source documents, with facets and CSV/JSON downloads
// (the list routes' ?facets=true and ?format=). Every state is in the URL: a view can be shared.
"use strict";
const $ = (id) => document.getElementById(id);
const esc = (s) => String(s ?? "").replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]));
const vnDate = (d) => /^\d{4}-\d{2}-\d{2}/.test(d) ? `${d.slice(8, 10)}/${+d.slice(5, 7)}/${d.slice(0, 4)}` : d;
const names = (xs) => (xs || []).map((x) => x.name).join("; ");
const lineageLink = (label, q) => `<a href="/?q=${encodeURIComponent(q)}">${esc(label)}</a>`;
const PAGE = 50;

// What each table lists: its route, the filters it takes and its columns (heading, cell).
const TABLES = {
  instruments: { name: "Văn bản", route: "/instruments", filters: { q: "Từ khoá", type: "Loại văn bản", issuer: "Cơ quan ban hành", year: "Năm" },
    facets: { type: "Loại văn bản", year: "Năm ban hành", issuer: "Cơ quan ban hành", status: "Tình trạng hiệu lực" },
    columns: [["Số ký hiệu", (r) => lineageLink(r.symbol || "", r.symbol || r.label)], ["Tên, trích yếu", (r) => lineageLink(r.label, r.symbol || r.label)],
              ["Loại", (r) => esc(r.type)], ["Ngày ban hành", (r) => esc(r.dates.map(vnDate).join(", "))], ["Cơ quan ban hành", (r) => esc(names(r.issuers))]] },
  bodies: { name: "Cơ quan", route: "/bodies", filters: { q: "Tên cơ quan" },
    columns: [["Cơ quan", (r) => esc(r.name)], ["Ký hiệu", (r) => esc(r.code)], ["Số văn bản ban hành", (r) => esc(r.issued)]] },
  tasks: { name: "Nhiệm vụ, kiến nghị", route: "/tasks", filters: { q: "Từ khoá", issuer: "Cơ quan được giao" },
    columns: [["Loại", (r) => esc({ task: "nhiệm vụ", recommendation: "kiến nghị", activity: "hoạt động" }[r.kind] || r.kind)],
              ["Tên", (r) => esc(r.label)], ["Nội dung", (r) => esc((r.text || "").slice(0, 200))], ["Cơ quan", (r) => esc(names(r.issuers))]] },
  documents: { name: "Văn bản nguồn", route: "/documents", filters: {},
    columns: [["Tệp", (r) => esc(r.source)], ["Số ký hiệu", (r) => esc(r.symbol)], ["Trích yếu", (r) => esc(r.title)], ["Ngày", (r) => esc(vnDate(r.date || ""))]] },
};

function state() {
  const p = new URLSearchParams(location.search);
  const table = TABLES[p.get("table")] ? p.get("table") : "instruments";
  const filters = {};
  for (const k of Object.keys(TABLES[table].filters)) if (p.get(k)) filters[k] = p.get(k);
  return { table, filters, offset: +(p.get("offset") || 0) };
}

function go(next) {
  const p = new URLSearchParams({ table: next.table, ...next.filters });
  if (next.offset) p.set("offset", next.offset);
  history.pushState(null, "", "/tables?" + p);
  render();
}

async function render() {
  const s = state(), t = TABLES[s.table];
  document.body.dataset.ready = "";
  $("tabs").innerHTML = Object.entries(TABLES).map(([k, v]) => `<a href="#" data-table="${k}" class="${k === s.table ? "active" : ""}">${esc(v.name)}</a>`).join(" ");
  $("tabs").querySelectorAll("a").forEach((a) => a.onclick = (ev) => { ev.preventDefault(); go({ table: a.dataset.table, filters: {}, offset: 0 }); });
  $("filters").innerHTML = Object.entries(t.filters).map(([k, label]) =>
    `<label>${esc(label)} <input name="${k}" value="${esc(s.filters[k] || "")}"></label>`).join(" ") +
    (Object.keys(t.filters).length ? ` <button type="submit">Lọc</button>` : "");
  $("filters").onsubmit = (ev) => {
    ev.preventDefault();
    const filters = Object.fromEntries([...new FormData($("filters"))].filter(([, v]) => v.trim()));
    go({ table: s.table, filters, offset: 0 });
  };
  const query = new URLSearchParams({ ...s.filters, limit: PAGE, offset: s.offset });
  if (t.facets) query.set("facets", "true");
  const r = await fetch(`${t.route}?${query}`, { headers: { Accept: "application/json" } });
  const body = await r.json();
  if (!r.ok) { $("summary").textContent = body.detail; $("rows").innerHTML = ""; document.body.dataset.ready = "error"; return; }
  const download = new URLSearchParams({ ...s.filters, limit: 1000 });
  $("summary").innerHTML = `${body.total} dòng${body.total ? `, ${s.offset + 1}–${s.offset + body.items.length}` : ""}
    · tải về <a id="csv" href="${t.route}?${download}&format=csv">CSV</a> <a id="json" href="${t.route}?${download}&format=json">JSON</a>`;
  $("rows").innerHTML = `<thead><tr>${t.columns.map(([h]) => `<th>${esc(h)}</th>`).join("")}</tr></thead>
    <tbody>${body.items.map((row) => `<tr>${t.columns.map(([, cell]) => `<td>${cell(row)}</td>`).join("")}</tr>`).join("")}</tbody>`;
  $("pager").innerHTML = (s.offset > 0 ? `<button data-to="${Math.max(0, s.offset - PAGE)}">‹ Trước</button> ` : "") +
    (s.offset + PAGE < body.total ? `<button data-to="${s.offset + PAGE}">Sau ›</button>` : "");
  $("pager").querySelectorAll("button").forEach((b) => b.onclick = () => go({ ...s, offset: +b.dataset.to }));
  showFacets(s, t, body.facets || {});
  document.body.dataset.ready = "1";
}

// Facets: each value with its count; a click filters by it (again: the filter is dropped).
function showFacets(s, t, facets) {
  $("facets").innerHTML = Object.entries(t.facets || {}).map(([k, title]) => (facets[k] || []).length ? `<h3>${esc(title)}</h3><ul>${
    facets[k].map((f) => `<li><a href="#" data-facet="${k}" data-value="${esc(f.value)}" class="${s.filters[k] === String(f.value) ? "active" : ""}">${esc(f.label)}</a>
      <span class="count">${f.count}</span></li>`).join("")}</ul>` : "").join("");
  $("facets").querySelectorAll("a[data-facet]").forEach((a) => a.onclick = (ev) => {
    ev.preventDefault();
    const filters = { ...s.filters };
    if (a.dataset.facet === "status") return;  // a derived status is counted, not filtered on
    if (filters[a.dataset.facet] === a.dataset.value) delete filters[a.dataset.facet];
    else filters[a.dataset.facet] = a.dataset.value;
    go({ table: s.table, filters, offset: 0 });
  });
}

window.onpopstate = render;
render().catch((err) => { $("summary").textContent = "Lỗi: " + err.message; document.body.dataset.ready = "error"; });
