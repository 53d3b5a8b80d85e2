"""Hostile input: no built-in pattern backtracks catastrophically.

Every compiled `regex` pattern found in the cleanpress modules (module
attributes, and patterns kept in dicts or lists there) is run with `search`,
`match` and `findall` on long runs of near-matches. Each call gets the
`regex` module's `timeout=`: a generous 10 seconds, where a linear pattern
needs milliseconds and a catastrophic one needs minutes or more. So this is
not a timing test: it fails only on super-linear backtracking, which
raises TimeoutError. (The `_SEPARATOR_AFTER` patterns of related-headlines
took minutes on 'a' * 100_000 + '!' before their token got a possessive `++`.)

The whole pipeline also runs on such lines; its speed on large inputs is
measured by benchmarks/large_inputs.py, not here.
"""
from __future__ import annotations

import importlib
import pkgutil

import pytest
import regex

import cleanpress

TIMEOUT = 10.0  # seconds per call; linear patterns need about 1/1000 of it on these inputs
N = 100_000


def _patterns() -> dict[str, regex.Pattern]:
    found: dict[str, regex.Pattern] = {}

    def walk(obj, name: str, depth: int = 0) -> None:
        if isinstance(obj, regex.Pattern):
            found.setdefault(name, obj)
        elif isinstance(obj, dict) and depth < 2:
            for key, value in obj.items():
                walk(value, f"{name}[{key!r}]", depth + 1)
        elif isinstance(obj, (list, tuple)) and depth < 2:
            for i, value in enumerate(obj):
                walk(value, f"{name}[{i}]", depth + 1)

    for info in pkgutil.walk_packages(cleanpress.__path__, "cleanpress."):
        module = importlib.import_module(info.name)
        for key, value in vars(module).items():
            walk(value, f"{info.name}.{key}")
    return found


PATTERNS = _patterns()

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
}


def test_patterns_are_found():
    # The walk must see the lexicon-built patterns too, or the test below proves little.
    names = " ".join(PATTERNS)
    assert len(PATTERNS) >= 15, names
    for expected in ("related_headlines._SEPARATOR_AFTER", "comment_widgets.THREAD_CUE", "shapes._EDGE_PUNCT"):
        assert expected in names


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


@pytest.mark.parametrize("label", sorted(NEAR_MATCHES))
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
