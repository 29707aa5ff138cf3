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
