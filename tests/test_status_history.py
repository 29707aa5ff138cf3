"""An instrument's status history: validated at its positions, shown on the page and in /instruments/, and
`check` warns when a status or an article has not been looked at for longer than site.yaml allows.

The build date is fixed at 2026-06-21 by conftest (SOURCE_DATE_EPOCH)."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import run_main

HISTORY = """status: in force
status_date: 2026-03-01
status_history:
  - date: 2024-09-29
    status: enacted
    source: snell2024
    note: signed by the Governor
  - date: 2026-03-01
    status: in force
    source: warhol1975
"""


def with_history(small_wiki: Path, history: str = HISTORY) -> Path:
    act = small_wiki / "instruments" / "test-act.md"
    text = act.read_text(encoding="utf-8").replace("status: revoked\nstatus_date: 2025-01-20\n", history)
    act.write_text(text, encoding="utf-8")
    return act


def check_lines(capsys, content: Path, *options: str) -> tuple[int, list[str]]:
    status, _, err = run_main(capsys, "check", "--content", str(content), *options)
    return status, [line for line in err.splitlines() if re.match(r"^\S+:\d+:\d+: ", line)]


def build(capsys, content: Path, out: Path) -> None:
    status, _, err = run_main(capsys, "build", "--content", str(content), "--out", str(out))
    assert status == 0, err


def test_a_status_history_is_listed_on_the_instrument_page_with_its_sources_linked(capsys, small_wiki, tmp_path):
    with_history(small_wiki)
    build(capsys, small_wiki, tmp_path / "site")
    page = (tmp_path / "site" / "wiki" / "test-act" / "index.html").read_text(encoding="utf-8")
    history = page.split('<ol class="status-history">')[1].split("</ol>")[0]
    items = re.findall(r"<li>(.*?)</li>", history, re.S)
    assert len(items) == 2
    assert '<time datetime="2024-09-29">2024-09-29</time>: enacted (signed by the Governor), <a href="#ref-snell2024">' \
        in items[0]
    assert '<time datetime="2026-03-01">2026-03-01</time>: in force, <a href="#ref-warhol1975">' in items[1]
    # The sources join the page's reference list, which the links point to.
    assert 'id="ref-snell2024"' in page and 'id="ref-warhol1975"' in page


def test_the_instruments_index_has_a_status_column_with_its_date(capsys, small_wiki, tmp_path):
    with_history(small_wiki)
    build(capsys, small_wiki, tmp_path / "site")
    index = (tmp_path / "site" / "instruments" / "index.html").read_text(encoding="utf-8")
    row = index.split('<table class="instrument-status"')[1].split("</table>")[0]
    assert "<th scope=\"col\">Status</th>" in row
    assert re.search(r'Test Act</a>.*?<td class="status status-in-force">In force</td>\s*'
                     r'<td><time datetime="2026-03-01">2026-03-01</time></td>', row, re.S)


def test_a_history_out_of_date_order_is_an_error_at_the_late_entry(capsys, small_wiki):
    act = with_history(small_wiki, HISTORY.replace("date: 2024-09-29", "date: 2026-04-01"))
    status, lines = check_lines(capsys, small_wiki)
    assert status == 1
    line = next(n for n, text in enumerate(act.read_text().splitlines(), 1) if text == "  - date: 2026-03-01")
    assert any(f"test-act.md:{line}:11: 'status_history.1.date': 2026-03-01 comes before the entry above it"
               in text for text in lines)


def test_a_history_that_does_not_end_at_the_current_status_is_an_error(capsys, small_wiki):
    act = with_history(small_wiki, HISTORY.replace("status: in force\nstatus_date", "status: amended\nstatus_date"))
    status, lines = check_lines(capsys, small_wiki)
    assert status == 1
    line = next(n for n, text in enumerate(act.read_text().splitlines(), 1) if text == "    status: in force")
    assert any(f"test-act.md:{line}:13: 'status_history.1.status': the last entry is 'in force' but 'status' is "
               "'amended'" in text for text in lines)


def test_a_history_that_ends_on_another_date_is_an_error(capsys, small_wiki):
    with_history(small_wiki, HISTORY.replace("status_date: 2026-03-01", "status_date: 2026-03-02"))
    status, lines = check_lines(capsys, small_wiki)
    assert status == 1
    assert any("'status_history.1.date': the last entry is dated 2026-03-01 but 'status_date' is 2026-03-02" in text
               for text in lines)


def test_an_unknown_source_key_is_an_error_at_the_source(capsys, small_wiki):
    act = with_history(small_wiki, HISTORY.replace("source: warhol1975", "source: warhol1957"))
    status, lines = check_lines(capsys, small_wiki)
    assert status == 1
    line = next(n for n, text in enumerate(act.read_text().splitlines(), 1) if "warhol1957" in text)
    assert f"test-act.md:{line}:13: 'status_history.1.source': unknown citation key 'warhol1957' " \
        "(not in references.bib)" in "\n".join(lines)


def test_a_misspelt_history_field_and_an_unknown_status_are_reported_with_hints(capsys, small_wiki):
    with_history(small_wiki, HISTORY.replace("note:", "note_:").replace("status: enacted", "status: passed"))
    status, lines = check_lines(capsys, small_wiki)
    assert status == 1
    joined = "\n".join(lines)
    assert "unknown field 'status_history.0.note_'; did you mean 'note'?" in joined
    assert re.search(r"'status_history\.0\.status': must be 'in force', 'enacted', 'amended', 'rescission announced'",
                     joined)


def test_an_old_status_date_warns_at_the_field_and_strict_fails(capsys, small_wiki):
    act = with_history(small_wiki, HISTORY.replace("2026-03-01", "2025-03-01"))
    act.write_text(act.read_text().replace("published: 2026-01-13", "published: 2025-03-02"))
    status, lines = check_lines(capsys, small_wiki)
    assert status == 0
    line = next(n for n, text in enumerate(act.read_text().splitlines(), 1) if text.startswith("status_date:"))
    assert f"test-act.md:{line}:14: warning: status 'in force' dates from 2025-03-01 (older than 365 days" \
        in "\n".join(lines)
    strict_status, _ = check_lines(capsys, small_wiki, "--strict")
    assert strict_status == 1


def test_a_status_re_checked_within_the_limit_is_not_stale(capsys, small_wiki):
    with_history(small_wiki, HISTORY.replace("2026-03-01", "2025-03-01"))  # the article was published 2026-01-13
    _, lines = check_lines(capsys, small_wiki)
    assert not any("dates from" in text for text in lines)


def test_a_final_status_such_as_revoked_never_goes_stale(capsys, small_wiki):
    # The fixture's act was revoked on 2025-01-20, more than a year before the build date.
    act = small_wiki / "instruments" / "test-act.md"
    act.write_text(act.read_text().replace("published: 2026-01-13", "published: 2025-02-01"))
    _, lines = check_lines(capsys, small_wiki)
    assert any("test-act.md" in text and "'published' is 2025-02-01" in text for text in lines)
    assert not any("status 'revoked'" in text for text in lines)


def test_the_age_limit_comes_from_site_yaml(capsys, small_wiki):
    with_history(small_wiki, HISTORY.replace("2026-03-01", "2026-01-01"))  # 171 days before the build date
    site = small_wiki / "site.yaml"
    _, lines = check_lines(capsys, small_wiki)
    assert not any("dates from" in text for text in lines)
    site.write_text(site.read_text() + "stale_after_days: 90\n")
    _, lines = check_lines(capsys, small_wiki)
    assert any("status 'in force' dates from 2026-01-01 (older than 90 days" in text for text in lines)
    # Every article of the fixture was published or updated in January or February 2026.
    assert any("alpha-concept.md:10:10: warning: 'updated' is 2026-02-01 (older than 90 days" in text for text in lines)
    assert any("beta-concept.md:6:12: warning: 'published' is 2026-01-11" in text for text in lines)


def test_a_bad_age_limit_is_an_error_in_site_yaml(capsys, small_wiki):
    site = small_wiki / "site.yaml"
    site.write_text(site.read_text() + "stale_after_days: 0\n")
    status, lines = check_lines(capsys, small_wiki)
    assert status == 1
    assert any(re.search(r"site\.yaml:6:\d+: 'stale_after_days': must be greater than 0", text) for text in lines)


def test_primary_source_reason_follows_the_primary_source_and_an_instrument_falls_back_to_its_reference(
        capsys, small_wiki, tmp_path):
    act = small_wiki / "instruments" / "test-act.md"
    act.write_text(act.read_text().replace("uses: [alpha-concept]\n", "uses: [alpha-concept]\nreference: snell2024\n"
                                           "primary_source_reason: the text that sets the threshold\n"))
    build(capsys, small_wiki, tmp_path / "site")
    page = (tmp_path / "site" / "wiki" / "test-act" / "index.html").read_text(encoding="utf-8")
    glance = page.split('<aside class="at-a-glance"')[1].split("</aside>")[0]
    assert re.search(r'<dt>Primary source</dt><dd><a href="#ref-snell2024">[^<]+</a> — the text that sets the '
                     r'threshold</dd>', glance)


def test_a_threshold_without_greater_than_is_shown_without_a_comparator(capsys, small_wiki, tmp_path):
    act = small_wiki / "instruments" / "test-act.md"
    act.write_text(act.read_text().replace("    value: 1e25\n", "    value: 1e25\n    comparator: as stated\n"))
    build(capsys, small_wiki, tmp_path / "site")
    page = (tmp_path / "site" / "wiki" / "test-act" / "index.html").read_text(encoding="utf-8")
    cell = re.search(r'<td data-label="Threshold">(.*?)</td>', page).group(1)
    assert not cell.startswith("&gt;") and "FLOP" in cell
