"""Training rows of the line model: every labelled page of the bench, in every text shape, as feature rows.

Labels come from the sets' references, never from page names:
- gold sets (dev-sites, modern, dragnet-small, readability): a line of five or
  more words is article when at least 80% of its word 4-grams are in the gold
  (the scorer's unit), boilerplate when at most 20% are, and left out between;
  a shorter line is article when it is a whole gold line, left out when its
  words occur inside the gold, boilerplate otherwise;
- snippet sets (dev): a line holding a `with` snippet is article, one holding a
  `without` snippet boilerplate, other lines are left out.
Where a set's labels go against what cleanpress calls the article, the rows are
left out rather than learnt (docs/quality.md, "What the article is"): a line that
is the page's `<h1>` or a `<figcaption>` is never a boilerplate row (modern's gold
leaves titles out, dev's snippets call some captions boilerplate).

Each page is read both alone and with the site counts a folder run gives it.
Rows are cached under the shapes cache, keyed by a digest of the code they
depend on (`ROW_SOURCES` and this file), so fitting again, or cross-validating,
does not compute them again.
"""
from __future__ import annotations

import hashlib
import re
import sys
import unicodedata
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from cleanpress import line_model, site
from cleanpress.model import Document
from cleanpress.passes import page_structure
from cleanpress.pipeline import Context, find_drops, select_passes
from cleanpress.site import shares_its_article

import bench_shapes

WORD = re.compile(r"\w+")  # the scorer's tokens
MIN_COVERED_WORDS = 5  # a line this long is labelled by the share of its 4-grams in the gold
ARTICLE_COVER = 0.8
BOILERPLATE_COVER = 0.2
SNIPPET_MIN_CHARS = 8  # a shorter `without` snippet is too common a string to label a line with
PACKAGE = Path(line_model.__file__).resolve().parent


def norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).replace("\u00ad", "").split())


def page_analysis(text: str, site=None) -> page_structure.Analysis | None:
    """page-structure's view of a page, after the passes that run before it, as the first round of cleaning has it.

    With `site` (the counts a folder run would clean the page with), site-template runs too and
    the site features are filled in, unless the page shares its article with half of its site's
    pages (`site.shares_its_article`), which cleaning reads as a page on its own too.
    """
    doc = Document.from_text(text)
    if site is not None and shares_its_article(doc.live(), site):
        site = None
    skip = ("page-structure", "site-affixes") if site is not None else ("page-structure", "site-template", "site-affixes")
    find_drops(doc, [p for p in select_passes() if p.name not in skip], Context(site=site))
    return page_structure.analyse(doc, site)


class GoldLabels:
    """Labels of a page's lines from its gold article text (see the module docstring)."""

    def __init__(self, gold: str) -> None:
        tokens = WORD.findall(gold)
        self.shingles = {tuple(tokens[i : i + 4]) for i in range(len(tokens) - 3)}
        self.lines = {tuple(WORD.findall(g)) for g in gold.splitlines()}
        self.joined = " " + " ".join(tokens) + " "

    def __call__(self, text: str) -> int | None:
        tokens = WORD.findall(text)
        if len(tokens) >= MIN_COVERED_WORDS:
            grams = [tuple(tokens[i : i + 4]) for i in range(len(tokens) - 3)]
            cover = sum(g in self.shingles for g in grams) / len(grams)
            return 1 if cover >= ARTICLE_COVER else 0 if cover <= BOILERPLATE_COVER else None
        if not tokens:
            return None
        if tuple(tokens) in self.lines:
            return 1
        return None if f" {' '.join(tokens)} " in self.joined else 0


class SnippetLabels:
    """Labels of a page's lines from its `with` / `without` snippets."""

    def __init__(self, snippets: dict) -> None:
        self.withs = [w for w in map(norm, snippets["with"]) if w]
        self.withouts = [w for w in map(norm, snippets["without"]) if len(w) >= SNIPPET_MIN_CHARS]

    def __call__(self, text: str) -> int | None:
        text = norm(text)
        if any(w in text for w in self.withs):
            return 1
        if any(w in text for w in self.withouts):
            return 0
        return None


def never_boilerplate(html: str) -> set[tuple[str, ...]]:
    """The word sequences of the page's `<h1>` and `<figcaption>` elements: our article keeps its title and
    its pictures' captions, so a set that labels them boilerplate is not learnt from there."""
    import lxml.html

    try:
        root = lxml.html.fromstring(html)
    except Exception:  # an empty or unparsable page names nothing
        return set()
    found = set()
    for element in root.iter("h1", "figcaption"):
        words = tuple(WORD.findall(element.text_content()))
        if words:
            found.add(words)
    return found


