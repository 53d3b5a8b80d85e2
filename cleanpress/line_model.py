"""A line's chance of being article text, from shallow features of the line and its neighbours.

The features are the ones the field uses on text blocks (boilerpipe's shallow
text features, jusText's stopword density and context), computed on lines of
plain text: length, stopword share in the page's language, sentence marks,
capitals, digits, separators, the classes of the lines around, where the
line sits against the best-scoring region of prose, and how many of its
words the page's prose also uses. The model is a set of boosted trees fitted
by `scripts/train_line_model.py` on every labelled page of the bench, in
every text shape scrapers write (see docs/quality.md); they are data, shipped
as `line_model.json`, and the features are computed here for both training
and cleaning, so the two cannot drift apart.

Two more models come in the same file: the *page-kind model* tells an
extractor's output from a whole page's text (`PAGE_KIND_FEATURES`, one row a
page), and the *extracted model* rates the lines of a text read as an
extractor's output, fitted on such texts alone.

A page among its site's template (three or more of its lines on half of the
site's pages) is rated by the *site model*: the same trees, continued by
trees fitted on such pages alone, which also see `template_gap`, the template
lines between a line and the article. A reader comment sits under
"Comments" and a signature or two; an article paragraph does not. Kept
apart so the evidence of site pages does not spend splits that serve single
pages and extracted text (docs/site-level.md).
"""
from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, chain
from pathlib import Path

import re

import regex

from . import lexicon
from .model import Line
from .shapes import is_headline_like

MODEL_PATH = Path(__file__).with_name("line_model.json")
SENTENCE_MARK = re.compile(r"[.!?。！？…](?=\s|$|[\"”»’)])")
# A reader comment's signature (lexicon.COMMENT_SAYS and the rest): "Posted by: Ann at November 9,
# 2012 9:56 AM", "Max sagt:", "Reply".
SIGNATURE = re.compile(
    rf"\b\d{{1,2}}:\d{{2}}\b|\b(?:{lexicon.alternation(lexicon.COMMENT_SAYS)})\s*(?::\s*)?$"
    rf"|^(?:{lexicon.alternation(lexicon.COMMENT_POSTED_BY + lexicon.COMMENT_REPLY)})\b",
    re.IGNORECASE,
)
MAX_SIGNATURE_WORDS = 20
INTERFACE = lexicon.PhraseIndex.of(lexicon.INTERFACE_WORDS)
BOILERPLATE = lexicon.PhraseIndex(
    lexicon.phrases(lexicon.SUBSCRIBE_STRONG) + lexicon.phrases(lexicon.LEGAL_STRONG)
    + lexicon.phrases(lexicon.COMMENT_WIDGET_STRONG) + lexicon.phrases(lexicon.RELATED_MARKERS)
)
SEPARATOR = re.compile(r"[|·•»›/\\–—]")
WINDOW = 3
MIN_TOPIC_CHARS = 4
_UNSPACED_SCRIPT = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}]")
HEAD_TAIL_SHARE = 0.1

FEATURES: tuple[str, ...] = (
    "log_chars", "words", "stop", "has_stoplist", "ends_sentence", "ends_colon", "marks_per_word",
    "commas_per_word", "numeric_share", "title_case_share", "all_caps", "starts_lower", "separators",
    "headline_like", "cls_good", "cls_neargood", "cls_short", "cls_bad", "title_list", "position",
    "repeated", "ctx_stop", "ctx_good", "ctx_bad", "prev_log_chars", "next_log_chars", "in_region",
    "region_distance", "prose_after", "prose_before", "prose_middle", "prose_head", "prose_tail",
    "own_prose_share", "page_prose_share", "page_short_share",
    "site_share", "site_known", "site_template_density",
    "signature", "signatures_before", "signatures_after",
    "interface_share", "boilerplate_phrase", "topic_overlap",
    "dropped_above", "dropped_below",
    "code_share", "list_item", "table_row", "joined", "page_joined_share",
)
SITE_FEATURES: tuple[str, ...] = FEATURES + ("template_gap",)  # the site model's; rows always hold them all
MAX_TEMPLATE_GAP = 5
MAX_DROPPED_RUN = 5


