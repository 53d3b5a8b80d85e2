"""Site-level statistics: what recurs across the pages of one site.

Three functions do all the work, and every caller (the CLI's directory runs,
`cleanpress learn`, a saved profile, a Dask or multiprocessing run) is a way
of calling them:

- `count_page(text)` (map): the `SiteCounts` of one page, each distinct line
  fingerprint counted once, however often the page repeats it;
- `merge(a, b)` (reduce): the counts of two disjoint sets of pages; it is
  associative and commutative, so results do not depend on file order, batch
  size or the number of workers;
- `clean_page(text, stats)`: clean one page with a site's merged counts (they
  become `Context.site`, which the `site-template` pass reads).

A fingerprint is the first 8 bytes of BLAKE2b of the line's normalised key
(`model.normalise_key`: case-folded, digits -> 0, whitespace collapsed), so
"Posted on 3 May 2011" and "Posted on 12 June 2011" are not the same line but
"Comments (3)" and "Comments (12)" are. A short line's affixes (its part
before the first separator and after the last, `affix_keys`) are counted
the same way under keys no line can have, so "Web Ink Now: <title>" shows
its label on every page. Memory grows with the number of distinct lines of
a site, not with its pages.

Template eras: a folder may hold pages from several designs of one site. With
`split_eras`, pages are grouped by the template lines they share (see
`eras`), and each group is cleaned with its own counts.

Profile format (JSON, `FORMAT_NAME`, version `FORMAT_VERSION`)::

    {"format": "cleanpress-site-profile", "version": 2,
     "fingerprint": "blake2b-64 of casefolded, digits->0, whitespace-collapsed line; and of its affixes",
     "sites": {"example.com": {"pages": 40,
                               "lines": {"1f9c0e23a4b5c6d7": 38, ...}}}}

`lines` maps a fingerprint (16 hex digits) to the number of the site's pages
that contain it. All lines are kept, those seen once included, so two profiles
merge exactly (`SiteProfile.merge`).
"""
from __future__ import annotations

import hashlib
import re
import json
import os
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path, PurePosixPath

from .model import MAX_LINE_CHARS, NEWLINE, TOKEN, Line, join_text_nodes, normalise_key

FORMAT_NAME = "cleanpress-site-profile"
FORMAT_VERSION = 2  # 2: affixes are counted too (1 had lines only: merged with 2, affix shares would be wrong)
FINGERPRINT_DOC = "blake2b-64 of casefolded, digits->0, whitespace-collapsed line; and of its affixes"


class ProfileError(ValueError):
    """A profile file that cannot be used; the message says why and what to do."""


