// Storyline's web app: one page, hash routes, the JSON API of the same server.
// Every text from the store enters the page as a text node (never as HTML), and nothing is
// loaded from another host; the Content-Security-Policy forbids inline scripts and styles.
"use strict";

const main = () => document.getElementById("main");
let reportConfidence = 0.8; // replaced by the server's value (GET /api/brief)

// --- building the page -------------------------------------------------------------------

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value !== null && value !== undefined && value !== false) node.setAttribute(name, value);
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function svg(tag, attrs) {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, value);
  return node;
}

function show(...nodes) {
  const target = main();
  target.replaceChildren(...nodes.flat(Infinity).filter(Boolean));
  target.focus({ preventScroll: true });
}

async function api(path, options) {
  const response = await fetch(path, options);
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.detail ? String(body.detail) : `${response.status} ${response.statusText}`);
  return body;
}

// A citation: the article's text opened with the statement's sentence highlighted.
function cite(span, label) {
  const href = `#/article/${encodeURIComponent(span.article)}/${span.start}-${span.end}`;
  return el("a", { class: "cite", href, title: "open the sentence in its article" }, label || "[source]");
}

function section(title, ...content) {
  const items = content.flat(Infinity).filter(Boolean);
  return [el("h2", {}, title), items.length ? items : el("p", { class: "muted" }, "None.")];
}

function table(headers, rows) {
  return el("table", {}, el("thead", {}, el("tr", {}, headers.map((h) => el("th", { scope: "col" }, h)))),
    el("tbody", {}, rows.map((cells) => el("tr", {}, cells.map((c) => el("td", {}, c))))));
}

function dayChart(days) {
  const entries = Object.entries(days || {});
  if (!entries.length) return null;
  const most = Math.max(...entries.map(([, n]) => n));
  const width = Math.max(60, entries.length * 12), height = 32;
  const chart = svg("svg", { class: "chart", width, height, role: "img",
    "aria-label": `articles per day: ${entries.map(([d, n]) => `${d} ${n}`).join(", ")}` });
  entries.forEach(([day, n], i) => {
    const h = Math.max(2, Math.round((n / most) * (height - 2)));
    const bar = svg("rect", { x: i * 12, y: height - h, width: 9, height: h });
    bar.append(svg("title", {}));
    bar.firstChild.textContent = `${day}: ${n}`;
    chart.append(bar);
  });
  return chart;
}

const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;
const dateRange = (s) => (s.first ? (s.last && s.last !== s.first ? `${s.first} to ${s.last}` : s.first) : "undated");
const actor = (id, text, code) => (id ? el("a", { href: `#/entity/${encodeURIComponent(id)}` }, text || code || id) : text || code || "");
const confident = (record) => record.confidence === null || record.confidence === undefined || record.confidence >= reportConfidence;

// --- pages -------------------------------------------------------------------------------

async function storiesPage() {
  const [overview, stories, changes] = await Promise.all([api("/api/brief"), api("/api/stories?limit=200"), api("/api/changes")]);
  reportConfidence = overview.report_confidence;
  const c = overview.counts;
  const fresh = new Set((changes ? changes.new_stories : []).map((s) => s.id));
  const grown = new Map((changes ? changes.growing_stories : []).map((g) => [g.story.id, g.added]));
  const badge = (id) => (fresh.has(id) ? el("span", { class: "badge" }, "new") : grown.has(id) ? el("span", { class: "badge" }, `+${grown.get(id)}`) : null);
  show(el("h1", {}, "Stories"),
    el("p", { class: "muted" }, `${c.articles} articles · ${c.stories} stories · ${c.entities} entities · ${c.quotes} quotes · ${c.events} events`),
    changes ? el("p", {}, el("a", { href: "#/new" }, `What's new: ${changes.articles.length} articles since the previous run`)) : null,
    el("ul", { class: "plain" }, stories.items.map((s) => el("li", { class: "card" },
      el("a", { href: `#/story/${encodeURIComponent(s.id)}` }, s.title), " ", badge(s.id),
      el("div", { class: "muted" }, `${dateRange(s)} · ${plural(s.articles.length, "article")}`),
      dayChart(s.days)))));
}

