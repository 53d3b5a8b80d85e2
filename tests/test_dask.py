"""cleanpress.dask on a real distributed cluster gives the command line's texts, byte for byte.

One `distributed.LocalCluster` (two worker processes) serves the whole module: it takes
seconds to start. The single-machine reference is the real CLI (`cleanpress clean DIR -o OUT`,
`cleanpress learn`), run in-process with Click's runner.
"""
from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

pytest.importorskip("dask")
pytest.importorskip("distributed")

import dask.bag as db  # noqa: E402
from click.testing import CliRunner  # noqa: E402
from distributed import Client, LocalCluster  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from cleanpress import Cleaner, SiteProfile, files, site  # noqa: E402
from cleanpress import dask as cpdask  # noqa: E402
from cleanpress.cli import main  # noqa: E402

FIXTURE_SITES = Path(__file__).parent.parent / "fixtures" / "sites"

WORDS = ("harbour council budget ferry museum winter repairs market school river bridge library "
         "festival engineers residents weather station garden orchestra volunteers tide quay "
         "lantern mayor report contract timber harvest choir painters ledger").split()


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(12, 20))]
    return " ".join(words).capitalize() + "."


def _page(rng: random.Random, host: str, template: tuple[list[str], list[str]]) -> str:
    head, foot = template
    body = [_sentence(rng) for _ in range(rng.randint(3, 6))]
    return "\n".join([f"URL: https://www.{host}/{rng.randrange(10**6)}", *head, "", *body, "", *foot]) + "\n"


def _template(name: str, n: int) -> tuple[list[str], list[str]]:
    head = [f"{name} Home", f"{name} News", f"{name} Sport", "Search", f"Menu of {name}"][:n]
    foot = [f"© {name} Media Group", f"About {name}", f"Contact the {name} desk", f"Jobs at {name}"]
    return head, foot


def make_sites(root: Path) -> Path:
    """A crawl folder with what the folder run has to get right: eras, odd pages, small sites."""
    rng = random.Random(6)
    # Two designs of one site (a redesign): eras of 12 and 4 pages. The new design's lines are on
    # 25 % of the site's pages, under MIN_SHARE: only its era's counts make them template.
    for i in range(16):
        design = _template("Rivertown Post", 5) if i < 12 else _template("The Rivertown", 4)
        (root / "rivertown.example").mkdir(parents=True, exist_ok=True)
        (root / "rivertown.example" / f"p{i:02d}.txt").write_text(_page(rng, "rivertown.example", design))
    # One design plus a page sharing no template (cleaned with the whole site's counts).
    (root / "hilltop.example").mkdir()
    for i in range(7):
        (root / "hilltop.example" / f"h{i}.txt").write_text(
            _page(rng, "hilltop.example", _template("Hilltop Herald", 3)))
    (root / "hilltop.example" / "odd.txt").write_text(_page(rng, "hilltop.example", ([], [])))
    # Under MIN_PAGES: nothing is template.
    (root / "tiny.example").mkdir()
    for i in range(3):
        (root / "tiny.example" / f"t{i}.txt").write_text(_page(rng, "tiny.example", _template("Tiny", 2)))
    # A page directly in the folder given: its site is the folder's own name.
    (root / "loose.txt").write_text(_page(rng, "loose.example", _template("Loose", 2)))
    return root


def records(root: Path, site_by: str = "folder") -> list[dict]:
    """The pages the CLI would read from `root`, as records keyed the way the CLI keys them."""
    out = []
    for source in files.discover([root], "*.txt"):
        text = files.read(source.path).text
        out.append({"path": source.relative.as_posix(), "text": text,
                    "site": site.site_key(source.relative, source.root, text, site_by)})
    return out


def cli(*args: str) -> None:
    result = CliRunner().invoke(main, [*args, "-q"])
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def client():
    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None) as cluster, \
            Client(cluster) as c:
        yield c


@pytest.fixture(scope="module")
def crawl(tmp_path_factory) -> Path:
    return make_sites(tmp_path_factory.mktemp("crawl"))