def fingerprint_key(key: str) -> int:
    """The 64-bit fingerprint of a normalised line key."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "big")


def fingerprint(text: str) -> int:
    """The fingerprint of a line of text (normalised first, like `Line.key`)."""
    return fingerprint_key(normalise_key(text))


# Keys are whitespace-collapsed, so one space stands for any run (and a run of spaces cannot backtrack).
AFFIX_SEPARATOR = re.compile(r" [|\-–—«»/·•:]+ |(?<=\w): ")
_DIGIT = re.compile(r"\d")
_SEPARATOR_MARK = re.compile(r"[|\-–—«»/·•:]")  # a cheap test before splitting
AFFIX_MAX_WORDS = 6  # a site's name or a fixed label, not a sentence
HEAD_AFFIX_MIN_WORDS = 2  # one word before a colon is a content label as often ("Q:", "Update:", "Opinion:")
AFFIX_MIN_CHARS = 3
SLOT_MIN_WORDS = 3  # letter words in the part that changes from page to page: a title, a name
SLOT_MAX_CHARS = 300  # longer lines are prose or lists, not a labelled slot


def affix_keys(key: str) -> tuple[str, ...]:
    """The keys of a line's affixes: its part before the first separator and after the last.

    "Web Ink Now: <title>", "<title> - NYTimes.com" or "Posted by: <name> at <date>"
    differ on every page, but their affix recurs: counted like lines, affixes
    show the site's labelled slots. Only an affix of at most `AFFIX_MAX_WORDS`
    words without digits (not a date) counts, of two words or more when it
    starts the line (one word before a colon is as often a content label:
    "Q:", "Update:"), with `SLOT_MIN_WORDS` or more other letter words in the
    line. The newline in an affix key keeps it apart from every line key
    (which has none).
    """
    if len(key) > SLOT_MAX_CHARS or not _SEPARATOR_MARK.search(key):
        return ()
    parts = AFFIX_SEPARATOR.split(key)
    if len(parts) < 2:
        return ()
    # TOKEN, not model.words: affix keys are saved in site profiles, and cutting them anew would make
    # new counts disagree with saved ones. In scripts with combining marks (Devanagari, Bengali) and in
    # decomposed text this counts word pieces; switch with the next FORMAT_VERSION.
    letter_words = sum(t.isalpha() for t in TOKEN.findall(key))  # separators never cut a token
    found = []
    for affix, mark in ((parts[0], "\n^"), (parts[-1], "\n$")):
        words = TOKEN.findall(affix)
        if (words and len(words) <= AFFIX_MAX_WORDS and not _DIGIT.search(affix)
                and (mark == "\n$" or len(words) >= HEAD_AFFIX_MIN_WORDS) and len(" ".join(words)) >= AFFIX_MIN_CHARS
                and letter_words - len(words) >= SLOT_MIN_WORDS):
            found.append(mark + " ".join(words))
    return tuple(found)


def page_fingerprints(text: str) -> frozenset[int]:
    """The distinct fingerprints of a page's non-blank lines and of their affixes (`affix_keys`).

    A line over `MAX_LINE_CHARS` is never cleaned, so its count does
    not matter: it is hashed as it is, without normalising (which would cost
    several times its size in memory).
    """
    found = set()
    for raw in join_text_nodes(NEWLINE.split(text)):  # the lines cleaning reads (`Document` lines)
        if not raw.strip():
            continue
        if len(raw) > MAX_LINE_CHARS:
            found.add(fingerprint_key(raw))
            continue
        key = normalise_key(raw)
        found.add(fingerprint_key(key))
        found.update(fingerprint_key(affix) for affix in affix_keys(key))
    return frozenset(found)


@dataclass
class SiteCounts:
    """How many of a site's pages contain each line fingerprint.

    This is the object passes see as `context.site`: `.pages` and `.count(line)`.
    """

    pages: int = 0
    lines: Counter = field(default_factory=Counter)  # fingerprint -> pages containing it

    def add(self, fingerprints: Iterable[int]) -> None:
        """Count one more page with these (distinct) fingerprints."""
        self.pages += 1
        self.lines.update(set(fingerprints))

    def count(self, line: Line | str) -> int:
        """The number of the site's pages that contain this line (by fingerprint)."""
        if isinstance(line, Line):  # a line is asked about in every round: its fingerprint is kept on it
            fp = line.__dict__.get("_fingerprint")
            if fp is None:
                fp = line.__dict__["_fingerprint"] = fingerprint_key(line.key)
            return self.lines.get(fp, 0)
        return self.lines.get(fingerprint_key(normalise_key(line)), 0)

    def affix_evidence(self, line: Line) -> tuple[int, str]:
        """(pages, how): the line's most common affix on the site, e.g. (38, "starts with 'posted by'")."""
        best = (0, "")
        for affix in affix_keys(line.key):
            count = self.lines.get(fingerprint_key(affix), 0)
            if count > best[0]:
                side = "starts with" if affix.startswith("\n^") else "ends with"
                best = (count, f"{side} '{affix[2:]}'")
        return best

    def share(self, line: Line | str) -> float:
        return self.count(line) / self.pages if self.pages else 0.0

    def frequent(self, min_pages: int) -> frozenset[int]:
        """Fingerprints found on at least `min_pages` pages."""
        return frozenset(fp for fp, n in self.lines.items() if n >= min_pages)

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, SiteCounts) and self.pages == other.pages
                and +self.lines == +other.lines)

    def to_json(self) -> dict:
        return {"pages": self.pages,
                "lines": {f"{fp:016x}": n for fp, n in sorted(self.lines.items())}}

    @classmethod
    def from_json(cls, data: Mapping, where: str = "profile") -> "SiteCounts":
        try:
            pages = int(data["pages"])
            lines = Counter({int(fp, 16): int(n) for fp, n in data["lines"].items()})
        except (KeyError, TypeError, ValueError, AttributeError, OverflowError) as e:
            raise ProfileError(f"{where}: a site needs 'pages' (int) and 'lines' ({{hex: int}}): {e}") from e
        if pages < 0 or any(n < 1 or n > pages for n in lines.values()):
            raise ProfileError(f"{where}: line counts must be between 1 and 'pages' ({pages})")
        return cls(pages, lines)


