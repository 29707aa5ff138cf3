"""`policywiki cite`: formats a .bib file's entries or an article's citation; bad input is one line, exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.cli import main

BIB = """% a comment mentioning @online
@book{russell2019,
  author = {Russell, Stuart}, title = {Human Compatible}, publisher = {Viking}, year = {2019}
}
@online{org,
  author = {{Some Org}}, title = {A Page}, organization = {Some Org}, url = {https://x.org/a_b}, urldate = {2026-07-09}
}
"""


@pytest.fixture
def bib(tmp_path: Path) -> Path:
    path = tmp_path / "refs.bib"
    path.write_text(BIB, encoding="utf-8")
    return path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["cite", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_formats_every_entry_in_file_order_by_default(bib, capsys) -> None:
    code, out, _ = run(capsys, "--bib", str(bib), "--style", "chicago")
    assert code == 0
    assert out.splitlines() == [
        "Russell, Stuart. 2019. Human Compatible. Viking.",
        "Some Org. n.d. “A Page.” Some Org. Accessed July 9, 2026. https://x.org/a_b.",
    ]


def test_formats_only_the_keys_given(bib, capsys) -> None:
    _, out, _ = run(capsys, "--bib", str(bib), "russell2019")
    assert out == "Russell, S. (2019). Human compatible. Viking.\n"


def test_json_has_the_oracle_shape(bib, capsys) -> None:
    _, out, _ = run(capsys, "--bib", str(bib), "--style", "oscola", "--json", "russell2019")
    assert json.loads(out) == {"entries": [{
        "id": "russell2019",
        "text": "Russell S, Human Compatible (Viking 2019)",
        "html": "Russell S, <i>Human Compatible</i> (Viking 2019)",
        "cite_text": "Stuart Russell, Human Compatible (Viking 2019).",
    }]}


@pytest.mark.parametrize(("style", "start"), [("bibtex", "@book{russell2019,"), ("ris", "TY  - BOOK"),
                                              ("csl-json", "[")])
def test_export_formats(bib, capsys, style: str, start: str) -> None:
    code, out, _ = run(capsys, "--bib", str(bib), "--style", style)
    assert code == 0 and out.startswith(start)


def test_unknown_key_is_one_line_and_exit_2(bib, capsys) -> None:
    code, out, err = run(capsys, "--bib", str(bib), "nosuchkey")
    assert code == 2 and out == ""
    assert err == f"policywiki: error: no entry 'nosuchkey' in {bib}\n"


def test_missing_file_is_one_line_and_exit_2(tmp_path: Path, capsys) -> None:
    code, _, err = run(capsys, "--bib", str(tmp_path / "none.bib"))
    assert code == 2 and err.count("\n") == 1 and "no such file" in err


def test_malformed_file_reports_its_first_problem_with_a_position(tmp_path: Path, capsys) -> None:
    path = tmp_path / "bad.bib"
    path.write_text("@misc{a, title={A}}\n@misc{a, title={B}}\n", encoding="utf-8")
    code, _, err = run(capsys, "--bib", str(path))
    assert code == 2 and err == f"policywiki: error: {path}:2:1: duplicate key 'a' (first defined on line 1)\n"


def test_json_with_an_export_format_is_a_usage_error(bib, capsys) -> None:
    code, _, err = run(capsys, "--bib", str(bib), "--style", "ris", "--json")
    assert code == 2 and "--json needs a citation style" in err


def write_wiki(root: Path) -> Path:
    content = root / "content"
    (content / "concepts").mkdir(parents=True)
    (content / "site.yaml").write_text(
        "title: Test Wiki\nbase_url: https://wiki.example.org\npublisher: Test Publisher\nlicence: CC BY 4.0\n",
        encoding="utf-8")
    (content / "concepts" / "flop.md").write_text(
        "---\ntitle: Floating-Point Operation\nkind: concept\ncategory: compute\nsummary: A unit of compute.\n"
        "published: 2026-07-09\n---\nBody.\n", encoding="utf-8")
    return content


def test_article_citation_uses_site_publisher_url_and_source_date_epoch(tmp_path: Path, capsys, monkeypatch) -> None:
    content = write_wiki(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796083200")  # 2026-12-01
    code, out, err = run(capsys, "--article", "flop", "--style", "oscola", "--content", str(content))
    assert (code, err) == (0, "")
    assert out == ("Test Publisher, ‘Floating-Point Operation’ (Test Publisher, 9 July 2026) "
                   "<https://wiki.example.org/wiki/flop/> accessed 1 December 2026.\n")


def test_unknown_article_is_exit_2(tmp_path: Path, capsys) -> None:
    content = write_wiki(tmp_path)
    code, _, err = run(capsys, "--article", "nope", "--style", "apa", "--content", str(content))
    assert code == 2 and err == f"policywiki: error: no article 'nope' in {content}\n"