def test_generated_crawl_exercises_eras(crawl, tmp_path):
    """The comparisons below would prove little if eras did not change the generated site's output."""
    pages = [site.page_fingerprints(r["text"]) for r in records(crawl) if r["site"] == "rivertown.example"]
    assert sorted(len(g) for g in site.eras(pages)) == [4, 12]
    cli("clean", str(crawl), "-o", str(tmp_path / "eras"))
    cli("clean", str(crawl), "-o", str(tmp_path / "no-eras"), "--no-eras")
    differ = [p.name for p in sorted((tmp_path / "eras" / "rivertown.example").iterdir())
              if p.read_bytes() != (tmp_path / "no-eras" / "rivertown.example" / p.name).read_bytes()]
    assert differ == ["p12.txt", "p13.txt", "p14.txt", "p15.txt"]


@pytest.mark.parametrize("npartitions", [1, 2, 5])
@pytest.mark.parametrize("folder", ["fixtures", "generated"])
def test_cluster_clean_is_byte_identical_to_the_cli(client, crawl, tmp_path, folder, npartitions):
    root = FIXTURE_SITES if folder == "fixtures" else crawl
    cli("clean", str(root), "-o", str(tmp_path / "cli"))
    pages = records(root)
    cleaned = client.compute(cpdask.clean(db.from_sequence(pages, npartitions=npartitions))).result()
    assert [r["path"] for r in cleaned] == [r["path"] for r in pages]  # records come back in order
    for record in cleaned:
        assert record["text"].encode("utf-8") == (tmp_path / "cli" / record["path"]).read_bytes(), record["path"]
    assert any(r["text"] != p["text"] for r, p in zip(cleaned, pages))  # the template was removed


@pytest.mark.parametrize("npartitions", [1, 5])
def test_site_key_function_and_no_eras_match_the_cli(client, crawl, tmp_path, npartitions):
    """--site-by host --no-eras, with the site taken from the record by a function."""
    cli("clean", str(crawl), "-o", str(tmp_path / "cli"), "--site-by", "host", "--no-eras")
    pages = [{k: v for k, v in r.items() if k != "site"} for r in records(crawl)]
    bag = cpdask.clean(db.from_sequence(pages, npartitions=npartitions),
                       site=lambda record: site.host_of(record["text"]), split_eras=False)
    for record in client.compute(bag).result():
        assert record["text"].encode("utf-8") == (tmp_path / "cli" / record["path"]).read_bytes(), record["path"]


@pytest.mark.parametrize("npartitions", [1, 2, 5])
def test_learned_profile_is_the_file_cleanpress_learn_writes(client, crawl, tmp_path, npartitions):
    cli("learn", str(crawl), "-o", str(tmp_path / "cli.json"))
    profile = client.compute(cpdask.learn(db.from_sequence(records(crawl), npartitions=npartitions))).result()
    profile.save(tmp_path / "dask.json")
    assert (tmp_path / "dask.json").read_bytes() == (tmp_path / "cli.json").read_bytes()
    assert SiteProfile.load(tmp_path / "dask.json").get("rivertown.example").pages == 16


def test_clean_with_a_profile_and_options_matches_cli_profile(client, crawl, tmp_path):
    cli("learn", str(crawl), "-o", str(tmp_path / "site.json"))
    cli("clean", str(crawl), "-o", str(tmp_path / "cli"), "--profile", str(tmp_path / "site.json"),
        "--skip", "page-structure")
    bag = cpdask.clean(db.from_sequence(records(crawl), npartitions=3), profile=SiteProfile.load(tmp_path / "site.json"),
                       cleaner=Cleaner(skip=["page-structure"]))
    for record in client.compute(bag).result():
        assert record["text"].encode("utf-8") == (tmp_path / "cli" / record["path"]).read_bytes(), record["path"]


def test_records_without_a_site_are_cleaned_on_their_own(client):
    text = "Share\nThe council met on Monday to discuss the budget for the harbour.\n"
    bag = cpdask.clean(db.from_sequence([{"text": text, "site": None}] * 5, npartitions=2))
    assert [r["text"] for r in client.compute(bag).result()] == [Cleaner().clean(text)] * 5


