"""The /explorer/ page and its data as the build writes them, the ```{explorer}``` directive in articles, and
`policywiki compute scenario --json`: all from the content, never from names written into the generator."""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import TEMPLATES, clean_build, replace_in, run_main, tree_bytes
from generator.build import build
from generator.outputs.explorer.data import load_explorer_data
from generator.outputs.explorer.scenario import compute_scenario
from generator.problems import Problems

MODELS = """- id: small-model
  name: Small Model
  sourced:
    training_compute: {value: 3e24, source: snell2024, confidence: V}
    inference_per_token: {value: 2e10, source: snell2024, confidence: V}
    reasoning_tokens: {value: 1000, source: snell2024, confidence: V}
- id: big-model
  name: Big Model
  data_conditions: [biological sequence data]
  sourced:
    training_compute: {value: 2e25, source: snell2024, confidence: V2}
"""
HISTORY = """status_history:
  - {date: 2024-01-10, status: in force, source: snell2024}
  - {date: 2025-01-20, status: revoked, source: snell2024, note: repealed}
"""


def wiki_with_models(small_wiki: Path) -> Path:
    (small_wiki / "data").mkdir(exist_ok=True)
    (small_wiki / "data" / "models.yaml").write_text(MODELS)
    replace_in(small_wiki / "instruments" / "test-act.md", "uses: [alpha-concept]\n", "uses: [alpha-concept]\n" + HISTORY)
    return small_wiki


def data_of(site: Path) -> dict:
    return json.loads((site / "explorer" / "data.json").read_text())


def test_the_build_writes_the_page_and_the_data_from_the_content(small_wiki, tmp_path):
    content = wiki_with_models(small_wiki)
    site = tmp_path / "site"
    build(content, TEMPLATES, site, jobs=1)
    data = data_of(site)
    assert [m["id"] for m in data["models"]] == ["small-model", "big-model"]
    assert [(t["instrument"], t["id"], t["value"]) for t in data["thresholds"]] == [("test-act", "test-act-main", 1e25)]
    [act] = data["instruments"]
    assert act["status"] == "revoked" and [e["status"] for e in act["history"]] == ["in force", "revoked"]
    assert data["rate"] == {"default": 0.7, "band": [0.5, 1.0], "sources": ["ord2025reshapes", "villalobos2023trading"]}
    page = (site / "explorer" / "index.html").read_text()
    inline = re.search(r'<script type="application/json" id="explorer-data">(.*?)</script>', page, re.S).group(1)
    assert json.loads(inline) == data, "the page and data.json carry the same document"
    assert '<label for="x-tc">' in page and 'aria-live="polite"' in page
    assert "<noscript>" in page and "needs JavaScript" in page
    # Without scripts: each model against each threshold, computed at build time (Big Model crosses 10^25).
    static = page[page.index('id="models-heading"'):]
    big = re.search(r"Big Model</a></th>(.*?)</tr>", static, re.S).group(1)
    assert "Test Act, Art. 1</a> (revoked)" in big.split("</td>")[1]
    small = re.search(r"Small Model</a></th>(.*?)</tr>", static, re.S).group(1)
    assert small.split("</td>")[1].endswith("none") and "Test Act" in small.split("</td>")[2]
    assert '10<sup class="power"><span class="visually-hidden">^</span>25</sup>' in static
    nav = (site / "wiki" / "alpha-concept" / "index.html").read_text()
    assert re.search(r'<a href="\.\./\.\./explorer/(index\.html)?">Threshold explorer</a>', nav), "every page's navigation links it"


def test_the_status_on_a_date_follows_the_history(small_wiki):
    data = load_explorer_data(wiki_with_models(small_wiki), Problems(), __import__("datetime").date(2026, 6, 21))
    status = lambda date: compute_scenario(data, {"tc": 1e26, "date": date})["result"]["thresholds"][0]  # noqa: E731
    assert (status("2023-12-31")["status"], status("2023-12-31")["standing"]) == ("not yet enacted", "not yet in force")
    assert (status("2024-01-10")["status"], status("2024-01-10")["standing"]) == ("in force", "binding")
    assert (status("2025-01-20")["status"], status("2025-01-20")["standing"]) == ("revoked", "no longer in force")


def test_a_change_to_an_instrument_or_the_models_remakes_the_explorer(small_wiki, tmp_path):
    content = wiki_with_models(small_wiki)
    site = tmp_path / "site"
    build(content, TEMPLATES, site, jobs=1)
    replace_in(content / "data" / "models.yaml", "value: 2e25", "value: 4e25")
    build(content, TEMPLATES, site, jobs=1)
    assert [m["training_compute"] for m in data_of(site)["models"]] == [3e24, 4e25]
    replace_in(content / "instruments" / "test-act.md", "note: repealed", "note: repealed in full")
    build(content, TEMPLATES, site, jobs=1)
    assert data_of(site)["instruments"][0]["history"][-1]["note"] == "repealed in full"
    replace_in(content / "instruments" / "test-act.md", "value: 1e25", "value: 5e25")
    build(content, TEMPLATES, site, jobs=1)
    assert data_of(site)["thresholds"][0]["value"] == 5e25
    assert tree_bytes(site) == clean_build(content, tmp_path / "clean")