async function storyPage(id) {
  const [d, places] = await Promise.all([api(`/api/stories/${encodeURIComponent(id)}`), api(`/api/places?story=${encodeURIComponent(id)}`)]);
  const s = d.story;
  const events = d.events.filter(confident);
  const discrepancies = d.discrepancies.filter(confident);
  show(el("h1", {}, s.title), el("p", { class: "muted" }, `${dateRange(s)} · ${plural(s.articles.length, "article")}`),
    dayChart(d.days),
    section("Summary", el("p", {}, s.summary.map((t) => [t.text, cite(t), " "]))),
    section("Timeline", el("ul", {}, d.timeline.map((t) => el("li", {}, el("strong", {}, t.date), " — ", t.text,
      (t.sources || []).map((src) => cite(src)))))),
    section("Events", events.length ? table(["Date", "Type", "Who → whom", "Sentence"], events.map((e) => [
      e.date || "", e.modality === "asserted" || e.modality === "reported" ? e.type : `${e.type} (${e.modality})`,
      el("span", {}, actor(e.source, e.source_text, e.source_code), e.target || e.target_text ? " → " : "",
        actor(e.target, e.target_text, e.target_code)),
      el("span", {}, e.text, cite(e))])) : null,
      d.events.length > events.length ? el("p", { class: "muted" }, `${d.events.length - events.length} less certain events kept in brief.json.`) : null),
    section("Stances", d.stances.length ? table(["Actor", "Position", "Issue", "Evidence"], d.stances.map((st) => [
      actor(st.actor, st.actor_name), st.position, st.issue, el("span", {}, st.evidence.map((ev) => cite(ev)))])) : null),
    section("Discrepancies", discrepancies.map((x) => el("div", { class: "card" }, el("strong", {}, x.about),
      el("ul", {}, x.values.map((v) => el("li", {}, el("strong", {}, v.value), " — ", v.text || "", cite(v)))))),
      d.discrepancies.length > discrepancies.length ? el("p", { class: "muted" }, `${d.discrepancies.length - discrepancies.length} less certain kept in brief.json.`) : null),
    section("Key actors", el("ul", {}, d.key_actors.map((a) => el("li", {}, actor(a.entity, a.name), ` (${a.type}, ${a.mentions} mentions)`)))),
    section("Places", places.length ? [await placesMap(places), placeList(places)] : null),
    section("Articles", el("ul", {}, d.articles.map((a) => el("li", {},
      el("a", { href: `#/article/${encodeURIComponent(a.id)}` }, a.title || a.id), a.published ? ` · ${a.published}` : "")))));
}

async function entityPage(id) {
  const d = await api(`/api/entities/${encodeURIComponent(id)}`);
  const e = d.entity;
  const quotes = d.quotes.filter((q) => q.kind !== "attitude" && confident(q));
  show(el("h1", {}, e.name), el("p", { class: "muted" }, `${e.type} · ${e.mentions.length} mentions`,
    e.aliases.length ? ` · also: ${e.aliases.slice(0, 12).join("; ")}` : ""),
    section("Said", el("ul", {}, quotes.map((q) => el("li", {}, `“${q.text}” `, el("span", { class: "muted" }, `(${q.kind})`), cite(q))))),
    section("Did and was done to", d.events.filter(confident).length ? table(["Date", "Type", "Sentence"],
      d.events.filter(confident).map((ev) => [ev.date || "", ev.type, el("span", {}, ev.text, cite(ev))])) : null),
    section("Stances", el("ul", {}, d.stances.map((st) => el("li", {}, `${st.position} — ${st.issue} `, st.evidence.map((ev) => cite(ev)))))),
    section("Appears with", el("ul", {}, d.co_occurring.map((o) => el("li", {}, actor(o.entity, o.name), ` (${plural(o.articles, "article")})`)))),
    el("p", {}, el("a", { href: "#/watches" }, "Watch an entity, an event type or a phrase")));
}