@dataclass(frozen=True)
class LineView:
    """What the feature function needs to know about one line (built by page-structure)."""

    line: Line
    cls: str  # good / neargood / short / bad / list
    stop: float
    in_region: bool
    region_distance: int  # lines to the nearest region, 0 inside
    site_share: float = -1.0  # share of the site's pages holding this line; -1 when no site is known
    template_gap: int = -1  # site template lines between this line and the article; -1 off a site template
    dropped_above: int = 0  # lines earlier passes dropped between the previous live line and this one
    dropped_below: int = 0  # and between this line and the next


def page_features(views: Sequence[LineView], has_stoplist: bool, template_density: float = 0.0):
    """One feature row per line, in `SITE_FEATURES` order: an array of shape (lines, features).

    `template_density`: the share of the page's lines that recur on half of its
    site's pages (0 without a site): tells the model whether `site_share` means
    anything (a folder of unrelated pages gives every line a share near 0).

    Computed a column at a time (`column[name]`, one per feature) with numpy;
    window sums come from prefix sums added up line by line in float, as a
    plain loop would, so every value is the same to the last bit.
    """
    import numpy as np

    n = len(views)
    if not n:
        return np.empty((0, len(SITE_FEATURES)))
    cls = [v.cls for v in views]
    chars = np.array([len(v.line.text) for v in views], dtype=np.int64)
    prose = np.where([c in ("good", "neargood") for c in cls], chars, 0)
    keys = Counter(v.line.key for v in views)
    own = dict(zip(OWN_FEATURES, np.array([_own(v.line) for v in views], dtype=np.float64).T))
    site_share = np.array([v.site_share for v in views], dtype=np.float64)
    column = {
        **own, **_window_columns(views, cls, chars, own), **_prose_columns(views, cls, chars, prose),
        "has_stoplist": float(has_stoplist),
        "cls_neargood": [c == "neargood" for c in cls],
        "cls_short": [c == "short" for c in cls],
        "cls_bad": [c == "bad" for c in cls],
        "title_list": [c == "list" for c in cls],
        "position": np.arange(n) / n,
        "repeated": [keys[v.line.key] > 1 for v in views],
        "in_region": [v.in_region for v in views],
        "region_distance": np.minimum([v.region_distance for v in views], 50) / 50,
        "page_short_share": cls.count("short") / n,
        "site_share": site_share,
        "site_known": site_share >= 0,
        "site_template_density": template_density,
        "page_joined_share": float(own["joined"].mean()),
        "dropped_above": [min(v.dropped_above, MAX_DROPPED_RUN) / MAX_DROPPED_RUN for v in views],
        "dropped_below": [min(v.dropped_below, MAX_DROPPED_RUN) / MAX_DROPPED_RUN for v in views],
        "template_gap": [min(v.template_gap, MAX_TEMPLATE_GAP) / MAX_TEMPLATE_GAP if v.template_gap >= 0 else -1.0
                         for v in views],
    }
    rows = np.empty((n, len(SITE_FEATURES)), dtype=np.float64)
    for k, name in enumerate(SITE_FEATURES):
        rows[:, k] = column[name]
    return rows


def _prefix(values) -> "np.ndarray":
    """0.0, then each partial sum, added one value at a time (as a plain loop would, to the last bit)."""
    import numpy as np

    return np.fromiter(accumulate(values.tolist(), initial=0.0), dtype=np.float64, count=len(values) + 1)


