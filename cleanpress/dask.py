"""Site-level learning and cleaning on Dask: what `cleanpress clean DIR -o OUT` does, on a cluster.

    import json
    import dask.bag as db
    from cleanpress import dask as cpdask

    pages = db.read_text("shards/*.jsonl").map(json.loads)   # records: {"site": ..., "text": ..., ...}
    cpdask.learn(pages).compute().save("site.json")          # a profile in `cleanpress learn`'s format
    cpdask.clean(pages).map(json.dumps).to_textfiles("clean/*.jsonl")

Records are dicts with a text field and a site key (a field name, or a
function of the record; records whose site is None are cleaned on their own,
like pages that have no site on the command line). `clean` gives each page
the same counts as a folder run gives it, template eras included, so for the
same pages the texts are identical to the command line's whatever the number
of partitions or workers. It is a plain Dask graph made of
`cleanpress.site`'s map and reduce:

1. the counts of each site: `Bag.foldby` of `SiteCounts.add` per partition,
   `site.merge` in a tree (this is also `learn`);
2. eras, computed per site from aggregates instead of every page's
   fingerprints: each page's *signature* (its lines found on at least
   `site.ERA_MIN_PAGES` pages of the site) is counted per site (`foldby` again,
   pages with the same signature collapse into one entry), the era leaders
   are found from those counts on a worker (`site.era_leaders`), and the
   counts of each era of two pages or more are a third `foldby` keyed by
   (site, era);
3. the result of 1 and 2 (a `site.SitePlan` per site: counts, not pages) is one
   Dask object passed to every partition's cleaning task; Dask moves it to
   the workers.

These are the steps of `site.plan_site`, which plans a folder's or a JSONL
feed's sites from fingerprints held in memory (`site.era_lines`,
`site.signature`, `site.era_leaders`, `site.era_sizes`, `SitePlan.era`): the
same functions, run here as folds over partitions.

Memory: a worker holds the plans of all sites (the distinct lines of every
site, once for the site and once more for its eras), never a site's pages.
Each stage reads the records again from their source.
"""
from __future__ import annotations

import dataclasses
import operator
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from functools import partial
from pathlib import Path

import dask
import dask.bag as db

from . import site as site_level
from .cleaner import Cleaner
from .site import SiteCounts, SiteProfile

__all__ = ["learn", "clean", "plan", "SitePlan"]

SiteKey = str | Callable[[Mapping], "str | None"]


SitePlan = site_level.SitePlan  # what a page of one site is cleaned with: the folder run's plan, from aggregates


# --- records ---------------------------------------------------------------------

def _site_of(record: Mapping, site: SiteKey) -> str | None:
    return site(record) if callable(site) else record.get(site)


def _has_site(record: Mapping, site: SiteKey) -> bool:
    return _site_of(record, site) is not None


def _as_bag(records) -> db.Bag:
    if isinstance(records, db.Bag):
        return records
    if hasattr(records, "to_bag"):  # a Dask DataFrame: one dict per row
        return records.to_bag(index=False, format="dict")
    raise TypeError(f"expected a dask.bag.Bag of records or a Dask DataFrame, not {type(records).__name__}")


# --- phase one: counts per site (map: SiteCounts.add, reduce: site.merge) -----------

def _add_page(total: SiteCounts, record: Mapping, text: str) -> SiteCounts:
    total.add(site_level.page_fingerprints(record[text]))
    return total


def site_counts(records, *, text: str = "text", site: SiteKey = "site", split_every: int | None = None) -> db.Bag:
    """A bag of (site, SiteCounts): per-partition counting, then a tree merge (`Bag.foldby`)."""
    return (_as_bag(records).filter(partial(_has_site, site=site))
            .foldby(partial(_site_of, site=site), partial(_add_page, text=text), SiteCounts,
                    combine=site_level.merge, combine_initial=SiteCounts, split_every=split_every))


def learn(records, *, text: str = "text", site: SiteKey = "site", split_every: int | None = None):
    """A Dask Delayed of the `SiteProfile` of these records (`.compute()`, then `.save(path)`).

    The same counts as `cleanpress learn` on the same pages grouped into the
    same sites, in the same format, so `cleanpress clean --profile`, the
    pre-commit hook and `Cleaner(profile=...)` can use it.
    """
    return dask.delayed(_profile)(site_counts(records, text=text, site=site, split_every=split_every))


def _profile(pairs: Iterable[tuple[str, SiteCounts]]) -> SiteProfile:
    return SiteProfile(dict(pairs))


# --- phase one and a half: template eras per site, from aggregates -------------------

def _era_lines(pairs: Iterable[tuple[str, SiteCounts]], split_eras: bool) -> dict[str, frozenset[int]]:
    """Per site split into eras, the fingerprints that can be in a signature (`site.era_lines`)."""
    found = {key: site_level.era_lines(counts, split_eras) for key, counts in pairs}
    return {key: lines for key, lines in found.items() if lines is not None}


def _signature(record: Mapping, lines: Mapping[str, frozenset[int]], text: str, site: SiteKey):
    """(site, signature) for a page of a site split into eras, else None."""
    key = _site_of(record, site)
    if key not in lines:
        return None
    return key, site_level.signature(site_level.page_fingerprints(record[text]), lines[key])


def _count_signature(total: Counter, pair: tuple[str, frozenset[int]]) -> Counter:
    total[pair[1]] += 1
    return total