# --- the three functions: map, reduce, clean ---------------------------------

def count_page(text: str) -> SiteCounts:
    """Map: the counts of a single page (every distinct line once)."""
    counts = SiteCounts()
    counts.add(page_fingerprints(text))
    return counts


def merge(*parts: SiteCounts) -> SiteCounts:
    """Reduce: the counts of the union of disjoint page sets. Associative and commutative."""
    total = SiteCounts()
    for part in parts:
        total.pages += part.pages
        total.lines.update(part.lines)
    return total


SHARED_MIN_PAGES = 4  # a line on fewer of a site's pages than this is no template, as in site-template
OWN_SHARE = 0.1  # a page whose own lines (not on half of its site's pages) hold less than this of its text is a copy


def shares_its_article(lines: Iterable[Line], counts: SiteCounts) -> bool:
    """Whether a page is a copy: nearly all of its text is on half of its site's pages or more.

    Copies of a page, daily snapshots of it, or a folder of pages that quote one text
    share their article; their counts would make it the site's template, and the page
    would lose what it is about. Repeated prose is a duplicate, not a template, so such a
    page is cleaned as a page on its own (`pipeline`). A page of a site, however heavy
    its template, has a title and text of its own: in the development sets, 2 of 799 site
    pages and no page of the other sets hold less than a tenth of their text on their own
    (measured in docs/safety.md).
    """
    if counts.pages < SHARED_MIN_PAGES:
        return False
    total = own = 0
    for line in lines:
        total += len(line.text)
        n = counts.count(line)
        if n < SHARED_MIN_PAGES or 2 * n < counts.pages:
            own += len(line.text)
    return total > 0 and own < OWN_SHARE * total


def clean_page(text: str, stats: SiteCounts | None, passes=None, options: dict | None = None):
    """Clean one page with its site's counts (None: as a page on its own)."""
    from .pipeline import Context, run  # pipeline imports the passes, which may import us

    return run(text, passes, Context(options or {}, stats))


# --- template eras ------------------------------------------------------------

ERA_MIN_PAGES = 3  # a fingerprint on fewer pages than this says nothing about the template
ERA_MIN_JACCARD = 0.2  # pages sharing less of their template than this belong to different eras


def era_lines(counts: SiteCounts, split_eras: bool = True) -> frozenset[int] | None:
    """The lines a page's era signature is made of (those on `ERA_MIN_PAGES` of its site's pages or more), or
    None when the site is not split into eras: `split_eras` off, or too few pages for two eras of a template."""
    if not split_eras or counts.pages < 2 * ERA_MIN_PAGES:
        return None
    return counts.frequent(ERA_MIN_PAGES)


def signature(fingerprints: Collection[int], lines: frozenset[int]) -> frozenset[int]:
    """A page's era signature: its lines among the site's `era_lines`."""
    return frozenset(fp for fp in fingerprints if fp in lines)


def eras(pages: Sequence[Collection[int]], min_pages: int = ERA_MIN_PAGES,
         min_jaccard: float = ERA_MIN_JACCARD) -> list[list[int]]:
    """Group pages (given by their fingerprints) into template eras; returns lists of page indexes.

    A page's signature is its lines that recur on at least `min_pages` pages
    of the folder. Distinct signatures are taken most common first (ties by
    content), and each joins the first era whose founding signature it
    overlaps by at least `min_jaccard` (Jaccard), or founds a new era (leader
    clustering: cost grows with pages x eras, not pages squared). Pages with
    an empty signature are returned as groups of their own. The result
    depends on the set of pages, not on their order.
    """
    frequent = counted(pages).frequent(min_pages)
    signatures = [signature(fps, frequent) for fps in pages]
    leaders = era_leaders(Counter(signatures), min_jaccard)
    members: list[list[int]] = [[] for _ in leaders]
    alone = []
    for i, sig in enumerate(signatures):
        if sig:
            members[era_of(sig, leaders, min_jaccard)].append(i)
        else:
            alone.append([i])
    return sorted([m for m in members if m] + alone, key=lambda g: g[0])