@dataclass
class Rows:
    """Training rows of one (set, shape): features, labels, weights and where each row comes from;
    and one row per page for the page-kind model (is the text an extractor's output?)."""

    x: np.ndarray
    y: np.ndarray
    chars: np.ndarray
    groups: list[str]
    pages: list[str]
    site_known: np.ndarray  # the row was made with its folder's site counts
    kind_x: np.ndarray  # per page (read alone): `line_model.PAGE_KIND_FEATURES`
    kind_y: np.ndarray  # 1 for an extractor's output (the shape)
    kind_groups: list[str]

    def subset(self, mask: np.ndarray, kind_mask: np.ndarray) -> "Rows":
        """The rows where `mask` holds, and the page-kind rows where `kind_mask` holds."""
        return Rows(self.x[mask], self.y[mask], self.chars[mask], [g for g, m in zip(self.groups, mask) if m],
                    [q for q, m in zip(self.pages, mask) if m], self.site_known[mask], self.kind_x[kind_mask],
                    self.kind_y[kind_mask], [g for g, m in zip(self.kind_groups, kind_mask) if m])

    @classmethod
    def concat(cls, parts: dict[tuple[str, str], "Rows"]) -> "Rows":
        """One Rows of several (set, shape) parts; `pages` become "set/shape/page"."""
        width = len(line_model.SITE_FEATURES)
        return cls(np.concatenate([p.x.reshape(-1, width) for p in parts.values()]),
                   np.concatenate([p.y for p in parts.values()]), np.concatenate([p.chars for p in parts.values()]),
                   [g for p in parts.values() for g in p.groups],
                   [f"{name}/{shape}/{q}" for (name, shape), p in parts.items() for q in p.pages],
                   np.concatenate([p.site_known for p in parts.values()]),
                   np.concatenate([p.kind_x.reshape(-1, len(line_model.PAGE_KIND_FEATURES)) for p in parts.values()]),
                   np.concatenate([p.kind_y for p in parts.values()]), [g for p in parts.values() for g in p.kind_groups])


def folder_site(page: bench_shapes.Page) -> str:
    """The site key a folder run gives the page: its site folder (dev-sites), else the flat folder's."""
    return page.id.split("/")[0] if "/" in page.id else "."


def set_rows(job: tuple[Path, Path, str, str]) -> Rows:
    """Every labelled row of one set in one shape, each page alone and with its folder's site counts."""
    root, cache, name, shape = job
    bench = bench_shapes.Bench(root, cache)
    pages = bench.pages(name)
    texts = {page.id: bench.text(page, shape) for page in pages}
    counts = site.page_stats((page.id, folder_site(page), texts[page.id]) for page in pages)
    xs, ys, chars, groups, ids, known = [], [], [], [], [], []
    kinds: list[list[float]] = []
    kind_groups: list[str] = []
    for page in pages:
        label = GoldLabels(page.gold) if page.gold is not None else SnippetLabels(page.snippets)
        protected = never_boilerplate(page.html())
        for stats in (None, counts.get(page.id)):
            analysis = page_analysis(texts[page.id], stats)
            if analysis is None:
                continue
            if stats is None:
                kinds.append(analysis.page_kind_features())
                kind_groups.append(page.group)
            for row, line in zip(analysis.features(), analysis.live):
                y = label(line.text)
                if y is None or (y == 0 and tuple(WORD.findall(line.text)) in protected):
                    continue
                xs.append(row)
                ys.append(y)
                chars.append(len(norm(line.text)))
                groups.append(page.group)
                ids.append(page.id)
                known.append(stats is not None)
    return Rows(np.array(xs, dtype=np.float64), np.array(ys, dtype=np.int8), np.array(chars, dtype=np.int64),
                groups, ids, np.array(known, dtype=bool), np.array(kinds, dtype=np.float64),
                np.full(len(kinds), shape in bench_shapes.EXTRACTED_SHAPES, dtype=np.int8), kind_groups)


ROW_SOURCES = ("model.py", "line_model.py", "lexicon.py", "stopwords.py", "shapes.py", "patterns.py", "pipeline.py",
               "site.py", "passes/*.py")  # the package's code a feature row depends on


def code_digest() -> str:
    """What the rows depend on: the package's code that computes them, and this script's labelling."""
    digest = hashlib.blake2b(digest_size=8)
    for path in sorted(p for pattern in ROW_SOURCES for p in PACKAGE.glob(pattern)) + [Path(__file__)]:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def dataset(root: Path, cache: Path = bench_shapes.DEFAULT_CACHE, sets=bench_shapes.Bench.SETS,
            shapes=bench_shapes.SHAPES, jobs: int = 2) -> dict[tuple[str, str], Rows]:
    """{(set, shape): Rows}, from the cache of rows when this code made them already."""
    folder = cache / "rows" / code_digest()
    folder.mkdir(parents=True, exist_ok=True)
    wanted = [(name, shape) for name in sets for shape in shapes]
    missing = [(name, shape) for name, shape in wanted if not (folder / f"{name}.{shape}.npz").exists()]
    bench_shapes.Bench(root, cache).render_all(shapes, sets, jobs)
    if missing:
        print(f"computing the rows of {len(missing)} (set, shape) pairs into {folder} (the code changed); "
              "this takes a while", file=sys.stderr)
    with ProcessPoolExecutor(jobs) as pool:
        for (name, shape), rows in zip(missing, pool.map(set_rows, [(root, cache, n, s) for n, s in missing])):
            np.savez_compressed(folder / f"{name}.{shape}.npz", x=rows.x, y=rows.y, chars=rows.chars,
                                groups=np.array(rows.groups), pages=np.array(rows.pages), site_known=rows.site_known,
                                kind_x=rows.kind_x, kind_y=rows.kind_y, kind_groups=np.array(rows.kind_groups))
    out = {}
    for name, shape in wanted:
        with np.load(folder / f"{name}.{shape}.npz") as data:
            out[name, shape] = Rows(data["x"], data["y"], data["chars"], data["groups"].tolist(),
                                    data["pages"].tolist(), data["site_known"], data["kind_x"], data["kind_y"],
                                    data["kind_groups"].tolist())
    return out