# --- the era plan against site.page_stats, on many generated sites (no cluster: the sync scheduler) ---

LINES = [f"line {c}" for c in "abcdefghijklmnop"]
pages_strategy = st.lists(st.tuples(st.sampled_from(["a", "b", None]),
                                    st.lists(st.sampled_from(LINES), min_size=1, max_size=10)),
                          min_size=1, max_size=30)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pages=pages_strategy, npartitions=st.integers(1, 4), split_eras=st.booleans())
def test_plan_gives_every_page_the_counts_page_stats_gives_it(pages, npartitions, split_eras):
    texts = [(key, "\n".join(lines) + "\n") for key, lines in pages]
    expected = site.page_stats([(i, key, text) for i, (key, text) in enumerate(texts)], split_eras)
    bag = db.from_sequence([{"site": key, "text": text} for key, text in texts], npartitions=npartitions)
    plans = cpdask.plan(bag, split_eras=split_eras).compute(scheduler="sync")
    for i, (key, text) in enumerate(texts):
        got = plans[key].counts_for(text) if key is not None else None
        assert got == expected.get(i)


def test_clean_with_kept_counts_is_a_projection(client, crawl, tmp_path):
    """Without a profile the second run counts the cleaned records and may remove more; with
    keep_counts the first run saves the counts and the second uses them: nothing changes."""
    raw = records(crawl)
    kept = tmp_path / "counts.json"
    once = client.compute(cpdask.clean(db.from_sequence(raw, npartitions=3), keep_counts=kept)).result()
    assert kept.is_file() and SiteProfile.load(kept).sites  # saved by the first run
    assert [r["text"] for r in once] != [r["text"] for r in raw]
    twice = client.compute(cpdask.clean(db.from_sequence(once, npartitions=2), keep_counts=kept)).result()
    assert twice == once
    with pytest.raises(ValueError, match="not both"):
        cpdask.clean(db.from_sequence(raw, npartitions=1), keep_counts=kept, profile=SiteProfile.load(kept))


def test_records_without_a_site_ignore_a_profile_of_one_site(client):
    template = "The Harbour Gazette is printed in Porthlow by the Quay Street Press every weekday.\n"
    raw = [{"site": "a.com", "text": template + f"Story {name} about the harbour, told at some length here.\n"}
           for name in ("one", "two", "three", "four", "five", "six")]
    lone = {"site": None, "text": template + "A page of no site, about the harbour and its boats.\n"}
    profile = client.compute(cpdask.learn(db.from_sequence(raw, npartitions=2))).result()
    for kwargs in ({"profile": profile}, {}):
        cleaned = client.compute(cpdask.clean(db.from_sequence(raw + [lone], npartitions=2), **kwargs)).result()
        assert cleaned[-1]["text"] == Cleaner().clean(lone["text"])  # on its own, as documented


def test_the_readme_dask_example_is_the_file_and_runs(tmp_path):
    root = Path(__file__).resolve().parent.parent
    example = (root / "examples" / "dask_example.py").read_text(encoding="utf-8")
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert "```python\n" + example + "```\n" in readme  # the README shows the file as it is
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "examples/dask_example.py", str(tmp_path)], cwd=root,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    cleaned = [json.loads(line) for part in sorted((tmp_path / "clean").glob("*.jsonl"))
               for line in part.read_text(encoding="utf-8").splitlines()]
    pages = sorted(p.name for p in (root / "fixtures/sites/harbour-gazette").glob("*.txt")
                   if not p.name.endswith(".expected.txt"))
    assert sorted(r["path"] for r in cleaned) == pages  # every page once, no expected output among them
    cleaner = Cleaner(profile=tmp_path / "counts.json")
    for record in cleaned:
        raw = (root / "fixtures/sites/harbour-gazette" / record["path"]).read_text(encoding="utf-8")
        assert record["text"] == cleaner.clean(raw, site="harbour-gazette")
    assert any(r["text"] != (root / "fixtures/sites/harbour-gazette" / r["path"]).read_text(encoding="utf-8")
               for r in cleaned)  # it cleaned something