def era_leaders(signatures: Mapping[frozenset[int], int],
                min_jaccard: float = ERA_MIN_JACCARD) -> list[frozenset[int]]:
    """The founding signatures of the eras, given how many pages have each signature.

    Signatures are taken most common first (ties by content); one that
    overlaps no earlier leader by `min_jaccard` founds an era. The eras only
    depend on these counts, so a distributed run can aggregate them per site
    (`cleanpress.dask`) instead of holding every page's fingerprints.
    """
    order = sorted((sig for sig in signatures if sig), key=lambda sig: (-signatures[sig], sorted(sig)))
    leaders: list[frozenset[int]] = []
    for sig in order:
        if era_of(sig, leaders, min_jaccard) is None:
            leaders.append(sig)
    return leaders


def era_of(signature: frozenset[int], leaders: Sequence[frozenset[int]],
           min_jaccard: float = ERA_MIN_JACCARD) -> int | None:
    """The era a (non-empty) signature joins: the first leader it overlaps by `min_jaccard`, or None.

    With the full list from `era_leaders`, every signature that was counted
    finds its era here: a signature met before a later leader was founded
    already matched an earlier one.
    """
    size = len(signature)
    for k, leader in enumerate(leaders):
        shared = len(signature & leader)  # the union's size is counted, not built
        if shared >= min_jaccard * (size + len(leader) - shared):
            return k
    return None


def era_sizes(signatures: Mapping[frozenset[int], int], leaders: Sequence[frozenset[int]]) -> list[int]:
    """How many pages each era has, from the pages per signature (`era_leaders`' input)."""
    sizes = [0] * len(leaders)
    for sig, pages in signatures.items():
        if sig:
            sizes[era_of(sig, leaders)] += pages
    return sizes


# --- the plan: the counts each page is cleaned with -------------------------------

@dataclass
class SitePlan:
    """What cleaning a page of one site needs, without the site's other pages.

    `counts` are the site's counts; `lines`, `leaders` and `eras` are empty
    when the site is not split into eras (`era_lines` is None). `eras[k]` is
    the counts of era k, None for an era of a single page: a page alone in its
    era (or with an empty signature) is cleaned with the site's counts, which
    then can only find lines that are frequent across the site anyway.
    """

    counts: SiteCounts
    lines: frozenset[int] = frozenset()
    leaders: list[frozenset[int]] = field(default_factory=list)
    eras: list[SiteCounts | None] = field(default_factory=list)

    def era(self, fingerprints: Collection[int]) -> int | None:
        """The era of two pages or more a page with these fingerprints is cleaned with, or None."""
        return self._era_of_signature(signature(fingerprints, self.lines)) if self.leaders else None

    def _era_of_signature(self, sig: frozenset[int]) -> int | None:
        era = era_of(sig, self.leaders) if sig else None
        return era if era is not None and self.eras[era] is not None else None

    def counts_of(self, fingerprints: Collection[int]) -> SiteCounts:
        """The counts a page of this site with these fingerprints is cleaned with: its era's, or the site's."""
        era = self.era(fingerprints)
        return self.counts if era is None else self.eras[era]

    def counts_for(self, text: str) -> SiteCounts:
        """`counts_of` a page's text."""
        return self.counts_of(page_fingerprints(text)) if self.leaders else self.counts


def plan_site(pages: Sequence[Collection[int]], split_eras: bool = True) -> SitePlan:
    """Count (map: each page's fingerprints), merge (reduce), split eras: one site's plan, from its pages.

    The same steps as `cleanpress.dask.plan`, which runs them as three folds
    over a cluster's partitions instead of over pages held here."""
    plan = SitePlan(counted(pages))
    lines = era_lines(plan.counts, split_eras)
    if lines is None:
        return plan
    page_signatures = [signature(fps, lines) for fps in pages]  # each page's, taken once
    signatures = Counter(page_signatures)
    plan.lines, plan.leaders = lines, era_leaders(signatures)
    plan.eras = [SiteCounts() if size >= 2 else None for size in era_sizes(signatures, plan.leaders)]
    for fps, sig in zip(pages, page_signatures):
        era = plan._era_of_signature(sig)
        if era is not None:
            plan.eras[era].add(fps)
    return plan


