"""The sentence around each wiki link (backlink context) is found once per paragraph for all its links
(generator/markdown/dialect.py `Sentences`), and must be exactly what `sentence_around` finds for each link alone."""

from __future__ import annotations

import itertools

from generator.markdown.dialect import Sentences, sentence_around

PARAGRAPHS = [
    "",
    "One [[a]] sentence only",
    "First [[a]]. Second [[b]]! Third? [[c]] ends here.",
    "Spaces  before. \n [[a]] starts a sentence. (Brackets) too.  [[b]]",
    "No break.after a dot. 9 starts one. \"Quoted\" one. 'Single' one. [[x]] and [[y]] share one.",
    "Ends with a break. ",
    ". [[a]]",
]


def test_each_links_sentence_is_the_same_found_once_per_paragraph():
    for paragraph in PARAGRAPHS:
        sentences = Sentences(paragraph)
        for offset in range(len(paragraph) + 1):  # every offset, not only where links start
            assert sentences.around(offset) == sentence_around(paragraph, offset), (paragraph, offset)


def test_short_paragraphs_of_every_mix_of_text_punctuation_and_space_agree():
    for letters in itertools.product("a.! [\n", repeat=6):
        paragraph = "".join(letters)
        sentences = Sentences(paragraph)
        for offset in range(len(paragraph) + 1):
            assert sentences.around(offset) == sentence_around(paragraph, offset), (paragraph, offset)


def test_abbreviations_before_a_number_or_name_do_not_end_a_backlink_quote():
    paragraph = ("Thresholds differ. The EU AI Act, Art. 51(2) presumes systemic risk above [[a]]. Compare sec. 4 "
                 "of [[b]], e.g. The order, and No. 5 of [[c]]. Snell et al. 2024 measured [[d]]. In the U.S. "
                 "Congress [[e]] stalled. See para. 12 of [[f]]. A new sentence about [[g]] ends here.")
    expected = {
        "[[a]]": "The EU AI Act, Art. 51(2) presumes systemic risk above [[a]].",
        "[[b]]": "Compare sec. 4 of [[b]], e.g. The order, and No. 5 of [[c]].",
        "[[d]]": "Snell et al. 2024 measured [[d]].",
        "[[e]]": "In the U.S. Congress [[e]] stalled.",
        "[[f]]": "See para. 12 of [[f]].",
        "[[g]]": "A new sentence about [[g]] ends here.",
    }
    sentences = Sentences(paragraph)
    for link, sentence in expected.items():
        offset = paragraph.index(link)
        assert sentence_around(paragraph, offset) == sentence
        assert sentences.around(offset) == sentence


def test_a_word_that_only_ends_like_an_abbreviation_still_ends_a_sentence():
    paragraph = "It is covered in Part. [[a]] is next. The Chart. [[b]] too."
    assert sentence_around(paragraph, paragraph.index("[[a]]")) == "[[a]] is next."
    assert sentence_around(paragraph, paragraph.index("[[b]]")) == "[[b]] too."
