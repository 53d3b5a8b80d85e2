"""The audit report: one self-contained HTML file showing what a run removed, page by page.

Nobody reads a million cleaned pages; people sample, look, and decide whether to trust a run.
`cleanpress clean ... --report audit.html` writes every page's text (for HTML input, the text
extracted from it, which is what was cleaned) with each dropped line struck through in place,
coloured by the pass that dropped it and titled with its reason, above a summary: pages, lines
and characters removed per pass and per site, the pages with the largest share removed first,
and the pages the prose-loss warning flagged. Filters by pass and by site and a search box work
in the page itself: no network, no CDN, inline CSS and a little JavaScript.

Pages are written as they come (their texts spooled to a temporary file and appended at the
end), so a run holds one page at a time; the browser parses a page's text only when it shows
it, and shows a screen of pages at a time (`PAGE_SIZE`). Measured (`benchmarks/audit_pages.py`):
10,000 pages of the dev set, 157 MB, reach the first screen in 5.2 s in headless chromium, and
6.6 s with a search over every page's text. A filter can also be set in the address: `audit.html#pass=NAME`,
`#site=NAME`, `#q=TEXT`, `#all` (every page on one screen, for printing and for tests).
"""
from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import BinaryIO

from .model import Drop
from .passes import PASS_NAMES

PAGE_SIZE = 50  # pages rendered at a time
_SCRIPT_END = "</"  # never inside an inline script: JSON escapes it


def page_record(page_id: str, site: str | None, text: str | None, drops: Sequence[Drop],
                warnings: Sequence[str], chars_in: int, chars_out: int) -> dict:
    """What the report shows of one page: plain data, one JSON object."""
    return {"id": page_id, "site": site or "", "text": text, "warnings": list(warnings),
            "drops": [[d.first, d.last, d.pass_name, d.reason] for d in drops],
            "chars": chars_in, "removed": chars_in - chars_out}


class AuditReport:
    """Writes the report to a binary stream: `add` each page, then `close`.

    Each page's text goes into a spooled block of its own, one JSON string a line, which the
    browser parses only for the pages it shows; what the summary and the filters need (names,
    sites, drops, counts) goes into a small block parsed at once. So a report of 10,000 pages
    opens without parsing 10,000 texts.
    """

    def __init__(self, out: BinaryIO, title: str) -> None:
        self._out = out
        self._texts = tempfile.SpooledTemporaryFile(max_size=8 << 20)
        self._out.write(_HEAD.replace("{title}", _html_escape(title)).encode("utf-8"))
        self._out.write(b'<script type="application/x-ndjson" id="meta">\n')

    def add(self, record: dict) -> None:
        meta = {k: v for k, v in record.items() if k != "text"}
        self._out.write(_line(meta) + b"\n")
        self._texts.write(_line(record.get("text")) + b"\n")

    def close(self) -> None:
        self._out.write(b'</script>\n<script type="application/x-ndjson" id="texts">\n')
        self._texts.seek(0)
        shutil.copyfileobj(self._texts, self._out)
        self._texts.close()
        self._out.write(b"</script>\n")
        passes = json.dumps(list(PASS_NAMES))
        self._out.write(_TAIL.replace("{passes}", passes).replace("{page_size}", str(PAGE_SIZE)).encode("utf-8"))


def _line(value: object) -> bytes:
    """`value` as one line of JSON that cannot end the script element it sits in."""
    return json.dumps(value, ensure_ascii=False).replace(_SCRIPT_END, "<\\/").encode("utf-8", "surrogatepass")


def read(path: Path) -> list[dict]:
    """The pages of a report, as `page_record` made them (for tests and for scripts that check a run)."""
    html = Path(path).read_text(encoding="utf-8", errors="surrogatepass")
    blocks = {}
    for name in ("meta", "texts"):
        marker = f'<script type="application/x-ndjson" id="{name}">\n'
        start = html.index(marker) + len(marker)
        blocks[name] = [json.loads(line) for line in html[start:html.index("</script>", start)].split("\n") if line]
    return [{**meta, "text": text} for meta, text in zip(blocks["meta"], blocks["texts"])]