def _window_columns(views: Sequence[LineView], cls: list[str], chars, own: dict) -> dict:
    """The columns of a line's neighbours: the `WINDOW` lines either side, the lines next to it, the
    comment signatures above and below it."""
    import numpy as np

    n = len(views)
    stop = np.array([v.stop for v in views], dtype=np.float64)
    stop_chars = stop * chars
    good = np.array([c == "good" for c in cls], dtype=np.float64)
    bad = np.array([c in ("bad", "list") for c in cls], dtype=np.float64)
    sum_chars, sum_stop, sum_good, sum_bad = _prefix(chars), _prefix(stop_chars), _prefix(good), _prefix(bad)
    sum_sig = _prefix(own["signature"])
    i = np.arange(n)
    lo, hi = np.maximum(0, i - WINDOW), np.minimum(n, i + WINDOW + 1)
    around_chars = sum_chars[hi] - sum_chars[lo] - chars
    around_chars[around_chars == 0] = 1
    return {
        "stop": stop, "cls_good": good,
        "ctx_stop": (sum_stop[hi] - sum_stop[lo] - stop_chars) / around_chars,
        "ctx_good": (sum_good[hi] - sum_good[lo] - good) / (2 * WINDOW),
        "ctx_bad": (sum_bad[hi] - sum_bad[lo] - bad) / (2 * WINDOW),
        "prev_log_chars": np.concatenate(([0.0], own["log_chars"][:-1])),
        "next_log_chars": np.concatenate((own["log_chars"][1:], [0.0])),
        "signatures_before": np.minimum(sum_sig[:-1], 5) / 5,
        "signatures_after": np.minimum(sum_sig[n] - sum_sig[1:], 5) / 5,
    }


def _prose_columns(views: Sequence[LineView], cls: list[str], chars, prose) -> dict:
    """The columns of where a line sits against the page's prose, and how much of its topic it shares."""
    import numpy as np

    total_prose = int(prose.sum()) or 1
    before = prose.cumsum() - prose  # prose characters above the line
    after = total_prose - before - prose
    return {
        "prose_after": after / total_prose,
        "prose_before": before / total_prose,
        "prose_middle": 2 * np.minimum(before, after) / total_prose,  # deep inside the prose
        "prose_head": before < HEAD_TAIL_SHARE * total_prose,  # before most of the page's prose
        "prose_tail": after < HEAD_TAIL_SHARE * total_prose,  # after it
        "own_prose_share": prose / total_prose,
        "page_prose_share": int(prose.sum()) / (int(chars.sum()) or 1),
        "topic_overlap": _topic_overlap(views, (prose > 0).tolist()),
    }


PAGE_KIND_FEATURES: tuple[str, ...] = (
    "log_lines", "short_share", "prose_share", "bad_share", "title_list_share", "sentence_share",
    "interface_share", "boilerplate_share", "head_short_share", "head_interface_share", "tail_short_share",
    "tail_interface_share", "joined_share", "list_item_share", "table_row_share", "dropped_share", "mean_log_chars",
)
HEAD_LINES = 10  # the head and the tail of a page: where a full page's menus and footers sit


def page_kind_features(views: Sequence[LineView], dropped_share: float) -> list[float]:
    """What tells an extractor's output from a whole page's text, in `PAGE_KIND_FEATURES` order.

    A page as a scraper dumps it opens with a menu and closes with a footer (short lines,
    interface words), and precise passes find much to drop in it (`dropped_share`: the
    share of its non-blank lines they took); an extractor's output opens with a title or
    the first paragraph.
    """
    n = len(views)
    own = dict(zip(OWN_FEATURES, zip(*(_own(v.line) for v in views)))) if views else dict.fromkeys(OWN_FEATURES, ())
    chars = [len(v.line.text) for v in views]
    head, tail = slice(0, HEAD_LINES), slice(max(0, n - HEAD_LINES), n)

    def share(values, part=slice(None)) -> float:
        values = list(values)[part]
        return sum(values) / len(values) if values else 0.0

    short = [v.cls == "short" for v in views]
    interface = [value >= 0.5 for value in own["interface_share"]]
    return [
        math.log1p(n) / 8, share(short),
        sum(c for c, v in zip(chars, views) if v.cls in ("good", "neargood")) / (sum(chars) or 1),
        share(v.cls == "bad" for v in views), share(v.cls == "list" for v in views),
        share(own["ends_sentence"]), share(interface), share(own["boilerplate_phrase"]),
        share(short, head), share(interface, head), share(short, tail), share(interface, tail),
        share(own["joined"]), share(own["list_item"]), share(own["table_row"]),
        dropped_share, share(own["log_chars"]),
    ]


