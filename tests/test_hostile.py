r"""Hostile input: no built-in pattern backtracks catastrophically.

Every compiled pattern found in the cleanpress modules (module attributes,
and patterns kept in dicts or lists there), whether compiled with the `regex`
module or with the standard library's `re`, is run with `search`, `match` and
`findall` on long runs of near-matches. Each call gets the `regex` module's
`timeout=`: a generous 10 seconds, where a linear pattern needs milliseconds
and a catastrophic one needs minutes or more. So this is not a timing test: it
fails only on super-linear backtracking, which raises TimeoutError. A `re`
pattern is recompiled with `regex` (same source, same flags) to get the
timeout; both are backtracking engines, and the quadratic shapes found so far
(`\s*:?\s*$` after a word, `[...]+$` unanchored) were slow in both. (The
`_SEPARATOR_AFTER` patterns of related-headlines took minutes on
'a' * 100_000 + '!' before their token got a possessive `++`.)

The whole pipeline also runs on such lines; its speed on large inputs is
measured by benchmarks/large_inputs.py, not here.
"""
from __future__ import annotations

import importlib
import pkgutil
import re

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

import cleanpress

TIMEOUT = 10.0  # seconds per call; linear patterns need about 1/1000 of it on these inputs
N = 100_000


_RE_FLAGS = re.IGNORECASE | re.MULTILINE | re.DOTALL | re.VERBOSE  # same values in `regex`


def _patterns() -> dict[str, regex.Pattern]:
    found: dict[str, regex.Pattern] = {}

    def walk(obj, name: str, depth: int = 0) -> None:
        if isinstance(obj, regex.Pattern):
            found.setdefault(name, obj)
        elif isinstance(obj, re.Pattern):  # the stdlib engine has no timeout: the same pattern in `regex`
            found.setdefault(name, regex.compile(obj.pattern, obj.flags & _RE_FLAGS))
        elif isinstance(obj, dict) and depth < 2:
            for key, value in obj.items():
                walk(value, f"{name}[{key!r}]", depth + 1)
        elif isinstance(obj, (list, tuple)) and depth < 2:
            for i, value in enumerate(obj):
                walk(value, f"{name}[{i}]", depth + 1)

    for info in pkgutil.walk_packages(cleanpress.__path__, "cleanpress."):
        try:
            module = importlib.import_module(info.name)
        except ImportError as e:  # an integration whose extra is not installed (scrapy, dask)
            if e.name is None or e.name.startswith("cleanpress"):
                raise
            OPTIONAL_MODULES_MISSING.append(info.name)
            continue
        for key, value in vars(module).items():
            walk(value, f"{info.name}.{key}")
    return found


OPTIONAL_MODULES_MISSING: list[str] = []  # their patterns are checked where their extras are installed (.ci/run)
PATTERNS = _patterns()
STDLIB_PATTERNS = {  # found by their source module, to check that the walk sees `re` patterns at all
    "cleanpress.model.TOKEN", "cleanpress.line_model.SIGNATURE", "cleanpress.line_model.SENTENCE_MARK",
    "cleanpress.files._CONTROLS", "cleanpress.jsonl._WS",
}

