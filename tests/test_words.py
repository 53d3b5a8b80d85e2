"""What a word is (`model.words`): the unit of every lexicon phrase, stoplist and feature.

Letters with combining marks must stay one word: Indic vowel signs, decomposed
accents (NFD text, as macOS writes it) and the dot of upper-case Turkish İ.
"""
from __future__ import annotations

import unicodedata
from pathlib import Path

import cleanpress
from cleanpress import stopwords
from cleanpress.lexicon import tokenize
from cleanpress.model import words

PAGE = Path(__file__).resolve().parent.parent / "fixtures" / "pages" / "de-blog-with-comments.txt"


def test_vowel_signs_stay_inside_their_word():
    assert words("हिन्दी भाषा में समाचार") == ["हिन्दी", "भाषा", "में", "समाचार"]
    assert words("করোনায় আরও ৩২ জনের মৃত্যু") == ["করোনায়", "আরও", "৩২", "জনের", "মৃত্যু"]
    assert words("தமிழ் செய்திகள்") == ["தமிழ்", "செய்திகள்"]


def test_decomposed_accents_are_composed():
    decomposed = unicodedata.normalize("NFD", "Später für Übermorgen")
    assert decomposed != "Später für Übermorgen"
    assert words(decomposed) == ["später", "für", "übermorgen"]


def test_turkish_capital_dotted_i_is_a_plain_i():
    assert words("İSTANBUL'DA İzmir") == ["istanbul", "da", "izmir"]
    assert tokenize("TÜM HAKLARI SAKLIDIR. İLETİŞİM") == ["tüm", "haklari", "saklidir", "iletişim"]
    assert words("İ\u0301STANBUL") == ["\u00edstanbul"]  # the dot goes before composing: í, not i + two marks


def test_emoji_selectors_and_keycaps_are_not_part_of_a_word():
    assert words("1\ufe0f\u20e3 First step ➡\ufe0f") == ["1", "first", "step"]
    assert words("Read also \u2728\ufe0f") == ["read", "also"]


def test_plain_text_is_cut_as_before():
    assert words("Share: this_page, 12 times!") == ["share", "this", "page", "12", "times"]
    assert words("") == []


def test_hindi_stopwords_are_found_and_the_language_guessed():
    line = "यह एक लंबा वाक्य है जो हिन्दी में लिखा गया है और इसमें कई सामान्य शब्द हैं जो भाषा को पहचानने में मदद करते हैं।"
    tokens = words(line)
    assert len(tokens) == 25  # cut at every vowel sign, it was 37 pieces
    assert sum(t in stopwords.stoplist("Hindi") for t in tokens) / len(tokens) >= 0.5  # it was 0.24
    assert stopwords.guess_language(tokens * 3) == "Hindi"


def test_a_decomposed_page_is_cleaned_as_its_composed_form():
    text = PAGE.read_text(encoding="utf-8")
    composed = cleanpress.clean_and_explain(unicodedata.normalize("NFC", text))
    decomposed = cleanpress.clean_and_explain(unicodedata.normalize("NFD", text))
    assert any(unicodedata.normalize("NFD", c) != c for c in text), "the page must hold accents"
    assert [(d.first, d.last, d.pass_name) for d in decomposed.drops] == \
        [(d.first, d.last, d.pass_name) for d in composed.drops]
    assert decomposed.text == unicodedata.normalize("NFD", composed.text)  # the input's bytes, not NFC


def test_stoplists_are_composed_like_the_words():
    for language in stopwords.languages():
        for word in stopwords.stoplist(language):
            assert unicodedata.is_normalized("NFC", word), (language, word)
    assert words("ѝ")[0] in stopwords.stoplist("Bulgarian")