def write(out: BinaryIO, title: str, records: Iterable[dict]) -> None:
    """The whole report of `records` (from `page_record`), in one call."""
    report = AuditReport(out, title)
    for record in records:
        report.add(record)
    report.close()


def _html_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


_HEAD = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>cleanpress audit: {title}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1d1d1f;background:#fafafa}
header{padding:12px 20px;background:#fff;border-bottom:1px solid #ddd;position:sticky;top:0;z-index:2}
h1{font-size:18px;margin:0 0 6px}
h2{font-size:15px;margin:18px 0 6px}
main{padding:0 20px 40px}
table{border-collapse:collapse;margin:4px 0 10px}
td,th{padding:2px 10px 2px 0;text-align:left;vertical-align:top}
th{font-weight:600;color:#555}
.num{text-align:right;font-variant-numeric:tabular-nums}
.controls{display:flex;flex-wrap:wrap;gap:8px 16px;align-items:center}
.controls label{white-space:nowrap}
.swatch{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:4px;vertical-align:middle}
.page{background:#fff;border:1px solid #ddd;border-radius:6px;margin:12px 0;padding:8px 12px}
.page h3{font-size:14px;margin:0 0 4px;word-break:break-all}
.meta{color:#666;font-size:12px;margin-bottom:6px}
.warn{color:#a40000;font-size:12px}
.lines{font:12px/1.5 ui-monospace,monospace;white-space:pre-wrap;word-break:break-word}
.ln{color:#999;display:inline-block;width:4.5em;text-align:right;margin-right:8px;user-select:none}
del{text-decoration:line-through;text-decoration-thickness:1px}
.why{font:11px system-ui,sans-serif;margin-left:8px;opacity:.85}
.other{color:#999}
nav.pager{margin:10px 0}
button{font:inherit;padding:2px 10px}
mark{background:#fff2a8}
</style></head><body>
<header><h1>cleanpress audit: {title}</h1>
<div class="controls">
<label>Pass <select id="pass"><option value="">all passes</option></select></label>
<label>Site <select id="site"><option value="">all sites</option></select></label>
<label>Search <input id="q" type="search" placeholder="text in a page or its name"></label>
<label><input id="flagged" type="checkbox"> flagged pages only</label>
<span id="count"></span></div></header>
<main><section id="summary"></section><section id="results"></section></main>
"""

_TAIL = r"""<script>
"use strict";
const PASSES = {passes};
const PAGE_SIZE = {page_size};
const COLORS = ["#c0392b","#8e44ad","#2c7fb8","#16a085","#d35400","#7f8c8d","#b8860b","#2e8b57","#c71585",
                "#1f4e79","#6b8e23","#a0522d","#4682b4","#9932cc"];
const colorOf = name => COLORS[Math.max(0, PASSES.indexOf(name)) % COLORS.length];
const pages = document.getElementById("meta").textContent.split("\n").filter(l => l).map(l => JSON.parse(l));
const rawTexts = document.getElementById("texts").textContent.split("\n").filter(l => l);  // parsed when shown
const el = (tag, attrs, ...children) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "style") node.style.cssText = v; else if (k === "class") node.className = v; else node.setAttribute(k, v);
  }
  for (const child of children) node.append(child);
  return node;
};
const fmt = n => n.toLocaleString("en");
const pct = (a, b) => b ? (100 * a / b).toFixed(1) + "%" : "0%";

pages.forEach((page, i) => {
  page.index = i;
  page.passes = new Set(page.drops.map(d => d[2]));
  page.share = page.chars ? page.removed / page.chars : 0;
});

function prepare(page) {  // the text and the struck lines of a page, when it is first shown
  if (page.byLine) return;
  const text = JSON.parse(rawTexts[page.index]);
  page.lines = text === null ? null : text.split(/\r\n|\r|\n/);
  if (page.lines && page.lines.length && page.lines[page.lines.length - 1] === "") page.lines.pop();
  page.byLine = new Map();
  page.starts = new Set();  // the first line of each drop: where its reason is written
  for (const [first, last, pass, reason] of page.drops) {
    page.starts.add(first);
    for (let n = first; n <= last; n++) page.byLine.set(n, [pass, reason]);
  }
}

function summary() {
  const perPass = new Map(), perSite = new Map();
  let lines = 0, chars = 0, removed = 0;
  for (const page of pages) {
    chars += page.chars; removed += page.removed;
    const site = perSite.get(page.site) || {pages: 0, lines: 0, chars: 0, removed: 0};
    site.pages++; site.chars += page.chars; site.removed += page.removed;
    for (const [first, last, pass, reason] of page.drops) {
      const n = last - first + 1;
      lines += n; site.lines += n;
      const entry = perPass.get(pass) || {lines: 0, drops: 0, pages: new Set()};
      entry.lines += n; entry.drops++; entry.pages.add(page.id);
      perPass.set(pass, entry);
    }
    perSite.set(page.site, site);
  }
  const box = document.getElementById("summary");
  box.append(el("h2", {}, `${fmt(pages.length)} pages: ${fmt(lines)} lines and ${fmt(removed)} of ${fmt(chars)} characters removed (${pct(removed, chars)})`));
  const passTable = el("table", {}, el("tr", {}, el("th", {}, "pass"), el("th", {class: "num"}, "lines"),
                                       el("th", {class: "num"}, "drops"), el("th", {class: "num"}, "pages")));
  for (const [pass, e] of [...perPass].sort((a, b) => b[1].lines - a[1].lines)) {
    passTable.append(el("tr", {}, el("td", {}, el("span", {class: "swatch", style: `background:${colorOf(pass)}`}), pass),
                        el("td", {class: "num"}, fmt(e.lines)), el("td", {class: "num"}, fmt(e.drops)),
                        el("td", {class: "num"}, fmt(e.pages.size))));
  }
  box.append(el("h2", {}, "By pass"), passTable);
  const siteTable = el("table", {}, el("tr", {}, el("th", {}, "site"), el("th", {class: "num"}, "pages"),
                                       el("th", {class: "num"}, "lines removed"), el("th", {class: "num"}, "characters removed")));
  for (const [site, e] of [...perSite].sort((a, b) => b[1].removed - a[1].removed).slice(0, 50)) {
    siteTable.append(el("tr", {}, el("td", {}, site || "(no site)"), el("td", {class: "num"}, fmt(e.pages)),
                        el("td", {class: "num"}, fmt(e.lines)), el("td", {class: "num"}, pct(e.removed, e.chars))));
  }
  box.append(el("h2", {}, `By site (${fmt(perSite.size)}${perSite.size > 50 ? ", the 50 with most removed" : ""})`), siteTable);
  const flagged = pages.filter(p => p.warnings.length);
  box.append(el("h2", {}, `Flagged by a warning: ${fmt(flagged.length)} pages`));
  const list = el("ul", {});
  for (const page of flagged.slice(0, 100)) list.append(el("li", {}, `${page.id}: ${page.warnings.join("; ")}`));
  box.append(list);
  const passSelect = document.getElementById("pass");
  for (const pass of PASSES) if (perPass.has(pass)) passSelect.append(el("option", {value: pass}, pass));
  const siteSelect = document.getElementById("site");
  for (const site of [...perSite.keys()].sort()) siteSelect.append(el("option", {value: site}, site || "(no site)"));
}

const state = {pass: "", site: "", q: "", flagged: false, all: false, from: 0};

function readHash() {
  const params = new URLSearchParams(location.hash.slice(1));
  state.pass = params.get("pass") || ""; state.site = params.get("site") || ""; state.q = params.get("q") || "";
  state.flagged = params.has("flagged"); state.all = params.has("all"); state.from = 0;
  document.getElementById("pass").value = state.pass; document.getElementById("site").value = state.site;
  document.getElementById("q").value = state.q; document.getElementById("flagged").checked = state.flagged;
}

function selected() {
  const q = state.q.toLowerCase();
  return pages.filter(p => (!state.pass || p.passes.has(state.pass)) && (!state.site || p.site === state.site)
    && (!state.flagged || p.warnings.length) && (!q || p.id.toLowerCase().includes(q) || rawTexts[p.index].toLowerCase().includes(q)))
    .sort((a, b) => b.share - a.share);  // the largest share removed first
}

function renderPage(page) {
  prepare(page);
  const box = el("article", {class: "page"});
  box.append(el("h3", {}, page.id));
  box.append(el("div", {class: "meta"}, `${page.site ? "site " + page.site + " · " : ""}${fmt(page.removed)} of ${fmt(page.chars)} characters removed (${pct(page.removed, page.chars)})`));
  for (const w of page.warnings) box.append(el("div", {class: "warn"}, "warning: " + w));
  const lines = el("div", {class: "lines"});
  if (page.lines === null) {
    lines.append("(too large to show: the text was cleaned as a stream)");
    for (const [first, last, pass, reason] of page.drops) {
      if (state.pass && pass !== state.pass) continue;
      lines.append(el("div", {}, el("del", {style: `color:${colorOf(pass)}`, title: reason}, `lines ${first}-${last}`),
                      el("span", {class: "why", style: `color:${colorOf(pass)}`}, `${pass}: ${reason}`)));
    }
  } else {
    page.lines.forEach((text, i) => {
      const n = i + 1, drop = page.byLine.get(n);
      const row = el("div", {}, el("span", {class: "ln"}, String(n)));
      if (drop && (!state.pass || drop[0] === state.pass)) {
        const [pass, reason] = drop;
        row.append(el("del", {style: `color:${colorOf(pass)}`, title: `${pass}: ${reason}`, "data-pass": pass}, text || " "));
        if (page.starts.has(n)) row.append(el("span", {class: "why", style: `color:${colorOf(pass)}`}, `${pass}: ${reason}`));
      } else if (drop) {
        row.append(el("span", {class: "other", title: `${drop[0]}: ${drop[1]}`}, text));  // another pass's drop: filtered out
      } else {
        row.append(text);
      }
      lines.append(row);
    });
  }
  box.append(lines);
  return box;
}

function render() {
  const results = document.getElementById("results");
  results.textContent = "";
  const chosen = selected();
  const size = state.all ? chosen.length : PAGE_SIZE;
  const shown = chosen.slice(state.from, state.from + size);
  document.getElementById("count").textContent = `${fmt(chosen.length)} of ${fmt(pages.length)} pages`;
  const pager = () => {
    const nav = el("nav", {class: "pager"});
    if (state.from > 0) {
      const back = el("button", {}, "previous"); back.onclick = () => { state.from -= size; render(); }; nav.append(back);
    }
    nav.append(` pages ${fmt(Math.min(chosen.length, state.from + 1))}-${fmt(state.from + shown.length)} of ${fmt(chosen.length)} `);
    if (state.from + size < chosen.length) {
      const next = el("button", {}, "next"); next.onclick = () => { state.from += size; render(); window.scrollTo(0, 0); }; nav.append(next);
    }
    return nav;
  };
  results.append(pager());
  for (const page of shown) results.append(renderPage(page));
  if (shown.length > 5) results.append(pager());
}

function writeHash() {
  const params = new URLSearchParams();
  if (state.pass) params.set("pass", state.pass);
  if (state.site) params.set("site", state.site);
  if (state.q) params.set("q", state.q);
  if (state.flagged) params.set("flagged", "");
  if (state.all) params.set("all", "");
  history.replaceState(null, "", "#" + params.toString());
}

summary();
readHash();
render();
let typing = null;  // the search waits for a pause in typing: it reads every page's text
for (const id of ["pass", "site", "q", "flagged"]) {
  document.getElementById(id).addEventListener(id === "q" ? "input" : "change", event => {
    state[id] = id === "flagged" ? event.target.checked : event.target.value;
    state.from = 0;
    clearTimeout(typing);
    typing = setTimeout(() => { writeHash(); render(); }, id === "q" ? 250 : 0);
  });
}
window.addEventListener("hashchange", () => { readHash(); render(); });
</script>
</body></html>
"""