def _topic_words(line: Line) -> frozenset[str]:
    """What the line is about, roughly: its words of 4+ characters that are not numbers.

    Scripts written without spaces between words (Chinese, Japanese, Thai...) and Korean,
    whose words carry their particles, give runs of characters that no other line repeats;
    there the character pairs of each run stand in for words.
    """
    cached = line.__dict__.get("_topic_words")
    if cached is None:
        tokens = line.tokens
        if line.text.isascii() or not _UNSPACED_SCRIPT.search(line.text):
            cached = frozenset(t for t in tokens if len(t) >= MIN_TOPIC_CHARS and not t.isdigit())
        else:
            words = set()
            for t in tokens:
                if _UNSPACED_SCRIPT.search(t):
                    words.update(t[k : k + 2] for k in range(len(t) - 1))
                elif len(t) >= MIN_TOPIC_CHARS and not t.isdigit():
                    words.add(t)
            cached = frozenset(words)
        line.__dict__["_topic_words"] = cached
    return cached


def _topic_overlap(views: Sequence[LineView], is_prose: list[bool]) -> list[float]:
    """Share of a line's words that the page's prose (other lines) also uses; -1 for a line without such words.

    A subheading, a caption or a table row shares words with the article around it;
    a menu entry, a newsletter box or a teaser for another story mostly does not.
    """
    words = [_topic_words(view.line) for view in views]
    in_prose: Counter[str] = Counter(chain.from_iterable(w for w, prose in zip(words, is_prose) if prose))
    anywhere = set(in_prose)  # a line that is not prose: any prose line counts
    elsewhere = {w for w, lines in in_prose.items() if lines > 1}  # a prose line: another one must use the word
    return [len(w & (elsewhere if prose else anywhere)) / len(w) if w else -1.0 for w, prose in zip(words, is_prose)]


OWN_FEATURES: tuple[str, ...] = (
    "log_chars", "words", "ends_sentence", "ends_colon", "marks_per_word", "commas_per_word", "numeric_share",
    "title_case_share", "all_caps", "starts_lower", "separators", "headline_like", "signature",
    "interface_share", "boilerplate_phrase", "code_share", "list_item", "table_row", "joined",
)  # the features of a line alone, in `_own`'s order
_CODE = frozenset("{}()[];=<>$\\")  # a line of script, style or markup, not of prose
_WITHOUT_CODE = dict.fromkeys(map(ord, _CODE))  # str.translate drops those characters (counted in C)
LIST_MARK = regex.compile(r"(?:[-*+•–·▪◦]|\d{1,3}[.)])\s")  # "- item", "* item", "+ sub-item", "1. item"