function searchForm(route, label, value) {
  const input = el("input", { type: "search", name: "q", value: value || "", "aria-label": label, placeholder: label });
  const form = el("form", { role: "search" }, input, el("button", { type: "submit" }, "Search"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    location.hash = `${route}?q=${encodeURIComponent(input.value.trim())}`;
  });
  return form;
}

async function searchPage(query) {
  const form = searchForm("#/search", "Words in any sentence", query);
  if (!query) return show(el("h1", {}, "Search"), form);
  const found = await api(`/api/search?q=${encodeURIComponent(query)}&limit=100`);
  show(el("h1", {}, "Search"), form, el("p", { class: "muted" }, `${found.total} sentences`),
    el("ul", { class: "plain" }, found.items.map((hit) => el("li", { class: "card" }, hit.text, cite(hit),
      el("div", { class: "muted" }, hit.title || hit.article)))));
}

async function entitiesPage(query) {
  const found = await api(`/api/entities?limit=100${query ? `&q=${encodeURIComponent(query)}` : ""}`);
  show(el("h1", {}, "Entities"), searchForm("#/entities", "Name or alias", query),
    el("p", { class: "muted" }, `${found.total} entities`),
    el("ul", {}, found.items.map((e) => el("li", {}, actor(e.id, e.name), ` (${e.type}, ${e.mentions.length} mentions)`))));
}

// The article's text with entities, quotes and events marked; the cited span (start-end), when
// given, wraps what lies inside it in one highlighted element.
function markedText(text, spans, cited) {
  const cuts = new Set([0, text.length]);
  for (const s of [...spans, ...(cited ? [cited] : [])]) { cuts.add(s.start); cuts.add(s.end); }
  const points = [...cuts].filter((p) => p >= 0 && p <= text.length).sort((a, b) => a - b);
  const box = el("div", { class: "article-text" });
  let wrapper = null;
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    const covering = spans.filter((s) => s.start <= a && b <= s.end).sort((x, y) => y.rank - x.rank)[0];
    const piece = text.slice(a, b);
    const node = covering && piece.trim() ? el("mark", { class: covering.cls, title: covering.title || null }, piece)
      : document.createTextNode(piece);
    const inside = cited && cited.start <= a && b <= cited.end;
    if (inside && !wrapper) { wrapper = el("mark", { id: "cited", class: "cited", title: "the cited sentence" }); box.append(wrapper); }
    if (!inside) wrapper = null;
    (inside ? wrapper : box).append(node);
  }
  return box;
}

async function articlePage(id, range) {
  const d = await api(`/api/articles/${encodeURIComponent(id)}`);
  const a = d.article;
  const spans = [
    ...d.mentions.map((m) => ({ start: m.start, end: m.end, cls: m.type, rank: 1, title: `${m.name} (${m.type})` })),
    ...d.events.map((e) => ({ start: e.start, end: e.end, cls: "event", rank: 2, title: `event: ${e.type}` })),
    ...d.quotes.filter((q) => q.kind !== "attitude").map((q) => ({ start: q.start, end: q.end, cls: "quote", rank: 3, title: "quote" })),
  ];
  const [start, end] = (range || "").split("-").map(Number);
  const cited = Number.isInteger(start) && Number.isInteger(end) && start < end ? { start, end } : null;
  const legend = el("p", { class: "legend" }, el("span", { class: "PERSON" }, "person"), el("span", { class: "ORG" }, "organisation"),
    el("span", { class: "GPE" }, "place"), el("span", { class: "quote" }, "quote"), el("span", { class: "event" }, "event"));
  show(el("h1", {}, a.title || a.id),
    el("p", { class: "muted" }, [a.published, a.source, a.url].filter(Boolean).join(" · "),
      d.story ? el("span", {}, a.published || a.source || a.url ? " · " : "",
        el("a", { href: `#/story/${encodeURIComponent(d.story)}` }, "its story")) : ""),
    legend, markedText(a.text, spans, cited));
  const target = document.getElementById("cited");
  if (target) target.scrollIntoView({ block: "center" });
}

