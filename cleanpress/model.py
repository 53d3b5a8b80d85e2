"""Plain data shared by the pipeline and the passes.

A page is split into lines once; every per-line feature a pass may need is
computed here, once, so passes stay cheap and agree on what a "word" is.
Passes never edit text: they return `Drop`s, and the pipeline applies them.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import re
import unicodedata

import regex

NEWLINE = regex.compile(r"\r\n|\r|\n")
LINE_WITH_END = regex.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")  # a line with its own ending
MAX_LINE_CHARS = 1_000_000  # a line this long is no line of a web page: kept as it is, never analysed
TOKEN = re.compile(r"[^\W_]+")  # runs of letters and digits (the stdlib engine is faster here)
# The same with combining marks inside a word: Devanagari, Bengali, Tamil or Thai vowel signs, Arabic
# and Hebrew points, decomposed accents. `\w` leaves marks out, and TOKEN cut "हिन्दी" into "ह", "न", "द".
_TOKEN_WITH_MARKS = regex.compile(r"[\p{L}\p{N}][\p{L}\p{M}\p{N}]*+")
_MARK = regex.compile(r"\p{M}")
_NOT_OF_A_WORD = regex.compile(r"[\p{Me}\uFE00-\uFE0F]")  # keycap frames, emoji variation selectors
SENTENCE_END = regex.compile(r"[.!?…。！？»\"”“’')\]]\s*$")
# `SENTENCE_END` on a stripped line is a test of its last character (its `\s` are all `str.isspace`,
# which `strip` removes): ten times cheaper than the regex search, on every line of every page.
SENTENCE_END_CHARS = frozenset(".!?…。！？»\"”“’')]")


@dataclass(frozen=True)
class Drop:
    """Lines `first`..`last` (1-based, inclusive, input numbering) removed by `pass_name`."""

    first: int
    last: int
    pass_name: str
    reason: str

    def lines(self) -> range:
        return range(self.first, self.last + 1)


class cached_property:
    """`functools.cached_property` without its lock: before Python 3.12 it takes one on every first
    access, a tenth of a page's cleaning time. A Line belongs to one cleaning call, never shared
    between threads, so there is nothing to lock against."""

    def __init__(self, fn) -> None:
        self.fn, self.name, self.__doc__ = fn, fn.__name__, fn.__doc__

    def __get__(self, obj, cls=None):
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.fn(obj)
        return value


class Line:
    """One input line with the features passes share, computed lazily and once.

    Two kinds of values live on a line besides its text: features of the line itself, cached in
    its `__dict__` (`cached_property`, and passes' own caches), which stay true whatever else the
    page holds; and `history`, what a pass learnt from the drops of earlier rounds around the line
    (page-structure: the runs of dropped lines next to it, the template lines between it and the
    article), which a fresh read of the same text would not know.
    """

    __slots__ = ("number", "input_number", "raw", "text", "history", "__dict__")

    def __init__(self, number: int, raw: str) -> None:
        self.number = number  # 1-based position among the page's lines (see `join_text_nodes`)
        self.input_number = number  # where the line starts in the input, for reasons that name lines (set by the pipeline)
        self.raw = raw  # the line as read, without its line ending
        self.history: dict[str, object] = {}  # what earlier rounds' drops told a pass about this line
        text = raw.strip()
        if "\n" in text or "\r" in text:  # text nodes of one sentence, read as one line
            text = " ".join("".join(NEWLINE.split(text)).split())
        self.text = text

    def __repr__(self) -> str:
        return f"Line({self.number}, {self.text!r})"

    def renumbered(self, number: int, history: bool = True) -> "Line":
        """The same line at another position, keeping the features already computed.

        Without `history`, what earlier rounds' drops told passes about the line is left behind:
        the line is then judged as the same text read afresh would be.
        """
        line = Line.__new__(Line)
        line.number, line.input_number, line.raw, line.text = number, self.input_number, self.raw, self.text
        line.history = dict(self.history) if history else {}
        line.__dict__.update(self.__dict__)
        return line

    @property
    def blank(self) -> bool:
        return not self.text

    @cached_property
    def tokens(self) -> list[str]:
        """Case-folded letter/digit runs, the unit lexicon phrases are matched on."""
        return words(self.text)

    @cached_property
    def token_key(self) -> str:
        """The line as its tokens joined by spaces: 'Share:' and 'SHARE' -> 'share'."""
        return " ".join(self.tokens)

    @cached_property
    def key(self) -> str:
        """Normalised fingerprint: case, digits and spacing do not matter."""
        return normalise_key(self.text)

    @cached_property
    def n_words(self) -> int:
        return len(self.tokens)

    @cached_property
    def ends_sentence(self) -> bool:
        return self.text[-1:] in SENTENCE_END_CHARS  # = bool(SENTENCE_END.search(self.text))



def words(text: str) -> list[str]:
    """Case-folded runs of letters and digits, the unit lexicon phrases and stoplists are matched on.

    A text with combining marks is first composed (NFC: a decomposed "fu\u0308r", as macOS writes
    it, is "für"), and the marks left stay inside their word; upper-case Turkish İ, which casefolds
    to "i" and a combining dot, is "i"; an emoji's variation selector and a keycap's frame belong to
    no word ("1️⃣" is "1"). Most lines have no mark: one search tells, and TOKEN does the rest at
    stdlib speed.
    """
    folded = text.casefold()
    if folded.isascii() or not _MARK.search(folded):
        return TOKEN.findall(folded)
    folded = _NOT_OF_A_WORD.sub("", folded.replace("i\u0307", "i"))
    return _TOKEN_WITH_MARKS.findall(unicodedata.normalize("NFC", folded))


_DIGITS = re.compile(r"\d+")  # \d is every Unicode decimal digit for str patterns


def normalise_key(text: str) -> str:
    """Case-folded, digits collapsed to 0, whitespace collapsed: a line's identity across pages."""
    return " ".join(_DIGITS.sub("0", text.casefold()).split())


_CLOSING = frozenset(".,;:!?)]}%»”’")  # a line starting with one of these goes on from the line before


def join_text_nodes(raw_lines: list[str]) -> list[str]:
    """Input lines (with their endings) grouped into the lines cleaning judges.

    A scraper that writes one text node a line (`//body//text()`, BeautifulSoup's
    `get_text("\n")`) cuts a sentence at every link in it: "people set ", "fall
    fitness", " goals.". The space before or after the cut shows it: an input line
    that ends with a space or tab after its text, and the line after it, are one line
    when the next line is not blank; so are a line and the next one when that one
    starts with one space and text, or with closing punctuation. Every other input
    line is a line of its own, as are all lines of text that has no such cuts.

    Each test reads one input line only, so the output of cleaning, whose lines are
    whole groups, falls into the same groups when it is read again.
    """
    groups: list[str] = []
    open_end = False
    for raw in raw_lines:
        line = raw.rstrip("\r\n")
        if not line.strip():
            groups.append(raw)
            open_end = False
            continue
        opens = line[0] in _CLOSING or (line[0] == " " and not line[1].isspace())
        if open_end or (opens and groups and groups[-1].strip()):
            groups[-1] += raw
        else:
            groups.append(raw)
        open_end = line[-1] in " \t"  # not blank: text comes before the space
    return groups


@dataclass
class Document:
    """A page as passes see it: its lines, plus the drops made by earlier passes."""

    lines: list[Line]
    dropped: set[int] = field(default_factory=set)  # line numbers already dropped

    @classmethod
    def from_lines(cls, raw_lines: list[str]) -> "Document":
        """From lines that still carry their endings (see pipeline.split_lines), one `Line` each."""
        return cls([Line(i, raw.rstrip("\r\n")) for i, raw in enumerate(raw_lines, 1)])

    @classmethod
    def from_text(cls, text: str) -> "Document":
        """A page as cleaning reads it: its lines, text nodes of one sentence joined (`join_text_nodes`)."""
        return cls.from_lines(join_text_nodes(LINE_WITH_END.findall(text)))

    def live(self) -> list[Line]:
        """Non-blank lines not yet dropped, in order."""
        return [line for line in self.lines if line.text and line.number not in self.dropped]

    def line(self, number: int) -> Line:
        return self.lines[number - 1]


@dataclass(frozen=True)
class Cleaned:
    """The result of cleaning: the output text and every drop that produced it."""

    text: str
    drops: tuple[Drop, ...]
    changed: bool  # the output differs from the input
    # Worth a look: the page emptied, most of its prose removed, or (starting with UNSETTLED) its rounds ran out.
    warnings: tuple[str, ...] = ()


UNSETTLED = "cleaning did not settle"  # opens the warning of a page still dropping lines when the rounds ran out


@dataclass(frozen=True)
class Option:
    """A setting a pass declares in its module's `OPTIONS`: default, meaning and allowed range.

    The type is the default's: a `bool` option takes true or false, an `int`
    option integers, a `float` option any number. `cleanpress.config`
    validates user values with `parse`.
    """

    default: bool | int | float | str
    help: str
    minimum: float | None = None
    maximum: float | None = None
    # For a text option: the values it takes, or a function giving them when they cost something
    # to find (stoplists' names): asked only when an option is shown or checked, never at import.
    choices: tuple[str, ...] | Callable[[], tuple[str, ...]] = ()

    def values(self) -> tuple[str, ...]:
        return self.choices() if callable(self.choices) else self.choices

    def allowed(self) -> str:
        if self.choices:
            return "one of " + ", ".join(self.values())
        if isinstance(self.default, bool):
            return "true or false"
        kind = "an integer" if isinstance(self.default, int) else "a number"
        if self.minimum is not None and self.maximum is not None:
            return f"{kind} from {self.minimum} to {self.maximum}"
        if self.minimum is not None:
            return f"{kind} >= {self.minimum}"
        if self.maximum is not None:
            return f"{kind} <= {self.maximum}"
        return kind

    def parse(self, value: object) -> int | float | str:
        """`value` (a TOML value, or a command-line string) as this option's type; ValueError if not allowed."""
        if self.choices:
            if not isinstance(value, str) or value not in self.values():
                raise ValueError(f"{value!r} is not {self.allowed()}")
            return value
        if isinstance(self.default, bool):
            if isinstance(value, str) and value.lower() in ("true", "false"):
                return value.lower() == "true"
            if not isinstance(value, bool):
                raise ValueError(f"{value!r} is not {self.allowed()}")
            return value
        if isinstance(value, str):
            try:
                value = int(value) if isinstance(self.default, int) else float(value)
            except ValueError:
                raise ValueError(f"{value!r} is not {self.allowed()}") from None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError(f"{value!r} is not {self.allowed()}")
        if isinstance(self.default, int) and not isinstance(value, int):
            raise ValueError(f"{value!r} is not {self.allowed()}")
        if (self.minimum is not None and value < self.minimum) or (self.maximum is not None and value > self.maximum):
            raise ValueError(f"{value!r} is not {self.allowed()}")
        return type(self.default)(value)
