// Arshif's page. The whole state is the URL's query string (q, country, actor, source, lang,
// from, to, sort, offset, show), so a search can be bookmarked and shared; every change pushes a
// new URL and renders from it. Article text only ever reaches the page through textContent:
// nothing from the archive is parsed as HTML.
"use strict";

const PAGE = 20;
const FILTERS = ["country", "actor", "source", "lang"];
const $ = (id) => document.getElementById(id);

/** The interface's words, English and Arabic: Arabic when the query is (or, with no query, the
 * browser's language is), so a desk searching in Arabic reads the page right to left. */
const UI = {
  en: {
    dir: "ltr",
    placeholder: "Search the archive — وقف إطلاق النار, \"ناغورنو كاراباخ\", روسيا OR تركيا, * (press / to type)",
    relevance: "Best first", date: "Newest first", search: "Search", home: "Arshif: a new search",
    facets: { country: "Countries", actor: "People and organisations", source: "Sources", lang: "Languages" },
    filter: { country: "country", actor: "actor", source: "source", lang: "language" },
    from: (d) => `from ${d}`, to: (d) => `to ${d}`,
    remove: "Remove this filter", only: "Only these articles",
    allDates: "all dates", undated: (n) => `${n} undated`,
    histogram: "Matches over time; click a bar to narrow the dates",
    didYouMean: (w) => `No article has “${w}”; did you mean`, question: "?",
    relaxed: (q) => `No article has every word of “${q}”: these have the most of them.`,
    total: (n, ms) => `${n} ${n === 1 ? "article" : "articles"} · ${ms} ms`,
    previous: "← Previous", next: "Next →", range: (a, b, n) => `${a}–${b} of ${n}`,
    back: "← Results", backTitle: "Back to the results (Esc)",
    countries: "Countries", actors: "Actors",
    token: "This archive needs its token:",
    status: (v, n, t) => `Arshif ${v} · ${n} articles · last indexed ${t || "never"}`,
  },
  ar: {
    dir: "rtl",
    placeholder: "ابحث في الأرشيف — وقف إطلاق النار، \"ناغورنو كاراباخ\"، روسيا OR تركيا، * (اضغط / للكتابة)",
    relevance: "الأنسب أولاً", date: "الأحدث أولاً", search: "ابحث", home: "أرشيف: بحث جديد",
    facets: { country: "الدول", actor: "الأشخاص والمنظمات", source: "المصادر", lang: "اللغات" },
    filter: { country: "الدولة", actor: "الطرف", source: "المصدر", lang: "اللغة" },
    from: (d) => `من ${d}`, to: (d) => `إلى ${d}`,
    remove: "إزالة هذا القيد", only: "هذه المقالات فقط",
    allDates: "كل التواريخ", undated: (n) => `${n} بلا تاريخ`,
    histogram: "النتائج عبر الزمن؛ انقر عموداً لحصر التواريخ فيه",
    didYouMean: (w) => `لا توجد مقالة فيها «${w}»؛ هل تقصد`, question: "؟",
    relaxed: (q) => `لا توجد مقالة فيها كل كلمات «${q}»: هذه فيها أكثرها.`,
    total: (n, ms) => `${articlesAr(n)} · ${ms} ملّي ثانية`,
    previous: "→ السابق", next: "التالي ←", range: (a, b, n) => `${a}–${b} من ${n}`,
    back: "→ النتائج", backTitle: "العودة إلى النتائج (Esc)",
    countries: "الدول", actors: "الأطراف",
    token: "هذا الأرشيف يطلب رمز الدخول:",
    status: (v, n, t) => `أرشيف ${v} · ${articlesAr(n)} · آخر فهرسة ${t || "لم تجرِ بعد"}`,
  },
};

/** "N articles" as Arabic counts it: one, two, three to ten (plural), eleven and up (singular). */
function articlesAr(n) {
  if (n === 1) return "مقالة واحدة";
  if (n === 2) return "مقالتان";
  const last = n % 100;
  return last >= 3 && last <= 10 ? `${n} مقالات` : `${n} مقالة`;
}