function addPage() {
  const file = el("input", { type: "file", accept: ".jsonl,.ndjson,application/x-ndjson", "aria-label": "JSON Lines file" });
  const token = el("input", { type: "password", "aria-label": "Token (when the server has one)", placeholder: "Token (when the server has one)" });
  const status = el("div", { "aria-live": "polite" });
  const form = el("form", {}, file, token, el("button", { type: "submit" }, "Add"));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!file.files.length) { status.replaceChildren("Choose a .jsonl file: one article a line, with id and text."); return; }
    const headers = { "Content-Type": "application/x-ndjson" };
    if (token.value) headers.Authorization = `Bearer ${token.value}`;
    try {
      const job = await api("/api/articles", { method: "POST", body: file.files[0], headers });
      await follow(job.id, status);
    } catch (error) { status.replaceChildren(`Not added: ${error.message}`); }
  });
  show(el("h1", {}, "Add articles"),
    el("p", {}, "A JSON Lines file, one article a line: ", el("code", {}, '{"id": "...", "text": "...", "title": "...", "published": "2024-05-01"}')),
    form, status);
}

async function follow(jobId, status) {
  const bar = el("progress", { max: 1, value: 0 });
  const line = el("p", {});
  status.replaceChildren(bar, line);
  for (;;) {
    const job = await api(`/api/jobs/${jobId}`);
    if (job.total) { bar.max = job.total; bar.value = job.done; }
    line.replaceChildren(`${job.stage || job.state}${job.total ? `: ${job.done} of ${job.total}` : ""}`);
    if (job.state === "done") {
      const skipped = job.skipped.map((s) => el("li", {}, `${s.path}: ${s.reason}`));
      status.replaceChildren(el("p", {}, `Added ${job.new} new article(s); ${job.already_stored} already stored. `,
        el("a", { href: "#/" }, "See the stories")), skipped.length ? el("ul", {}, skipped) : null);
      return;
    }
    if (job.state === "failed") { status.replaceChildren(`Failed: ${job.error}`); return; }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

// --- map: places with coordinates over land and borders the server reads from a package ------

let worldShapes = null; // GET /api/world, fetched once

async function placesMap(places) {
  if (!places.length) return null;
  worldShapes = worldShapes || await api("/api/world");
  const lons = places.map((p) => p.lon), lats = places.map((p) => p.lat);
  const mid = (Math.min(...lats) + Math.max(...lats)) / 2;
  const k = Math.max(0.3, Math.cos((mid * Math.PI) / 180)); // equirectangular, true at the middle
  const pad = 3, minSpan = 10;
  let [west, east] = [Math.min(...lons) - pad, Math.max(...lons) + pad];
  let [south, north] = [Math.min(...lats) - pad, Math.max(...lats) + pad];
  if (east - west < minSpan) { const c = (east + west) / 2; [west, east] = [c - minSpan / 2, c + minSpan / 2]; }
  if (north - south < minSpan / 2) { const c = (north + south) / 2; [south, north] = [c - minSpan / 4, c + minSpan / 4]; }
  const width = (east - west) * k, height = north - south;
  const x = (lon) => ((lon - west) * k).toFixed(2), y = (lat) => (north - lat).toFixed(2);
  const near = (line) => line.some(([lon, lat]) => lon >= west - 20 && lon <= east + 20 && lat >= south - 20 && lat <= north + 20);
  const path = (lines, closed) => lines.filter(near).map((line) =>
    `M${line.map(([lon, lat]) => `${x(lon)},${y(lat)}`).join("L")}${closed ? "Z" : ""}`).join("");
  const map = svg("svg", { class: "map", viewBox: `0 0 ${width.toFixed(2)} ${height.toFixed(2)}`, role: "img",
    "aria-label": `map of ${places.length} places: ${places.slice(0, 10).map((p) => p.name).join(", ")}` });
  map.append(svg("path", { class: "land", d: path(worldShapes.land, true) }),
    svg("path", { class: "border", d: path(worldShapes.borders, false) }));
  const most = Math.max(...places.map((p) => p.mentions));
  const unit = width / 120;
  const labelled = []; // label the most named places that have room
  for (const p of places.slice(0, 8)) {
    if (labelled.every((q) => Math.abs(x(q.lon) - x(p.lon)) > unit * 14 || Math.abs(y(q.lat) - y(p.lat)) > unit * 4)) labelled.push(p);
  }
  [...places].reverse().forEach((p) => { // the most named drawn last, on top
    const link = svg("a", { href: `#/entity/${encodeURIComponent(p.entity)}` });
    const dot = svg("circle", { cx: x(p.lon), cy: y(p.lat), r: (unit * (0.8 + 2 * Math.sqrt(p.mentions / most))).toFixed(2) });
    const title = svg("title", {});
    title.textContent = `${p.name}: named ${p.mentions} times`;
    link.append(title, dot);
    if (labelled.includes(p)) {
      const right = Number(x(p.lon)) > width * 0.75; // near the right edge: the label goes left
      const label = svg("text", { x: (Number(x(p.lon)) + (right ? -1 : 1) * unit * 3).toFixed(2), y: (Number(y(p.lat)) + unit).toFixed(2),
        "font-size": (unit * 3).toFixed(2), "text-anchor": right ? "end" : "start" });
      label.textContent = p.name;
      link.append(label);
    }
    map.append(link);
  });
  return map;
}

function placeList(places) {
  return el("p", { class: "muted" }, places.slice(0, 20).map((p, i) => [i ? " · " : "", actor(p.entity, p.name), ` ${p.mentions}`]));
}

async function mapPage() {
  const places = await api("/api/places");
  show(el("h1", {}, "Map"), el("p", { class: "muted" }, `${places.length} places with coordinates; a dot's size is how often the articles name it.`),
    await placesMap(places), placeList(places));
}

// --- what's new and watches ----------------------------------------------------------------

async function newPage(since) {
  const input = el("input", { type: "text", name: "since", value: since || "", placeholder: "since (ISO date or time; empty: the previous run)", "aria-label": "Since" });
  const form = el("form", {}, input, el("button", { type: "submit" }, "Show"));
  form.addEventListener("submit", (event) => { event.preventDefault(); location.hash = `#/new?since=${encodeURIComponent(input.value.trim())}`; });
  const d = await api(`/api/changes?limit=200${since ? `&since=${encodeURIComponent(since)}` : ""}`);
  if (!d) return show(el("h1", {}, "What's new"), form, el("p", {}, "Nothing to compare with yet: the store has had one run. Give a time, or add articles."));
  const events = d.events.items.filter(confident), quotes = d.quotes.items.filter((q) => q.kind !== "attitude" && confident(q));
  const discrepancies = d.discrepancies.items.filter(confident);
  const more = (list, what) => (list.total > list.items.length ? el("p", { class: "muted" }, `The first ${list.items.length} of ${list.total} ${what}; the API pages the rest.`) : null);
  show(el("h1", {}, "What's new"), form,
    el("p", { class: "muted" }, `Since ${d.since.slice(0, 16).replace("T", " ")} UTC: ${plural(d.articles.length, "new article")}`),
    section("New stories", el("ul", {}, d.new_stories.map((s) => el("li", {}, el("a", { href: `#/story/${encodeURIComponent(s.id)}` }, s.title), ` (${plural(s.articles.length, "article")})`)))),
    section("Growing stories", el("ul", {}, d.growing_stories.map((g) => el("li", {}, el("a", { href: `#/story/${encodeURIComponent(g.story.id)}` }, g.story.title), ` (+${g.added}, now ${g.story.articles.length})`)))),
    section("New events", events.length ? table(["Date", "Type", "Sentence"], events.map((e) => [e.date || "", e.type, el("span", {}, e.text, cite(e))])) : null, more(d.events, "events")),
    section("New quotes", el("ul", {}, quotes.map((q) => el("li", {}, actor(q.speaker, q.speaker_text), `: “${q.text}”`, cite(q)))), more(d.quotes, "quotes")),
    section("New discrepancies", discrepancies.map((x) => el("div", { class: "card" }, el("strong", {}, x.about),
      el("ul", {}, x.values.map((v) => el("li", {}, el("strong", {}, v.value), " — ", v.text || "", cite(v))))))));
}

const tokenInput = () => el("input", { type: "password", "aria-label": "Token (when the server has one)", placeholder: "Token (when the server has one)" });
const authorised = (token) => (token.value ? { Authorization: `Bearer ${token.value}` } : {});

async function watchesPage() {
  const watches = await api("/api/watches");
  const kind = el("select", { "aria-label": "Watch kind" }, ["entity", "type", "phrase"].map((k) => el("option", { value: k }, k)));
  const value = el("input", { type: "text", "aria-label": "Name, event type or phrase", placeholder: "Name, event type (ASSAULT) or phrase" });
  const token = tokenInput();
  const status = el("p", { "aria-live": "polite" });
  const form = el("form", {}, kind, value, token, el("button", { type: "submit" }, "Watch"));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const made = await api("/api/watches", { method: "POST", body: JSON.stringify({ kind: kind.value, value: value.value }),
        headers: { "Content-Type": "application/json", ...authorised(token) } });
      location.hash = `#/watch/${encodeURIComponent(made.id)}`;
    } catch (error) { status.replaceChildren(`Not saved: ${error.message}`); }
  });
  show(el("h1", {}, "Watches"), el("p", { class: "muted" }, "A watch lists what matches it, newest first; its feed works in any feed reader."),
    form, status, el("ul", { class: "plain" }, watches.map((w) => el("li", { class: "card" },
      el("a", { href: `#/watch/${encodeURIComponent(w.id)}` }, `${w.kind}: ${w.value}`),
      el("span", { class: "muted" }, ` · ${w.matches} matches, ${w.new} new · `), el("a", { href: w.feed }, "Atom feed")))));
}