def _own(line: Line) -> tuple[float, ...]:
    """The features of a line alone (`OWN_FEATURES`), computed once per line (lines outlive a cleaning round)."""
    cached = line.__dict__.get("_own_features")
    if cached is not None:
        return cached
    text, tokens = line.text, line.tokens
    nt = len(tokens) or 1
    initials = [w[0] for w in text.split()]
    alpha = sum(map(str.isalpha, initials)) or 1
    own = (
        math.log1p(len(text)) / 6,
        min(nt, 100) / 100,
        float(line.ends_sentence),
        float(text.endswith(":")),
        min(len(SENTENCE_MARK.findall(text)) / nt, 1.0),
        min(text.count(",") / nt, 1.0),
        sum(map(str.isdigit, tokens)) / nt,
        sum(map(str.isupper, initials)) / alpha,
        float(text.isupper()),
        float(text[:1].islower()),
        min(len(SEPARATOR.findall(text)), 5) / 5,
        float(is_headline_like(line, min_words=2)),
        float(line.n_words <= MAX_SIGNATURE_WORDS and bool(SIGNATURE.search(text))),
        INTERFACE.covered(tokens) / nt,
        float(BOILERPLATE.search(tokens) is not None),
        (len(text) - len(text.translate(_WITHOUT_CODE))) / (len(text) or 1),
        float(LIST_MARK.match(text) is not None),
        float(text.startswith("|") and text.count("|") >= 2),
        float("\n" in line.raw or "\r" in line.raw),  # text nodes of one sentence (`model.join_text_nodes`)
    )
    line.__dict__["_own_features"] = own
    return own


CHUNK_ROWS = 4096  # rows whose splits are decided at once (`LineModel.logits`)


class LineModel:
    """Gradient-boosted decision trees over the features, evaluated for all lines of a page at once.

    Each tree is stored as flat node arrays (feature, threshold, left, right,
    value, leaf); a line goes left when its feature is <= the threshold. The
    score is the baseline plus the leaf values of every tree, as a log-odds.

    For evaluation every tree is laid out as a complete binary tree of the
    model's depth (node p has children 2p+1 and 2p+2; a leaf above the last
    level is copied down both ways), so all trees descend in step with a few
    array operations per level and no leaf test.
    """

    def __init__(self, data: dict) -> None:
        import numpy as np

        if tuple(data["features"]) not in (FEATURES, SITE_FEATURES, PAGE_KIND_FEATURES):
            raise ValueError("line model was trained on other features; retrain it (scripts/train_line_model.py)")
        trees = data["trees"]
        size = max(len(t["value"]) for t in trees)
        self._depth = int(data.get("max_depth", size))
        self.baseline = float(data["baseline"])
        self.info = {k: v for k, v in data.items() if k != "trees"}
        inner = 2 ** self._depth - 1  # internal slots per tree; the leaves are the next 2 ** depth slots
        feature = np.zeros((len(trees), inner), dtype=np.intp)
        threshold = np.zeros((len(trees), inner), dtype=np.float64)
        value = np.zeros((len(trees), inner + 1), dtype=np.float64)
        for k, t in enumerate(trees):
            stack = [(0, 0, 0)]  # (node, slot, level)
            while stack:
                node, slot, level = stack.pop()
                if level == self._depth:  # where the descent stops, leaf or not
                    value[k, slot - inner] = t["value"][node]
                elif t["leaf"][node]:  # a leaf above the last level: the same leaf either way
                    stack += [(node, 2 * slot + 1, level + 1), (node, 2 * slot + 2, level + 1)]
                else:
                    feature[k, slot], threshold[k, slot] = t["feature"][node], t["threshold"][node]
                    stack += [(t["left"][node], 2 * slot + 1, level + 1), (t["right"][node], 2 * slot + 2, level + 1)]
        # Trees share many splits (a yes/no feature has one threshold): each distinct split is decided once.
        splits = sorted(set(zip(feature.ravel().tolist(), threshold.ravel().tolist())))
        number = {split: i for i, split in enumerate(splits)}
        self._split_feature = np.array([f for f, _ in splits], dtype=np.intp)
        self._split_threshold = np.array([t for _, t in splits], dtype=np.float64)
        self._split = np.array([number[s] for s in zip(feature.ravel().tolist(), threshold.ravel().tolist())],
                               dtype=np.intp)  # tree k's slot p is at k * inner + p
        self._value = value.ravel()  # tree k's leaf j is at k * (inner + 1) + j
        self._tree_slot = np.arange(len(trees), dtype=np.intp) * inner
        self._tree_leaf = np.arange(len(trees), dtype=np.intp) * (inner + 1) - inner

    def probabilities(self, rows) -> list[float]:
        """The article likelihood of each row (a sequence of rows, or an array of shape (lines, features))."""
        import numpy as np

        if not len(rows):
            return []
        logit = self.logits(rows)
        return (1 / (1 + np.exp(-np.clip(logit, -30, 30)))).tolist()

    def logits(self, rows) -> "np.ndarray":
        """The model's log-odds of each row: the baseline plus one leaf value per tree.

        Rows are taken `CHUNK_ROWS` at a time: deciding every split for every row at once costs
        a byte per row and split, and a page of a million lines would need gigabytes for it.
        """
        import numpy as np

        x = np.asarray(rows, dtype=np.float64)
        if len(x) > CHUNK_ROWS:
            return np.concatenate([self._logits(x[k : k + CHUNK_ROWS]) for k in range(0, len(x), CHUNK_ROWS)])
        return self._logits(x)

    def _logits(self, x) -> "np.ndarray":
        import numpy as np

        # Every distinct split decided for every line at once, C order for the flat indexing below.
        left = np.ascontiguousarray(x[:, self._split_feature] <= self._split_threshold)
        line = (np.arange(len(x), dtype=np.intp) * len(self._split_feature))[:, None]
        slot = np.zeros((len(x), len(self._tree_slot)), dtype=np.intp)
        for _ in range(self._depth):  # left child 2p+1, right child 2p+2
            slot = 2 * slot + 2 - left.take(line + self._split.take(self._tree_slot + slot))
        return self.baseline + self._value.take(slot + self._tree_leaf).sum(axis=1)


