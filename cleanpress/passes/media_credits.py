"""Image and source credits: a short line that is a credit label and a name ("Foto: dpa", "Photo: Getty Images", "Bildquelle: SWR", "Crédit photo : AFP", "Photo by Ann Lee on Unsplash").

The label must open the line and be followed by a colon, a copyright sign or
a vertical bar, and what follows must be short and not a sentence; or the
line is the attribution a stock-photo library hands out ("Photo by X on
Unsplash", "Image by X from Pixabay"). Keeps:
captions that describe the picture in a sentence ("Photo: The mayor opens
the bridge on Monday."), "Source" inside prose, and long lines.
"""
from __future__ import annotations

from collections.abc import Iterator

import regex

from .. import lexicon
from ..model import Document, Drop

NAME = "media-credits"
LINE_LOCAL = True  # each line judged alone: not run again in later rounds (pipeline._run_page)

LABELS = lexicon.PhraseIndex.of(lexicon.MEDIA_CREDIT_LABELS)
# The separator right after the label's n-th token. No `\s*` before the separator: `\W*?` already
# takes spaces, and the two together split a long run of spaces every way (quadratic).
_AFTER_LABEL = {
    n: regex.compile(r"^\W*(?:[^\W_]++\W*?){%d}[:©|/]" % n) for n in range(1, 4)
}
MAX_CREDIT_WORDS = 8  # words after the label
# The attribution line stock-photo libraries hand out to copy under a picture: "Photo by Ann Lee on
# Unsplash", "Photo by Ann Lee from Pexels", "Image by annlee from Pixabay", "Bild von annlee auf Pixabay".
# Possessive quantifiers and whole words: "Photo by" and a long run of spaces must not be split
# every way between the separators and the name (quadratic; tests/test_hostile.py).
STOCK_ATTRIBUTION = regex.compile(
    r"^\W*+(?:photo|image|picture|foto|bild|photographie|imagen|immagine)\s++(?:by|von|de|par|di|door)\s++"
    r"(?:\S++\s++){1,10}?(?:on|from|via|auf|von|bei|sur|de|en|su|da|op)\s++(?:unsplash|pexels|pixabay)(?:\.com)?\W*+$",
    regex.IGNORECASE,
)
MAX_ATTRIBUTION_WORDS = 14


def run(doc: Document, context: object) -> Iterator[Drop]:
    for line in doc.live():
        if line.n_words <= MAX_ATTRIBUTION_WORDS and STOCK_ATTRIBUTION.match(line.text):
            yield Drop(line.number, line.number, NAME, f"stock photo attribution: {line.text[:50]!r}")
            continue
        n_label = LABELS.match_prefix(line.tokens)
        if not n_label or n_label not in _AFTER_LABEL:
            continue
        rest = line.n_words - n_label
        if rest > MAX_CREDIT_WORDS or (line.text.endswith(".") and rest > 3):
            continue
        if _AFTER_LABEL[n_label].match(line.text):
            yield Drop(line.number, line.number, NAME, f"image or source credit: {line.text[:50]!r}")