let ui = UI.en;

/** Sets the interface's language for `query` and writes the page's fixed words in it. */
function speak(query) {
  const arabic = query ? /[\u0600-\u06FF]/.test(query) : /^ar\b/i.test(navigator.language || "");
  ui = arabic ? UI.ar : UI.en;
  const html = document.documentElement;
  html.lang = arabic ? "ar" : "en";
  html.dir = ui.dir;
  $("q").placeholder = ui.placeholder;
  $("sort").options[0].textContent = ui.relevance;
  $("sort").options[1].textContent = ui.date;
  document.querySelector("#search button[type=submit]").textContent = ui.search;
  document.querySelector(".brand").title = ui.home;
  $("close").textContent = ui.back;
  $("close").title = ui.backTitle;
  drawStatus();
}

// The last /api/status answer, written in the interface's language.
let status = null;

function drawStatus() {
  if (!status) return;
  const when = status.last_commit && status.last_commit.slice(0, 16).replace("T", " ");
  $("status").textContent = ui.status(status.version, status.documents, when);
}

/** An element with text (never HTML) and attributes; dir="auto" on every text element. */
function el(tag, text, attrs) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) {
    e.textContent = String(text);
    e.dir = "auto";
  }
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  return e;
}

function state() {
  return new URLSearchParams(location.search);
}

function go(params, replace) {
  const url = "?" + params.toString();
  if (replace) history.replaceState(null, "", url);
  else history.pushState(null, "", url);
  render();
}

/** A copy of the state with `change` applied, back to the first page. */
function withChange(change) {
  const p = state();
  p.delete("offset");
  p.delete("show");
  change(p);
  return p;
}

async function api(path) {
  const headers = {};
  const token = sessionStorage.getItem("arshif_token");
  if (token) headers.Authorization = "Bearer " + token;
  const response = await fetch(path, { headers });
  if (response.status === 401) {
    const given = window.prompt(ui.token);
    if (given) {
      sessionStorage.setItem("arshif_token", given.trim());
      return api(path);
    }
  }
  const body = await response.json().catch(() => ({ error: "the server answered " + response.status }));
  if (!response.ok) throw body;
  return body;
}

/** The snippet with its highlights ([start, end) in Unicode characters) as <mark>s. */
function highlighted(text, ranges, tag) {
  const out = el(tag || "p", null, { dir: "auto" });
  const chars = Array.from(text || "");
  let at = 0;
  for (const [start, end] of ranges || []) {
    if (start < at || end > chars.length) continue;
    out.append(chars.slice(at, start).join(""));
    out.append(el("mark", chars.slice(start, end).join("")));
    at = end;
  }
  out.append(chars.slice(at).join(""));
  return out;
}

/** A facet value's names, Arabic and English, each in its own direction. */
function label(entry) {
  const out = el("span", null, { class: "label" });
  const names = [entry.name_ar, entry.name].filter(Boolean);
  if (!names.length) names.push(entry.value);
  names.forEach((n, i) => out.append(el("span", n, { class: i ? "other" : "" })));
  return out;
}

/** The histogram's unit: months when the range asked for is three years or less. */
function unit(p) {
  const from = p.get("from"), to = p.get("to");
  if (from && to && (Date.parse(to) - Date.parse(from)) <= 3 * 366 * 86400e3) return "month";
  return "year";
}