@lru_cache(maxsize=1)
def _shipped() -> dict | None:
    try:
        return json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None


@dataclass(frozen=True)
class Models:
    """The models of one model file: lines of a page, lines of a page among its site's template, page kind."""

    page: LineModel | None
    site: LineModel | None
    page_kind: LineModel | None
    extracted: LineModel | None = None  # lines of a text read as an extractor's output

    @classmethod
    def of(cls, data: dict | None) -> "Models":
        if data is None:
            return cls(None, None, None)
        return cls(LineModel(data), LineModel(site_model_data(data)) if "site_model" in data else None,
                   LineModel(data["page_kind"]) if "page_kind" in data else None,
                   LineModel(data["extracted_model"]) if "extracted_model" in data else None)


_in_use: list[Models] = []  # models set by `using`, in place of the shipped ones


@lru_cache(maxsize=1)
def _shipped_models() -> Models:
    return Models.of(_shipped())


def models() -> Models:
    """The models cleaning uses: the shipped ones, or those set by `using`."""
    return _in_use[-1] if _in_use else _shipped_models()


@contextmanager
def using(data: dict) -> Iterator[None]:
    """Clean with the models of this model file's data instead of the shipped ones (held-out evaluation
    in scripts/crossval_line_model.py: each page is cleaned by a model that never saw its site)."""
    _in_use.append(Models.of(data))
    try:
        yield
    finally:
        _in_use.pop()


def load() -> LineModel | None:
    """The page model, or None when there is none (page-structure then uses its rules alone)."""
    return models().page


def load_site() -> LineModel | None:
    """The site model (for pages among a site template), or None when the file has none."""
    return models().site


def load_extracted() -> LineModel | None:
    """The model of lines in a text read as an extractor's output, or None (the page model rates them then)."""
    return models().extracted


def load_page_kind() -> LineModel | None:
    """The page-kind model (the likelihood that a text is an extractor's output), or None."""
    return models().page_kind


def site_model_data(data: dict) -> dict:
    """The site model of a model file: its page model's trees, then the trees under "site_model"
    (which holds only those added trees, their features and where they were fitted)."""
    added = data["site_model"]
    page = {k: v for k, v in data.items() if k not in ("site_model", "page_kind", "extracted_model")}
    return {**page, **added, "trees": data["trees"] + added["trees"]}
