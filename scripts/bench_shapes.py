#!/usr/bin/env python3
"""The labelled pages of ../shared/bench in every text shape a scraper writes, for training and evaluation.

    .venv/bin/pip install -e '.[train]'
    .venv/bin/python scripts/bench_shapes.py ../shared/bench [--cache DIR] [-j 2]

Every set there comes with each page's HTML, so each page can be rendered as the
different scrapers and extractors hand it over:

| shape | what writes it |
|---|---|
| `html-text` | `html_text.extract_text(html)`, the sets' own input files (a naive full-page dump in blocks) |
| `node-lines` | one text node a line: a plain Scrapy spider's `"\\n".join(response.xpath("//body//text()").getall())` |
| `soup` | BeautifulSoup's `get_text("\\n")` |
| `inscriptis` | `inscriptis.get_text(html)`, a layout-keeping dump (tables and lists indented) |
| `trafilatura` | `trafilatura.extract(html)` (the sets' own files where they have them: `dev-extracted`, `modern/trafilatura`) |
| `readability` | readability-lxml's `Document(html).summary()`, its text by `html_text` |

The renderers live here, in training and evaluation code, never in the cleaner.
Rendered texts are cached under `--cache` (default `~/.cache/cleanpress-bench`), one file
a page: `<cache>/<set>/<shape>/<id>.txt`. No text is written into the project.

A page's *group* is its site: the host of its URL (`www.` dropped), the site folder of
dev-sites, or the host the HTML names in `<link rel=canonical>` / `og:url`, so folds split
by site across every set and shape.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from urllib.parse import urlsplit

PAGE_SHAPES = ("html-text", "node-lines", "soup", "inscriptis")  # a whole page's text
EXTRACTED_SHAPES = ("trafilatura", "readability")  # what an extractor kept of it
SHAPES = PAGE_SHAPES + EXTRACTED_SHAPES
DEFAULT_CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "cleanpress-bench"
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)
_PAGE_URL = re.compile(
    r"""<link[^>]+rel=["']?canonical["']?[^>]+href=["']([^"']+)|<link[^>]+href=["']([^"']+)["'][^>]+rel=["']?canonical"""
    r"""|property=["']og:url["'][^>]+content=["']([^"']+)""", re.IGNORECASE)


def decode_html(raw: bytes) -> str:
    """The page's text as the sets' converters read it: UTF-8 when valid, else its declared charset
    (ISO-8859-1 read as windows-1252), else windows-1252; undecodable bytes replaced."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    found = _CHARSET.search(raw[:4096])
    charset = found.group(1).decode("ascii", "replace").lower() if found else "cp1252"
    if charset in ("iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii"):
        charset = "cp1252"
    try:
        return raw.decode(charset, "replace")
    except LookupError:
        return raw.decode("cp1252", "replace")


def host_of(url: str) -> str:
    host = urlsplit(url.strip()).hostname or ""
    return host[4:] if host.startswith("www.") else host


@dataclass(frozen=True)
class Page:
    set: str
    id: str  # relative path without .txt, "/"-separated
    group: str  # its site, for folds
    html_path: Path
    text_paths: tuple[tuple[str, Path], ...]  # shapes the bench already holds as files
    gold: str | None = None  # article text (gold sets)
    snippets: dict | None = None  # {"with": [...], "without": [...]} (snippet sets)

    def html(self) -> str:
        return decode_html(gzip.decompress(self.html_path.read_bytes()))


class Bench:
    """The labelled sets of a bench folder, and their pages' texts in every shape (cached)."""

    SETS = ("dev", "dev-sites", "modern", "dragnet-small", "readability")

    def __init__(self, root: Path, cache: Path = DEFAULT_CACHE) -> None:
        self.root, self.cache = root, cache

    def pages(self, name: str) -> list[Page]:
        return getattr(self, "_" + name.replace("-", "_"))

    @cached_property
    def _dev(self) -> list[Page]:
        root = self.root / "dev"
        snippets = json.loads((root / "snippets.json").read_text(encoding="utf-8"))
        return [Page("dev", i, host_of(s["url"]) or i, root / "html" / f"{i}.html.gz",
                     (("html-text", root / f"{i}.txt"), ("trafilatura", self.root / "dev-extracted" / f"{i}.txt")),
                     snippets={"with": s["with"], "without": s["without"]})
                for i, s in sorted(snippets.items())]

    @cached_property
    def _dev_sites(self) -> list[Page]:
        root = self.root / "dev-sites"
        pages = []
        for path in sorted((root / "input").rglob("*.txt")):
            i = path.relative_to(root / "input").as_posix()[:-4]
            pages.append(Page("dev-sites", i, i.split("/")[0], root / "html" / f"{i}.html.gz",
                              (("html-text", path),), gold=(root / "gold" / f"{i}.txt").read_text(encoding="utf-8")))
        return pages

    @cached_property
    def _modern(self) -> list[Page]:
        root = self.root / "modern"
        gold = json.loads((root / "gold.json").read_text(encoding="utf-8"))
        snippets = json.loads((root / "snippets-wcxb.json").read_text(encoding="utf-8"))
        return [Page("modern", i, host_of(snippets[i]["url"]) if i in snippets else i, root / "html" / f"{i}.html.gz",
                     (("html-text", root / "html-text" / f"{i}.txt"), ("trafilatura", root / "trafilatura" / f"{i}.txt")),
                     gold=text, snippets={"with": snippets[i]["with"], "without": snippets[i]["without"]}
                     if i in snippets else None)
                for i, text in sorted(gold.items())]

    def _more(self, name: str) -> list[Page]:
        root = self.root / "more" / name
        pages = []
        for path in sorted((root / "input").glob("*.txt")):
            i = path.stem
            html_path = root / "html" / f"{i}.html.gz"
            found = _PAGE_URL.search(decode_html(gzip.decompress(html_path.read_bytes()))[:200_000])
            url = next((g for g in found.groups() if g), "") if found else ""
            pages.append(Page(name, i, host_of(url) or f"{name}:{i}", html_path, (("html-text", path),),
                              gold=(root / "gold" / f"{i}.txt").read_text(encoding="utf-8")))
        return pages

    @cached_property
    def _dragnet_small(self) -> list[Page]:
        return self._more("dragnet-small")

    @cached_property
    def _readability(self) -> list[Page]:
        return self._more("readability")

    def path(self, page: Page, shape: str) -> Path:
        return self.cache / page.set / shape / f"{page.id}.txt"

    def text(self, page: Page, shape: str) -> str:
        """The page in `shape`: the bench's own file where it has one, else the rendered cache."""
        given = dict(page.text_paths).get(shape)
        return (given or self.path(page, shape)).read_text(encoding="utf-8")

    def render_all(self, shapes=SHAPES, sets=SETS, jobs: int = 2) -> int:
        """Render every missing (page, shape) into the cache; returns how many were written."""
        todo = [(page, [s for s in shapes if s not in dict(page.text_paths) and not self.path(page, s).exists()])
                for name in sets for page in self.pages(name)]
        todo = [(page, missing) for page, missing in todo if missing]
        with ProcessPoolExecutor(jobs) as pool:
            for (page, missing), texts in zip(todo, pool.map(_render, [(p, m) for p, m in todo], chunksize=4)):
                for shape, text in zip(missing, texts):
                    path = self.path(page, shape)
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_text(text, encoding="utf-8")
        return sum(len(m) for _, m in todo)