function lastDay(year, month) {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function drawHistogram(h, p) {
  const box = $("histogram");
  box.replaceChildren();
  if (!h || !h.buckets.length) return;
  const svgNS = "http://www.w3.org/2000/svg";
  const w = 800, hgt = 80, max = Math.max(...h.buckets.map((b) => b.count), 1);
  const svg = document.createElementNS(svgNS, "svg");
  svg.setAttribute("viewBox", `0 0 ${w} ${hgt + 12}`);
  svg.setAttribute("preserveAspectRatio", "none");
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", ui.histogram);
  const bw = w / h.buckets.length;
  h.buckets.forEach((b, i) => {
    const bh = b.count ? Math.max(2, (b.count / max) * hgt) : 0;
    const r = document.createElementNS(svgNS, "rect");
    r.setAttribute("x", (i * bw + bw * 0.1).toFixed(1));
    r.setAttribute("width", Math.max(1, bw * 0.8).toFixed(1));
    r.setAttribute("y", (hgt - bh).toFixed(1));
    r.setAttribute("height", bh.toFixed(1));
    r.dataset.key = b.key;
    const t = document.createElementNS(svgNS, "title");
    t.textContent = `${b.key}: ${b.count}`;
    r.append(t);
    r.addEventListener("click", () => {
      const [y, m] = b.key.split("-").map(Number);
      const from = m ? `${b.key}-01` : `${y}-01-01`;
      const to = m ? `${b.key}-${String(lastDay(y, m)).padStart(2, "0")}` : `${y}-12-31`;
      go(withChange((q) => { q.set("from", from); q.set("to", to); }));
    });
    svg.append(r);
    if (h.buckets.length <= 24) {
      const tx = document.createElementNS(svgNS, "text");
      tx.setAttribute("x", (i * bw + bw / 2).toFixed(1));
      tx.setAttribute("y", hgt + 11);
      tx.setAttribute("text-anchor", "middle");
      tx.textContent = h.unit === "year" ? b.key : b.key.slice(2);
      svg.append(tx);
    }
  });
  box.append(svg);
  const range = el("div", null, { class: "range" });
  range.append(el("span", `${h.buckets[0].key} – ${h.buckets[h.buckets.length - 1].key}`));
  if (p.get("from") || p.get("to")) {
    const all = el("button", ui.allDates, { type: "button", class: "chip-like" });
    all.addEventListener("click", () => go(withChange((q) => { q.delete("from"); q.delete("to"); })));
    range.append(all);
  }
  range.append(el("span", h.undated ? ui.undated(h.undated) : ""));
  box.append(range);
}

function drawFilters(p) {
  const box = $("filters");
  box.replaceChildren();
  const chip = (text, remove) => {
    const c = el("button", text, { type: "button", class: "chip", title: ui.remove });
    c.addEventListener("click", () => go(withChange(remove)));
    box.append(c);
  };
  for (const key of FILTERS) {
    for (const v of p.getAll(key)) {
      chip(`${ui.filter[key]}: ${v}`, (q) => {
        const rest = q.getAll(key).filter((x) => x !== v);
        q.delete(key);
        rest.forEach((x) => q.append(key, x));
      });
    }
  }
  if (p.get("from")) chip(ui.from(p.get("from")), (q) => q.delete("from"));
  if (p.get("to")) chip(ui.to(p.get("to")), (q) => q.delete("to"));
}

function drawFacets(facets, p) {
  const box = $("facets");
  box.replaceChildren();
  if (!facets) return;
  for (const key of FILTERS) {
    const values = facets[key] || [];
    if (!values.length) continue;
    box.append(el("h3", ui.facets[key]));
    const list = el("ul", null, { "data-facet": key });
    for (const f of values) {
      const on = p.getAll(key).includes(f.value);
      const b = el("button", null, { type: "button", "data-value": f.value, class: on ? "on" : "",
        title: on ? ui.remove : ui.only });
      b.append(label(f), el("span", f.count, { class: "count" }));
      b.addEventListener("click", () => go(withChange((q) => {
        if (on) {
          const rest = q.getAll(key).filter((x) => x !== f.value);
          q.delete(key);
          rest.forEach((x) => q.append(key, x));
        } else {
          q.append(key, f.value);
        }
      })));
      const li = el("li");
      li.append(b);
      list.append(li);
    }
    box.append(list);
  }
}

function drawNotes(answer, p) {
  const box = $("notes");
  box.replaceChildren();
  for (const s of answer.suggestions || []) {
    if (!s.did_you_mean.length) continue;
    const note = el("div", null, { class: "note" });
    note.append(el("span", ui.didYouMean(s.word)));
    for (const w of s.did_you_mean) {
      const b = el("button", w, { type: "button" });
      b.addEventListener("click", () => go(withChange((q) => q.set("q", (q.get("q") || "").split(s.word).join(w)))));
      note.append(b);
    }
    note.append(ui.question);
    box.append(note);
  }
  if (answer.relaxed) {
    box.append(el("div", ui.relaxed(p.get("q")), { class: "note" }));
  }
}

function hitItem(h, p) {
  const li = el("li", null, { class: "hit" });
  const title = el("h2");
  const link = el("a", h.title || h.id, { href: "?" + withShow(p, h.id).toString(), class: "title" });
  link.addEventListener("click", (e) => { e.preventDefault(); go(withShow(state(), h.id)); });
  title.append(link);
  li.append(title);
  // The main countries (or, when none is main, the first), named in the interface's language.
  const named = h.country_names || [];
  const countries = (named.some((n) => n.main) ? named.filter((n) => n.main) : named).slice(0, 3);
  const name = (n) => (ui === UI.ar ? n.name_ar || n.name : n.name || n.name_ar) || n.id;
  li.append(metaLine([h.date && h.date.slice(0, 10), h.source, h.lang,
    countries.map(name).join(ui === UI.ar ? "، " : ", ")]));
  if (h.snippet) {
    const snippet = highlighted(h.snippet, h.highlights, "p");
    snippet.classList.add("snippet");
    li.append(snippet);
  }
  li.append(el("div", h.id, { class: "id" }));
  return li;
}

/** A line of metadata: each part isolated in its own direction, " · " between them. */
function metaLine(parts) {
  const meta = el("div", null, { class: "meta" });
  parts.filter(Boolean).forEach((part, i) => {
    if (i) meta.append(" · ");
    meta.append(el("span", part));
  });
  return meta;
}

function withShow(p, id) {
  const q = new URLSearchParams(p);
  q.set("show", id);
  return q;
}

function drawPages(answer, p) {
  const box = $("pages");
  box.replaceChildren();
  const offset = Number(p.get("offset") || 0);
  if (answer.total <= PAGE) return;
  const page = (label, to) => {
    const b = el("button", label, { type: "button" });
    b.addEventListener("click", () => {
      const q = state();
      if (to) q.set("offset", to); else q.delete("offset");
      go(q);
      window.scrollTo(0, 0);
    });
    box.append(b);
  };
  if (offset > 0) page(ui.previous, Math.max(0, offset - PAGE));
  box.append(el("span", ui.range(offset + 1, Math.min(offset + PAGE, answer.total), answer.total)));
  if (offset + PAGE < answer.total) page(ui.next, offset + PAGE);
}

let rendering = 0;

async function render() {
  const p = state();
  const mine = ++rendering;
  speak(p.get("q"));
  $("q").value = p.get("q") || "";
  $("sort").value = p.get("sort") || "relevance";
  document.title = p.get("q") ? `${p.get("q")} · Arshif` : "Arshif · أرشيف";
  drawFilters(p);
  showArticle(p.get("show"));
  const searching = p.get("q") || FILTERS.some((k) => p.get(k)) || p.get("from") || p.get("to");
  $("welcome").hidden = !!searching;
  if (!searching) {
    for (const id of ["hits", "facets", "histogram", "notes", "pages"]) $(id).replaceChildren();
    return;
  }
  const ask = new URLSearchParams();
  ask.set("q", p.get("q") || "*");
  for (const key of FILTERS) p.getAll(key).forEach((v) => ask.append(key, v));
  for (const key of ["from", "to", "sort", "offset"]) if (p.get(key)) ask.set(key, p.get(key));
  ask.set("limit", PAGE);
  ask.set("facets", "tables,date:" + unit(p));
  const started = performance.now();
  let answer;
  try {
    answer = await api("/api/search?" + ask.toString());
  } catch (e) {
    if (mine !== rendering) return;
    for (const id of ["hits", "facets", "histogram", "pages"]) $(id).replaceChildren();
    const box = el("div", e.error || String(e), { class: "note error", role: "alert" });
    $("notes").replaceChildren(box);
    return;
  }
  if (mine !== rendering) return;
  const ms = Math.round(performance.now() - started);
  drawNotes(answer, p);
  const total = el("p", ui.total(answer.total, ms), { class: "total" });
  $("notes").prepend(total);
  drawHistogram(answer.histogram, p);
  drawFacets(answer.facets, p);
  $("hits").replaceChildren(...answer.hits.map((h) => hitItem(h, p)));
  drawPages(answer, p);
  // For bench/first-render.py: when the results are in the page, and when they were painted
  // (the frame after the one that laid them out).
  performance.mark("arshif:results");
  requestAnimationFrame(() => requestAnimationFrame(() => performance.mark("arshif:painted")));
}

let shown = null;

async function showArticle(id) {
  const reader = $("reader");
  if (!id) {
    reader.hidden = true;
    shown = null;
    return;
  }
  if (id === shown) return;
  shown = id;
  reader.hidden = false;
  const box = $("article");
  box.replaceChildren(el("p", "…"));
  let a;
  try {
    a = await api("/api/articles/" + encodeURIComponent(id));
  } catch (e) {
    box.replaceChildren(el("div", e.error || String(e), { class: "note error", role: "alert" }));
    return;
  }
  if (shown !== id) return;
  const parts = [el("h1", a.title || a.id)];
  const meta = metaLine([a.date && a.date.slice(0, 10), a.source, a.lang]);
  if (a.url && /^https?:$/.test(safeProtocol(a.url))) {
    const link = el("a", a.url, { href: a.url, rel: "noopener noreferrer", target: "_blank" });
    meta.append(" · ", link);
  }
  parts.push(meta);
  const names = (title, list) => {
    if (!list || !list.length) return;
    const line = el("div", null, { class: "names" });
    line.append(el("b", title + ": "));
    for (const n of list) {
      const tag = el("span", null, { class: n.main ? "tag main" : "tag" });
      [n.name_ar, n.name].filter(Boolean).forEach((name) => tag.append(el("span", name)));
      if (!tag.childNodes.length) tag.append(el("span", n.id));
      line.append(tag, " ");
    }
    parts.push(line);
  };
  names(ui.countries, a.country_names);
  names(ui.actors, a.actor_names);
  const body = el("div", null, { class: "body" });
  for (const para of String(a.body || "").split(/\n\s*\n|\n/)) if (para.trim()) body.append(el("p", para.trim()));
  parts.push(body, el("div", a.id, { class: "id" }));
  box.replaceChildren(...parts);
  reader.scrollTop = 0;
}

function safeProtocol(url) {
  try { return new URL(url).protocol; } catch (_) { return ""; }
}

function closeArticle() {
  const p = state();
  if (!p.get("show")) return;
  p.delete("show");
  go(p);
}

document.addEventListener("DOMContentLoaded", () => {
  $("search").addEventListener("submit", (e) => {
    e.preventDefault();
    const q = $("q").value.trim();
    go(withChange((p) => { if (q) p.set("q", q); else p.delete("q"); }));
  });
  $("sort").addEventListener("change", () => go(withChange((p) => {
    if ($("sort").value === "relevance") p.delete("sort"); else p.set("sort", $("sort").value);
  })));
  $("close").addEventListener("click", closeArticle);
  document.addEventListener("keydown", (e) => {
    const typing = /^(INPUT|SELECT|TEXTAREA)$/.test(document.activeElement.tagName);
    if (e.key === "/" && !typing) {
      e.preventDefault();
      closeArticle();
      $("q").focus();
      $("q").select();
    } else if (e.key === "Escape") {
      closeArticle();
    }
  });
  window.addEventListener("popstate", render);
  render();
  api("/api/status").then((s) => {
    status = s;
    drawStatus();
  }).catch(() => {});
});
