"""HTML input: extract a page's text with trafilatura, tuned for recall, then let the passes clean it.

trafilatura finds the article's region from the HTML tree; used for recall it
keeps more of the article and also more leftovers (share bars, related
headlines, comment prompts, disclaimers) that the passes then remove by
name. docs/html.md has the measurements behind the settings.
"""
from __future__ import annotations

import regex

HTML_SUFFIXES = (".html", ".htm")

# Comments are never the article; tables are (figures, recipes); links, images and formatting marks
# are not text. favor_recall is off: on the dev set it kept fewer article snippets (0.949 against
# 0.956) and removed less boilerplate (0.881 against 0.894) than trafilatura's balanced mode.
SETTINGS = dict(include_comments=False, include_tables=True, include_links=False, include_images=False,
                include_formatting=False, deduplicate=False, output_format="txt")

# On text trafilatura extracted, the article's region is already found from the HTML tree: the passes
# that find it again from text alone only cost article text (docs/html.md). Unless the configuration
# says otherwise (`only`, or the option set), HTML pages skip them.
SKIP_PASSES = ("page-structure",)
PASS_OPTIONS = {"related-headlines": {"trailing_run": False}}

_SNIFF = regex.compile(r"\A\s*(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])",
                       regex.IGNORECASE | regex.DOTALL)
_TAGS = regex.compile(r"<(?:html|head|body|div|p|meta|title|script)[\s>/]", regex.IGNORECASE)


def is_html_path(name: str) -> bool:
    return name.lower().endswith(HTML_SUFFIXES)


def looks_like_html(text: str) -> bool:
    """Does this text (stdin) look like an HTML page rather than scraped text?

    Yes when it starts with a doctype or an <html>, <head> or <body> tag, or
    when its first 2000 characters hold 3 or more of the usual page tags.
    """
    head = text[:2000]
    return bool(_SNIFF.match(head)) or len(_TAGS.findall(head)) >= 3


_LONE_SURROGATE = regex.compile("[\ud800-\udfff]")
HTML_STRAY_BYTES = "bytes that are not UTF-8 were read as U+FFFD (\ufffd) in the text extracted from the HTML"


def extract(html: str) -> str:
    """The text of an HTML page as trafilatura extracts it with SETTINGS ('' when it finds none)."""
    import trafilatura  # imported late: it costs ~0.3 s and text input never needs it

    # A byte that was not UTF-8 is kept in the text as a lone surrogate (`files.decode`); the
    # HTML parser stops at one, and the rest of the page would be lost: it is read as U+FFFD.
    text = trafilatura.extract(_LONE_SURROGATE.sub("\ufffd", html), **SETTINGS)
    return text + "\n" if text else ""