def _leaders(pair: tuple[str, Counter]) -> tuple[str, SitePlan]:
    """On a worker: a site's era leaders, with an empty counts for each era of two pages or more
    (what `site.plan_site` does with the pages at hand)."""
    key, signatures = pair
    leaders = site_level.era_leaders(signatures)
    eras = [SiteCounts() if size >= 2 else None for size in site_level.era_sizes(signatures, leaders)]
    return key, SitePlan(SiteCounts(), leaders=leaders, eras=eras)


def _era_page(record: Mapping, lines: Mapping, leaders: Mapping[str, SitePlan], text: str, site: SiteKey):
    """((site, era), fingerprints) for a page in an era of two pages or more, else None."""
    key = _site_of(record, site)
    if key not in leaders:
        return None
    fingerprints = site_level.page_fingerprints(record[text])
    era = dataclasses.replace(leaders[key], lines=lines[key]).era(fingerprints)
    return ((key, era), fingerprints) if era is not None else None


def _is_not_none(item) -> bool:
    return item is not None


def _add_fingerprints(total: SiteCounts, pair: tuple) -> SiteCounts:
    total.add(pair[1])
    return total


def _plans(counts: Iterable[tuple[str, SiteCounts]], lines: Mapping[str, frozenset[int]],
           leaders: Mapping[str, SitePlan], era_counts: Iterable[tuple[tuple[str, int], SiteCounts]]
           ) -> dict[str, SitePlan]:
    plans = {key: SitePlan(c) for key, c in counts}
    for key, found in leaders.items():
        plans[key] = SitePlan(plans[key].counts, lines[key], found.leaders, [None] * len(found.leaders))
    for (key, era), c in era_counts:
        plans[key].eras[era] = c
    return plans


def plan(records, *, text: str = "text", site: SiteKey = "site", split_eras: bool = True,
         split_every: int | None = None):
    """A Dask Delayed of {site: SitePlan}: the counts each page of each site is cleaned with."""
    bag = _as_bag(records).filter(partial(_has_site, site=site))
    counts = site_counts(bag, text=text, site=site, split_every=split_every)
    lines = dask.delayed(_era_lines)(counts, split_eras)
    signatures = (bag.map(_signature, lines, text, site).filter(_is_not_none)
                  .foldby(operator.itemgetter(0), _count_signature, Counter,
                          combine=operator.add, combine_initial=Counter, split_every=split_every))
    leaders = dask.delayed(dict)(signatures.map(_leaders))
    era_counts = (bag.map(_era_page, lines, leaders, text, site).filter(_is_not_none)
                  .foldby(operator.itemgetter(0), _add_fingerprints, SiteCounts,
                          combine=site_level.merge, combine_initial=SiteCounts, split_every=split_every))
    return dask.delayed(_plans)(counts, lines, leaders, era_counts)


# --- phase two: clean each page with its counts ---------------------------------------

def _clean_partition(records: Iterable[Mapping], plans: Mapping[str, SitePlan] | None,
                     profile: SiteProfile | None, cleaner: Cleaner, text: str, site: SiteKey) -> list[dict]:
    out = []
    for record in records:
        page = record[text]
        key = _site_of(record, site)
        if profile is not None:  # a record without a site is cleaned on its own, whatever the profile holds
            counts = profile.lookup(key) if key is not None else None
        else:
            found = plans.get(key) if key is not None else None
            counts = found.counts_for(page) if found is not None else None
        out.append({**record, text: cleaner.clean(page, site=counts)})
    return out


def clean(records, *, text: str = "text", site: SiteKey = "site", cleaner: Cleaner | None = None,
          profile: SiteProfile | None = None, split_eras: bool = True, split_every: int | None = None,
          keep_counts: str | Path | None = None) -> db.Bag:
    """A bag of the records with their `text` field cleaned; the other fields are kept.

    Without `profile`, the records are counted per site first (with template
    eras unless `split_eras=False`, like `--no-eras`) and each page is cleaned
    with its site's (or era's) counts: the texts are those of `cleanpress clean
    DIR -o OUT` on the same pages in the same sites. With `profile` (a
    `SiteProfile`, e.g. from `learn`), nothing is counted: each page is cleaned
    with the profile's counts for its site (`SiteProfile.lookup`), like
    `--profile`. `cleaner` carries the configuration (default: every pass,
    default options); it is sent to the workers with the plans.

    Counted again, cleaned records give other counts, so cleaning the result
    a second time without a profile may remove more. `keep_counts=PATH` makes
    the run repeatable, as the command line's plan file does: when PATH does
    not exist, the records are counted per site (`learn`, no eras), the
    profile is saved there, and the pages are cleaned with it; when it
    exists, it is the profile. The same call on the output then changes
    nothing (docs/safety.md). It computes the counts when called.
    """
    if keep_counts is not None:
        if profile is not None:
            raise ValueError("give profile= or keep_counts=, not both")
        kept = Path(keep_counts)
        if kept.exists():
            profile = SiteProfile.load(kept)
        else:
            profile = learn(records, text=text, site=site, split_every=split_every).compute()
            profile.save(kept)
    bag = _as_bag(records)
    cleaner = cleaner if cleaner is not None else Cleaner()
    plans = None if profile is not None else plan(bag, text=text, site=site, split_eras=split_eras,
                                                  split_every=split_every)
    # One Dask object each for the plans, the profile and the cleaner: Dask sends each to every
    # worker that cleans a partition, once, instead of copying it into every task.
    return bag.map_partitions(_clean_partition, plans, dask.delayed(profile), dask.delayed(cleaner), text, site)