def split_counts(pages: Sequence[Collection[int]], split_eras: bool = True) -> list[SiteCounts]:
    """The counts each of one site's pages is cleaned with (`plan_site`): its era's, or the site's."""
    found = plan_site(pages, split_eras)
    return [found.counts_of(fps) for fps in pages]


def plan(pages: Iterable[tuple[object, str | None, Collection[int]]], split_eras: bool = True) -> dict:
    """Phase one of site-level cleaning, for every way of reading pages (folders, JSONL records):
    (page id, site key, the page's fingerprints) -> {page id: the counts to clean it with}.

    Pages are grouped by site, and each site planned by `plan_site`. Pages with no
    site key (None) get no counts. The result depends on the set of pages, not on
    their order."""
    by_site: dict[str, list[tuple[object, Collection[int]]]] = {}
    for page_id, key, fingerprints in pages:
        if key is not None:
            by_site.setdefault(key, []).append((page_id, fingerprints))
    stats: dict = {}
    for key in sorted(by_site):
        ids = [page_id for page_id, _ in by_site[key]]
        for page_id, counts in zip(ids, split_counts([fps for _, fps in by_site[key]], split_eras)):
            stats[page_id] = counts
    return stats


def page_stats(pages: Iterable[tuple[object, str | None, str]], split_eras: bool = True) -> dict:
    """`plan` for pages given by their texts: (page id, site key, text) -> {page id: counts}."""
    return plan(((page_id, key, page_fingerprints(text)) for page_id, key, text in pages), split_eras)


def counted(pages: Iterable[Collection[int]]) -> SiteCounts:
    """The counts of these pages, added one at a time: the same as merging each page's own counts, without
    holding a `SiteCounts` per page (a site of 30,000 pages: about 77 MB)."""
    total = SiteCounts()
    for fps in pages:
        total.add(fps)
    return total


# --- profiles: several sites in one file ----------------------------------------