async function watchPage(id) {
  const d = await api(`/api/watches/${encodeURIComponent(id)}?limit=200`);
  const w = d.watch;
  const token = tokenInput();
  const forget = el("form", {}, token, el("button", { type: "submit" }, "Forget this watch"));
  forget.addEventListener("submit", async (event) => {
    event.preventDefault();
    const response = await fetch(`/api/watches/${encodeURIComponent(id)}`, { method: "DELETE", headers: authorised(token) });
    if (response.ok) location.hash = "#/watches";
  });
  show(el("h1", {}, `${w.kind}: ${w.value}`),
    el("p", { class: "muted" }, `${d.matches.total} matches · made ${w.created.slice(0, 16).replace("T", " ")} UTC · `,
      el("a", { href: `/api/watches/${encodeURIComponent(id)}/feed.atom` }, "Atom feed")),
    el("ul", { class: "plain" }, d.matches.items.map((m) => el("li", { class: "card" },
      m.new ? el("span", { class: "badge" }, "new") : null, ` ${m.kind}: `, m.text, cite(m)))),
    forget);
}

// --- routing -------------------------------------------------------------------------------

async function route() {
  const [path, query] = location.hash.replace(/^#/, "").split("?");
  const q = new URLSearchParams(query || "").get("q") || "";
  const parts = (path || "/").split("/").filter(Boolean).map(decodeURIComponent);
  try {
    if (parts[0] === "story") await storyPage(parts[1]);
    else if (parts[0] === "entity") await entityPage(parts[1]);
    else if (parts[0] === "entities") await entitiesPage(q);
    else if (parts[0] === "search") await searchPage(q);
    else if (parts[0] === "article") await articlePage(parts[1], parts[2]);
    else if (parts[0] === "add") addPage();
    else if (parts[0] === "new") await newPage(new URLSearchParams(query || "").get("since") || "");
    else if (parts[0] === "watches") await watchesPage();
    else if (parts[0] === "watch") await watchPage(parts[1]);
    else if (parts[0] === "map") await mapPage();
    else await storiesPage();
  } catch (error) {
    show(el("h1", {}, "Not found"), el("p", {}, error.message), el("a", { href: "#/" }, "Back to the stories"));
  }
}

window.addEventListener("hashchange", route);
window.addEventListener("DOMContentLoaded", async () => {
  try { reportConfidence = (await api("/api/brief")).report_confidence; } catch (error) { /* the page says it */ }
  route();
});