NEAR_MATCHES = {
    "spaces then a letter": " " * N + "x",
    "letters then punctuation": "a" * N + "!",
    "colons": ":" * N,
    "word colon": "a:" * N,
    "dots and spaces": ". " * N + "x",
    "words and a bar": "ab " * N + "|",
    "digits and commas": "1," * N + "x",
    "dashes then a letter": "-" * N + "a",
    "dangling fragments": "in ," * (N // 4),
    "no-break spaces": "\u00a0" * N + "x",
    "says": "Jane says " * (N // 10),
    "times": "5:12 " * (N // 5) + "pm x",
    "copyright": "(c) " * (N // 4) + "19",
    "separators": "Read also " * (N // 10) + "x",
    "headline words": "Word " * (N // 5),
    "comment counts": "12 comments on " * (N // 15) + "x",
    # One word, then a long run that almost ends the line the way a pattern wants.
    "said then spaces": "said" + " " * N + "x",
    "says colon then spaces": "Jane says:" + " " * N + "x",
    "a dit then spaces": "Marie a dit" + " " * N + ":x",
    "time then spaces": "at 5:12" + " " * N + "x",
    "time pm then spaces": "5:12 pm" + " " * N + "x",
    "reply then spaces": "Reply" + " " * N + "x",
    "photo by then spaces": "Photo by" + " " * N + "x",
    "photo by then words": "Photo by " + "ann on " * (N // 7) + "Unsplas",
    "comments then spaces": "12 Comments" + " " * N + "x",
    "word then punctuation": "Share" + ".,;:!?-" * (N // 7) + "x",
    "word then no-break spaces": "Share" + "\u00a0 " * (N // 2) + "x",
    "spaces and colons": " :" * (N // 2) + "x",
    "tabs then a letter": "\t" * N + "x",
    "punctuation and spaces": "- " * (N // 2) + "x",
    "symbols then a letter": "»|·" * (N // 3) + "x",
    "sentence marks": ".!?" * (N // 3) + "x",
    "quotes": "\"'”" * (N // 3) + "x",
    "carriage returns": "\r" * N + "x",
    "blank lines": "\r\n" * (N // 2) + "x",
    # Words of the lexicon, over and over.
    "says words": "says said wrote sagt " * (N // 20),
    "comment nouns": "comments replies Kommentare " * (N // 28),
    "copyright words": "Copyright (c) © " * (N // 16) + "x",
    "credit labels": "Photo: Foto: " * (N // 13),
    "interface words": "Share Tweet Email Print " * (N // 24) + "x",
    "dates": "March 3, 2020 at " * (N // 17) + "x",
    # Combining marks: inside words, on their own, after emoji.
    "letters and marks": "a\u0301" * (N // 2) + "!",
    "marks then a letter": "\u0301" * N + "x",
    "emoji and selectors": "➡\ufe0f " * (N // 3) + "x",
    "devanagari words": "हिन्दी " * (N // 7) + ":",
}


def test_patterns_are_found():
    # The walk must see the lexicon-built patterns too, or the test below proves little.
    names = " ".join(PATTERNS)
    assert len(PATTERNS) >= 15, names
    for expected in ("related_headlines._SEPARATOR_AFTER", "comment_widgets.THREAD_CUE", "shapes._EDGE_PUNCT"):
        assert expected in names
    assert STDLIB_PATTERNS <= set(PATTERNS), sorted(STDLIB_PATTERNS - set(PATTERNS))


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_no_catastrophic_backtracking(name):
    pattern = PATTERNS[name]
    for label, text in NEAR_MATCHES.items():
        subject = text.encode() if isinstance(pattern.pattern, bytes) else text
        try:
            pattern.search(subject, timeout=TIMEOUT)
            pattern.match(subject, timeout=TIMEOUT)
            pattern.findall(subject, timeout=TIMEOUT)
        except TimeoutError:  # pragma: no cover - the failure this test exists for
            pytest.fail(f"{name} backtracks on {label!r} ({len(text)} characters)")


@pytest.mark.parametrize("label", sorted(k for k, v in NEAR_MATCHES.items() if "\n" not in v and "\r" not in v))
def test_pipeline_on_a_hostile_line(label):
    # One enormous line between two sentences: the pipeline gets through it, the sentences stay,
    # and the hostile line is kept or dropped whole (it may be 'x', an interface word, padded).
    text = NEAR_MATCHES[label]
    prose = ["The council met on Monday to discuss the budget for the coming year.",
             "The vote is on Friday, the mayor said after the meeting in the town hall."]
    page = f"{prose[0]}\n{text}\n{prose[1]}\n"
    result = cleanpress.clean_and_explain(page)
    assert result.text in (page, f"{prose[0]}\n{prose[1]}\n")
    assert (result.text == page) == (not result.drops)


# The patterns as they were before they were made linear, to show that the linear ones match the same.
_says = cleanpress.lexicon.alternation(cleanpress.lexicon.COMMENT_SAYS)
OLD_FORMS = {
    "cleanpress.shapes._EDGE_PUNCT": regex.compile(r"^[\p{P}\p{S}\p{Z}\s]+|[\p{P}\p{S}\p{Z}\s]+$"),
    "cleanpress.passes.comment_widgets.THREAD_CUE": regex.compile(
        rf"^.{{1,60}}?\s(?:{_says})\s*:?\s*$"
        rf"|^(?:reply|antworten|répondre|responder|rispondi|beantwoorden|log in to reply)\s*[↓»]?$"
        r"|\b\d{1,2}:\d{2}\s*(?:am|pm)?\s*$"
        r"|^(?:on\s+)?\p{L}+\s+\d{1,2},?\s+\d{4}\s+(?:at|um|à|a las|alle|às|om)\s+\d",
        regex.IGNORECASE,
    ),
    **{f"cleanpress.passes.media_credits._AFTER_LABEL[{n}]":
       regex.compile(r"^\W*(?:[^\W_]++\W*?){%d}\s*[:©|/]" % n) for n in range(1, 4)},
    **{f"cleanpress.passes.related_headlines._SEPARATOR_AFTER[{n}]":
       regex.compile(r"^[^\p{L}\p{N}]*(?:[\p{L}\p{N}][\p{L}\p{M}\p{N}]*+[^\p{L}\p{N}:»›|>–—]*?){%d}\s*[:»›|>–—]\s*\S" % n)
       for n in range(1, 12)},
}
# Pieces that each pattern above cares about: words, digits, times, the separators, every kind of
# space (no-break space, line separator U+2028, tab, newline), punctuation, symbols, `_`, and
# combining marks (an accent on its own, an emoji's variation selector).
PIECES = ("a", "says", "a dit", "pm", "Reply", "5:12", "2020", " ", "  ", "\u00a0", "\u2028", "\t",
          "\n", ":", ".", "_", "|", "»", "©", "↓", "\u0301", "\ufe0f")


def _same(old: regex.Pattern, new: regex.Pattern, text: str) -> None:
    def spans(pattern):
        m, s = pattern.match(text), pattern.search(text)
        return (m and m.span(), s and s.span(), pattern.sub("", text))
    assert spans(old) == spans(new), text


def _strings(name: str):
    """Every string of up to 3 pieces, after the words a pattern wants first and before a last word."""
    n = int(name[name.rindex("[") + 1 : -1]) if name.endswith("]") else 1  # the n of _AFTER_LABEL[n]
    middles = [""]
    layer = [""]
    for _ in range(3):
        layer = [s + p for s in layer for p in PIECES]
        middles.extend(layer)
    for prefix in ("", "Jo " * (n - 1), "Jo\u00a0-" * (n - 1)):
        for suffix in ("", "x"):
            for middle in middles:
                yield prefix + middle + suffix


@pytest.mark.parametrize("name", sorted(OLD_FORMS))
def test_the_linear_form_matches_what_the_old_form_matched(name):
    # Exhaustive over every string of up to 3 pieces (8,421), with 0 or n-1 words before them and a
    # letter or nothing after (50k strings), then longer random ones.
    old, new = OLD_FORMS[name], PATTERNS[name]
    assert old.pattern != new.pattern
    for text in _strings(name):
        _same(old, new, text)


@pytest.mark.parametrize("name", sorted(OLD_FORMS))
@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES) | st.text(max_size=3), max_size=12).map("".join))
def test_the_linear_form_matches_what_the_old_form_matched_on_random_lines(name, text):
    _same(OLD_FORMS[name], PATTERNS[name], text)