@dataclass
class SiteProfile:
    """Counts of several sites, keyed by site name; saved as versioned JSON."""

    sites: dict[str, SiteCounts] = field(default_factory=dict)

    def add_page(self, site: str, text: str) -> None:
        """Count one more page of `site`, in place (a merge per page would copy the counts each time)."""
        self.add(site, page_fingerprints(text))

    def add(self, site: str, fingerprints: Iterable[int]) -> None:
        """Count one more page of `site` from its fingerprints (`page_fingerprints`), in place."""
        self.sites.setdefault(site, SiteCounts()).add(fingerprints)

    def get(self, site: str) -> SiteCounts | None:
        return self.sites.get(site)

    def lookup(self, key: str | None) -> SiteCounts | None:
        """The counts for a page whose site key is `key`.

        Tries the key itself, then its last path component (a folder key
        `crawl/example.com` finds `example.com`), each also without a leading
        `www.` (a folder `www.nhl.com` finds `nhl.com`); with no key, a profile
        of exactly one site gives that site. Unknown sites get None: the page
        is cleaned on its own, and the callers say so.
        """
        if key is None:
            return next(iter(self.sites.values())) if len(self.sites) == 1 else None
        for candidate in (key, key.rstrip("/").rsplit("/", 1)[-1]):
            for name in (candidate, candidate.removeprefix("www.")):
                if name in self.sites:
                    return self.sites[name]
        return None

    def names(self, most: int = 5) -> str:
        """The profile's site names, for a message: the first `most` of them, and how many more."""
        shown = ", ".join(sorted(self.sites)[:most])
        return shown + (f" and {len(self.sites) - most} more" if len(self.sites) > most else "")

    def merge(self, other: "SiteProfile") -> "SiteProfile":
        names = sorted(set(self.sites) | set(other.sites))
        return SiteProfile({n: merge(self.sites.get(n, SiteCounts()), other.sites.get(n, SiteCounts()))
                            for n in names})

    def to_json(self) -> dict:
        return {"format": FORMAT_NAME, "version": FORMAT_VERSION, "fingerprint": FINGERPRINT_DOC,
                "sites": {name: self.sites[name].to_json() for name in sorted(self.sites)}}

    @classmethod
    def from_json(cls, data: object, where: str = "profile") -> "SiteProfile":
        if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
            raise ProfileError(f"{where}: not a cleanpress site profile (no \"format\": \"{FORMAT_NAME}\"); "
                               "make one with 'cleanpress learn PATH... -o site.json'")
        if data.get("version") != FORMAT_VERSION:
            raise ProfileError(f"{where}: profile version {data.get('version')!r} is not supported "
                               f"(this cleanpress reads version {FORMAT_VERSION}, which also counts line affixes); "
                               "learn it again")
        sites = data.get("sites")
        if not isinstance(sites, dict):
            raise ProfileError(f"{where}: 'sites' must be an object keyed by site name")
        return cls({str(name): SiteCounts.from_json(v, f"{where}: site {name!r}") for name, v in sites.items()})

    def save(self, path: Path) -> None:
        from .files import write_atomic

        data = json.dumps(self.to_json(), separators=(",", ":"), ensure_ascii=False) + "\n"
        write_atomic(Path(path), data.encode("utf-8"))

    @classmethod
    def load(cls, path: Path) -> "SiteProfile":
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except OSError as e:
            raise ProfileError(f"{path}: cannot read: {e.strerror or e}") from e
        except ValueError as e:
            raise ProfileError(f"{path}: not valid JSON ({e})") from e
        except RecursionError:
            raise ProfileError(f"{path}: not a site profile (JSON nested too deeply)") from None
        return cls.from_json(data, str(path))


# --- the counts a run used, kept beside its output ------------------------------

PLAN_FILE = ".cleanpress-sites.json"  # in an output folder (or a folder cleaned in place): the counts each page got


@dataclass
class Plan:
    """The site counts each page of a folder run was cleaned with, by the page's path in the folder.

    A folder run counts its pages' lines, and cleaning removes template lines: counted
    again, the cleaned pages give other counts, and a second run would take more. So a
    run that counts writes its plan beside what it wrote (`PLAN_FILE`), and a run over a
    folder that holds one cleans each page it lists with the same counts: cleaning twice
    changes nothing (docs/safety.md). Saved as a site profile (a key per site, and per
    template era: "example.com#2") with a "pages" table; `SiteProfile.load` reads it too.
    Each page's entry also holds a digest of the bytes the run wrote, and the plan the
    grouping options it counted with (`options`): an entry applies only to the page it was
    written for, unchanged since, read with the same options (`applies`).
    """

    pages: dict[str, SiteCounts] = field(default_factory=dict)  # path in the folder ("a/b.txt") -> counts
    digests: dict[str, str] = field(default_factory=dict)  # path in the folder -> `page_digest` of what was written
    options: dict[str, object] = field(default_factory=dict)  # how pages were grouped into sites (site_by, eras)

    def folder_counts(self, folder: str) -> SiteCounts | None:
        """The counts the plan gave most of the pages of `folder` ("." for the top), for a page it does not know."""
        return self._by_folder.get(folder)

    @cached_property
    def _by_folder(self) -> dict[str, SiteCounts]:  # of a loaded plan; one pass over its pages
        tally: dict[str, Counter] = {}
        for page, counts in self.pages.items():
            tally.setdefault(PurePosixPath(page).parent.as_posix(), Counter())[id(counts)] += 1
        by_id = {id(counts): counts for counts in self.pages.values()}
        return {folder: by_id[votes.most_common(1)[0][0]] for folder, votes in tally.items()}

    def save(self, path: Path) -> None:
        from .files import write_atomic

        keys: dict[int, str] = {}
        sites: dict[str, SiteCounts] = {}
        table: dict[str, str] = {}
        for page, counts in sorted(self.pages.items()):
            if id(counts) not in keys:
                keys[id(counts)] = f"#{len(keys) + 1}"
                sites[keys[id(counts)]] = counts
            table[page] = keys[id(counts)]
        data = {**SiteProfile(sites).to_json(), "pages": table, "digests": dict(sorted(self.digests.items())),
                "options": self.options}
        write_atomic(Path(path), (json.dumps(data, separators=(",", ":")) + "\n").encode("utf-8"))

    @classmethod
    def find(cls, folder: Path, options: dict[str, object], strict: bool = True) -> "Plan | None":
        """The plan an earlier run with these grouping `options` left in `folder` (`PLAN_FILE`), or None:
        none there, or one counted with other options. A plan file that cannot be read is a `ProfileError`
        when `strict` (a run about to clean with it must not guess), else None (a run about to write
        its own plan there replaces it)."""
        where = Path(folder) / PLAN_FILE
        if not where.is_file():
            return None
        try:
            plan = cls.load(where)
        except ProfileError:
            if strict:
                raise
            return None
        return plan if plan.options == options else None

    @classmethod
    def load(cls, path: Path) -> "Plan":
        profile = SiteProfile.load(path)
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
            pages = {str(page): profile.sites[key] for page, key in data["pages"].items()}
            digests = {str(page): str(value) for page, value in data.get("digests", {}).items()}
            options = dict(data.get("options", {}))
            return cls(pages, digests, options)
        except (KeyError, TypeError, AttributeError, ValueError) as e:
            raise ProfileError(f"{path}: not the site plan of a cleanpress run (its 'pages' name no site: {e}); "
                               "remove it to count the folder again") from None