def test_the_directive_embeds_a_compact_form_that_opens_the_explorer(small_wiki, tmp_path):
    content = wiki_with_models(small_wiki)
    replace_in(content / "concepts" / "alpha-concept.md", "## Details\n",
               "## Details\n\n```{explorer}\nmodel: small-model\nooms: 3\n```\n\n")
    site = tmp_path / "site"
    build(content, TEMPLATES, site, jobs=1)
    page = (site / "wiki" / "alpha-concept" / "index.html").read_text()
    form = re.search(r'<form class="explorer-embed".*?</form>', page, re.S).group(0)
    assert 'action="../../explorer/"' in form and 'data-explorer-embed="../../explorer/data.json"' in form
    assert '<option value="small-model" selected>Small Model</option>' in form
    assert 'name="ooms" value="3"' in form and '<label for="explorer-1-tc">' in form
    assert '<script src="../../static/explorer.js" defer></script>' in page
    # A models change re-renders the article (its form lists the models), exactly as a clean build would.
    replace_in(content / "data" / "models.yaml", "name: Big Model", "name: Bigger Model")
    build(content, TEMPLATES, site, jobs=1)
    assert "Bigger Model</option>" in (site / "wiki" / "alpha-concept" / "index.html").read_text()
    assert tree_bytes(site) == clean_build(content, tmp_path / "clean")


def test_a_bad_directive_is_a_positioned_error(small_wiki, tmp_path, capsys):
    content = wiki_with_models(small_wiki)
    replace_in(content / "concepts" / "alpha-concept.md", "## Details\n",
               "## Details\n\n```{explorer}\nmodel: smal-model\nrate: 2\ncolour: red\n```\n\n")
    status, _, err = run_main(capsys, "build", "--content", str(content), "--out", str(tmp_path / "site"))
    assert status != 0 and "Traceback" not in err
    assert re.search(r"alpha-concept\.md:\d+:1: explorer: model: no model 'smal-model' in the data set "
                     r"\(did you mean 'small-model'\?\)", err), err
    assert re.search(r"alpha-concept\.md:\d+:1: explorer: unknown parameter 'colour'", err), err
    assert not (tmp_path / "site").exists()


def test_explorer_is_a_reserved_slug(small_wiki, tmp_path, capsys):
    (small_wiki / "concepts" / "explorer.md").write_text(
        "---\ntitle: Explorer\nkind: concept\nsummary: A clash.\npublished: 2026-01-01\n---\nSee [[alpha-concept]].\n")
    status, _, err = run_main(capsys, "build", "--content", str(small_wiki), "--out", str(tmp_path / "site"))
    assert status != 0 and "reserved" in err


def test_compute_scenario_prints_the_explorers_numbers_as_json(small_wiki, capsys):
    content = wiki_with_models(small_wiki)
    status, out, err = run_main(capsys, "compute", "scenario", "--content", str(content), "--model", "small-model",
                                "--inference-ooms", "2", "--deployments", "1e9", "--date", "2024-06-01", "--json")
    assert status == 0, err
    payload = json.loads(out)
    result = payload["result"]
    assert payload["inputs"]["tc"] == 3e24 and payload["inputs"]["date"] == "2024-06-01"
    assert result["inference_per_query"] == 2e13 and abs(result["coom"] - (24.477121254719663 + 13.301029995663981)) < 1e-12
    assert abs(result["effective_oom"] - (24.477121254719663 + 1.4)) < 1e-12
    assert result["lifetime"] == {"training": 3e24, "deployment": 2e22, "total": 3.02e24,
                                  "deployment_share": 2e22 / 3.02e24}
    [row] = result["thresholds"]
    assert (row["crossed_by_training"], row["crossed_by_effective"], row["status"]) == (False, True, "in force")
    data = load_explorer_data(content, Problems(), __import__("datetime").date(2026, 6, 21))
    same = compute_scenario(data, {"model": "small-model", "ooms": 2.0, "deployments": 1e9, "date": "2024-06-01"})
    assert payload["result"] == same["result"]


def test_compute_scenario_names_every_bad_option_at_once(small_wiki, capsys):
    content = wiki_with_models(small_wiki)
    status, _, err = run_main(capsys, "compute", "scenario", "--content", str(content), "--tc", "1e24",
                              "--rate", "0.3", "--inference-ooms", "40", "--date", "2025-02-30")
    assert status == 2 and "Traceback" not in err
    assert "--date, --inference-ooms, --rate" in err
