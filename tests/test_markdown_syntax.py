"""The wiki's Markdown syntax: wiki links and Pandoc citations are recognised, with file positions."""

from __future__ import annotations

import pickle

from markdown_it.rules_core.normalize import normalize as markdown_it_normalize

from generator.markdown.dialect import anchor_slug, make_markdown, parse_body

MD = make_markdown()


def parse(body: str, first_line: int = 1):
    return parse_body(MD, body, "a.md", first_line)


def test_wiki_links_in_all_their_forms():
    parsed = parse("[[a]] [[b|Bee]] [[c#part]] [[d#part|Dee]]")
    assert [(l.target, l.anchor, l.text) for l in parsed.links] == [
        ("a", None, None), ("b", None, "Bee"), ("c", "part", None), ("d", "part", "Dee")]


def test_a_wiki_link_inside_a_table_uses_an_escaped_pipe():
    parsed = parse("| x |\n|---|\n| [[a\\|text]] |\n")
    assert [(l.target, l.text) for l in parsed.links] == [("a", "text")]


def test_positions_count_from_the_first_body_line_of_the_file():
    parsed = parse("First paragraph.\n\nSecond one with [[target]] here.\n", first_line=10)
    assert (parsed.links[0].line, parsed.links[0].column) == (12, 17)


def test_bracketed_narrative_and_grouped_citations_with_locators():
    parsed = parse("As @doe2020 shows [see @roe2021, p. 12; @poe2019].")
    first, second = parsed.citations
    assert first.narrative and first.items[0]["key"] == "doe2020"
    assert not second.narrative
    assert [(i["key"], i["locator"], i["prefix"]) for i in second.items] == [
        ("roe2021", "p. 12", "see"), ("poe2019", None, "")]


def test_email_addresses_and_ordinary_links_are_not_citations():
    parsed = parse("Write to editor@example.org or read [the @ sign](https://example.org).")
    assert parsed.citations == []


def test_headings_get_predictable_anchors():
    parsed = parse("## Definition and scope\n\n### K·C framing (illustrative)\n")
    assert [h.anchor for h in parsed.headings] == ["definition-and-scope", "k-c-framing-illustrative"]
    assert anchor_slug("EU AI Act: Art. 51(2)") == "eu-ai-act-art-51-2"


def test_line_endings_and_nul_are_normalised_as_markdown_it_does():
    body = "# Title\r\n\r\nOne\rtwo\r\nthree\n\n\x00 and \r\r\n [[a\x00b]]\r"
    ours = MD.render(body)
    reference = make_markdown([lambda md: md.core.ruler.at("normalize", markdown_it_normalize)])
    assert ours == reference.render(body)
    assert "\r" not in ours and "\x00" not in ours and "\ufffd" in ours


def test_links_citations_and_headings_come_back_from_pickle_unchanged():
    parsed = parse("## Scope\n\nSee [[b#part|Bee]] and [see @roe2021, p. 12] as @doe2020 says.\n", first_line=5)
    records = (parsed.links, parsed.citations, parsed.headings)
    assert all(records)
    assert pickle.loads(pickle.dumps(records, protocol=pickle.HIGHEST_PROTOCOL)) == records