def _render(job: tuple[Page, list[str]]) -> list[str]:
    page, shapes = job
    html = page.html()
    return [RENDERERS[shape](html) for shape in shapes]


def render_html_text(html: str) -> str:
    import html_text

    return html_text.extract_text(html)


def render_node_lines(html: str) -> str:
    from parsel import Selector

    return "\n".join(Selector(text=html).xpath("//body//text()").getall())


def render_soup(html: str) -> str:
    from bs4 import BeautifulSoup

    return BeautifulSoup(html, "lxml").get_text("\n")


def render_inscriptis(html: str) -> str:
    import inscriptis

    return inscriptis.get_text(html)


def render_trafilatura(html: str) -> str:
    import trafilatura

    return trafilatura.extract(html) or ""


def render_readability(html: str) -> str:
    import html_text
    from readability import Document

    try:
        return html_text.extract_text(Document(html).summary(html_partial=True))
    except Exception:  # readability-lxml raises on pages it cannot parse: an extractor that returned nothing
        return ""


def stage(bench: "Bench", name: str, shape: str, dest: Path, metric: str) -> Path:
    """Write `name` in `shape` as a set `score.py` reads: `metric` "gold" (input/ + gold/, site
    folders kept) or "snippets" (snippets.json + <id>.txt). Returns the folder."""
    folder = dest / f"{name}.{shape}.{metric}"
    if (folder / ".complete").exists():
        return folder
    pages = [p for p in bench.pages(name) if (p.gold if metric == "gold" else p.snippets) is not None]
    snippets = {}
    for page in pages:
        text = bench.text(page, shape)
        target = folder / "input" / f"{page.id}.txt" if metric == "gold" else folder / f"{page.id.replace('/', '_')}.txt"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        if metric == "gold":
            gold = folder / "gold" / f"{page.id}.txt"
            gold.parent.mkdir(parents=True, exist_ok=True)
            gold.write_text(page.gold, encoding="utf-8")
        else:
            snippets[page.id.replace("/", "_")] = page.snippets
    if metric == "snippets":
        (folder / "snippets.json").write_text(json.dumps(snippets, ensure_ascii=False), encoding="utf-8")
    (folder / ".complete").touch()
    return folder


RENDERERS = {"html-text": render_html_text, "node-lines": render_node_lines, "soup": render_soup,
             "inscriptis": render_inscriptis, "trafilatura": render_trafilatura, "readability": render_readability}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("bench", type=Path)
    ap.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args()
    bench = Bench(args.bench, args.cache)
    start = time.perf_counter()
    written = bench.render_all(jobs=args.jobs)
    print(f"{written} texts rendered into {args.cache} in {time.perf_counter() - start:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