def page_hasher():
    """The hash a plan keeps of a page's bytes (fed piece by piece): the one definition of it."""
    return hashlib.blake2b(digest_size=16)


def page_digest(data: bytes) -> str:
    """What a plan keeps of a page's bytes, to know it is the page the plan was written for."""
    digest = page_hasher()
    digest.update(data)
    return digest.hexdigest()


def file_digest(path: Path) -> str | None:
    """`page_digest` of a file's bytes, read in chunks; None when it cannot be read."""
    digest = page_hasher()
    try:
        with open(path, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


# --- which site a page belongs to ------------------------------------------------

SITE_BY = ("folder", "host", "none")
_URL_LINE_PREFIXES = ("url:", "source:", "link:")


def host_of(text: str) -> str | None:
    """The host named by a page's first non-blank line when it is 'URL: https://host/...'.

    Also accepts 'Source:' and 'Link:' as the label, or a bare URL on the first line.
    The host is lower-cased, without port and without a leading 'www.'.
    """
    from urllib.parse import urlsplit

    for raw in NEWLINE.split(text, maxsplit=20):
        line = raw.strip()
        if not line:
            continue
        low = line.casefold()
        for prefix in _URL_LINE_PREFIXES:
            if low.startswith(prefix):
                line = line[len(prefix):].strip()
                break
        if " " in line or "://" not in line:
            return None
        host = (urlsplit(line).hostname or "").lower()
        return host.removeprefix("www.") or None
    return None


def folder_key(relative: Path, root: Path) -> str:
    """The site of a page by folder: its folder relative to the folder given on the command line.

    A page directly in the given folder (or a single file) takes that folder's
    own name, so learning `scraped/` (pages in `scraped/example.com/`) and
    cleaning `scraped/example.com/new.txt` agree on the key `example.com`.
    """
    rel = relative.parent.as_posix()
    if rel in ("", "."):
        return Path(os.path.abspath(root)).name or "."
    return rel


def site_key(relative: Path, root: Path, text: str, site_by: str) -> str | None:
    """The site a page belongs to under `site_by` (folder, host or none); None when unknown."""
    if site_by == "none":
        return None
    if site_by == "host":
        return host_of(text)
    return folder_key(relative, root)


def group_by_site(items: Iterable[tuple[object, str | None]]) -> Iterator[tuple[str, list]]:
    """(item, site) pairs -> (site, items) groups in sorted site order; items without a site are skipped."""
    groups: dict[str, list] = {}
    for item, site in items:
        if site is not None:
            groups.setdefault(site, []).append(item)
    for site in sorted(groups):
        yield site, groups[site]
