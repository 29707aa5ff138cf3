"""The threshold explorer in chromium: a reader sets inputs with the keyboard and reads the results, which equal
`policywiki compute scenario --json` for the same inputs; the address holds the scenario; the CSV is the core's;
axe finds nothing at desktop and phone width and in the dark theme; the Nu checker finds no error in the page as
served or as the script leaves it; no console error; without JavaScript the build-time table is there."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from generator.outputs.explorer.scenario import compute_scenario, scenario_csv

from .checks import describe_violations, describe_vnu, run_axe, run_vnu
from .harness import REPO
from .test_pages_in_browser import open_watching_errors

DATE = "2025-06-01"
OUTPUTS = {"tc": "training_compute", "ic": "inference_per_query", "coom": "coom"}


def cli_scenario(*args: str) -> dict:
    """`policywiki compute scenario ... --json` over the shipped content, as a reader would run it."""
    done = subprocess.run([sys.executable, "-m", "generator", "compute", "scenario", "--content", "content", *args,
                           "--json"], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def shown_value(page, output: str, index: int = 0) -> float:
    return float(page.locator(f"#x-out-{output} .explorer-number").nth(index).get_attribute("data-value"))


def close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(abs(a), abs(b))


def rows(page) -> list[tuple[str, str, str]]:
    return [(row.get_attribute("data-threshold"), row.get_attribute("data-training"), row.get_attribute("data-effective"))
            for row in page.locator("#x-rows tr").all()]


def verdict(value: bool | None) -> str:
    return "n/a" if value is None else "crossed" if value else "not crossed"


@pytest.fixture
def explorer(page, site_url):
    problems = open_watching_errors(page, site_url + "explorer/")
    yield page
    assert problems == [], "\n".join(problems)


def test_a_reader_sets_a_scenario_by_keyboard_and_sees_the_cores_numbers(explorer):
    page = explorer
    page.locator("#x-model").focus()
    page.keyboard.press("End")  # the last model of the data set, chosen without a mouse
    model = page.locator("#x-model").input_value()
    assert model, "a model was chosen"
    page.locator("#x-query-tokens").fill("")
    page.locator("#x-query-tokens").type("32768")
    page.locator("#x-samples").fill("4")
    page.locator("#x-ooms").fill("3.5")
    page.locator("#x-rate").focus()
    page.keyboard.press("ArrowRight")  # 0.7 → 0.75, the slider's step
    page.locator("#x-deployments").fill("1e9")
    page.locator("#x-date").fill(DATE)
    expected = cli_scenario("--model", model, "--query-tokens", "32768", "--samples", "4", "--inference-ooms", "3.5",
                            "--rate", "0.75", "--deployments", "1e9", "--date", DATE)["result"]
    assert close(shown_value(page, "tc"), expected["training_compute"])
    assert close(shown_value(page, "ic"), expected["inference_per_query"])
    assert close(shown_value(page, "coom"), expected["coom"])
    assert close(shown_value(page, "effective", 0), expected["effective_compute"])
    assert close(shown_value(page, "effective", 1), expected["effective_oom"])
    assert close(shown_value(page, "lifetime", 0), expected["lifetime"]["total"])
    assert close(shown_value(page, "share"), expected["lifetime"]["deployment_share"])
    assert rows(page) == [(r["threshold"], verdict(r["crossed_by_training"]), verdict(r["crossed_by_effective"]))
                          for r in expected["thresholds"]]
    statuses = [cell.inner_text() for cell in page.locator("#x-rows td:nth-child(3)").all()]
    assert [s.split(" (")[0] for s in statuses] == [r["status"] for r in expected["thresholds"]]
    announced = page.locator("#x-announce").inner_text()
    crossed = sum(bool(r["crossed_by_effective"]) for r in expected["thresholds"])
    assert f"by effective compute: {crossed};" in announced, announced
    assert page.locator("#x-announce").get_attribute("aria-live") == "polite"


def test_the_address_holds_the_scenario_and_reopens_it(explorer, context, site_url):
    page = explorer
    page.locator("#x-mode-6nd").check()
    page.locator("#x-params").fill("7e10")
    page.locator("#x-tokens").fill("1.5e13")
    page.locator("#x-per-token").fill("1.4e11")
    page.locator("#x-query-tokens").fill("0")  # zero inference: COOM undefined, said so
    page.locator("#x-ooms").fill("2")
    address = page.evaluate("location.href")  # page.url follows history.replaceState only asynchronously
    query = parse_qs(urlsplit(address).query, keep_blank_values=True)
    assert query["n"] == ["70000000000"] and query["d"] == ["15000000000000"] and query["ooms"] == ["2"]
    assert "undefined" in page.locator("#x-out-coom").inner_text()
    again = context.new_page()
    again.goto(address)
    for output in ("tc", "effective"):
        assert shown_value(again, output) == shown_value(page, output)
    assert rows(again) == rows(page)
    expected = cli_scenario("--params", "7e10", "--tokens", "1.5e13", "--per-token", "1.4e11", "--query-tokens", "0",
                            "--inference-ooms", "2", "--date", page.locator("#x-date").input_value())["result"]
    assert close(shown_value(page, "tc"), expected["training_compute"]) and expected["coom"] is None
    cite = page.locator("#x-cite").inner_text()
    assert "Threshold explorer" in cite and address.split("/explorer/")[1] in cite and "accessed" in cite


def test_the_csv_download_is_the_cores_csv(explorer, built_site):
    page = explorer
    page.locator("#x-tc").fill("3e25")
    page.locator("#x-ooms").fill("1")
    page.locator("#x-date").fill(DATE)
    with page.expect_download() as download:
        page.locator("#x-csv").click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    data = json.loads((built_site / "explorer" / "data.json").read_text())
    outcome = compute_scenario(data, {"tc": 3e25, "ooms": 1.0, "date": DATE, "conditions": []})
    assert text == scenario_csv(data, outcome)
    assert text.splitlines()[0].startswith("instrument,threshold,provision,threshold_value")


def test_exact_values_are_shown_on_demand(explorer):
    page = explorer
    page.locator("#x-tc").fill("3.14159e25")
    assert not page.locator("#x-out-tc .explorer-exact").is_visible()
    page.locator("#x-exact").check()
    assert page.locator("#x-out-tc .explorer-exact").inner_text() == " (exact: 3.14159e+25)"
    assert page.locator("#x-out-tc sup.power").inner_text().endswith("25")


def test_bad_input_is_announced_and_marked(explorer):
    page = explorer
    page.locator("#x-tc").fill("lots")
    assert page.locator("#x-tc").get_attribute("aria-invalid") == "true"
    assert "training compute" in page.locator("#x-announce").inner_text()
    page.locator("#x-tc").fill("1e26")
    assert page.locator("#x-tc").get_attribute("aria-invalid") is None


@pytest.mark.parametrize("width,scheme", [(1280, "light"), (360, "light"), (360, "dark"), (1280, "dark")])
def test_the_explorer_has_no_axe_violation(explorer, width, scheme):
    page = explorer
    page.set_viewport_size({"width": width, "height": 800})
    page.emulate_media(color_scheme=scheme)
    page.locator("#x-model").select_option(index=1)
    page.locator("#x-deployments").fill("1e10")
    page.locator("#x-exact").check()
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"at {width} px the page scrolls sideways by {overflow} px"
    violations = run_axe(page)
    assert violations == [], describe_violations(violations)


def test_the_page_as_served_and_as_scripted_is_valid_html(explorer, built_site, tmp_path):
    page = explorer
    page.locator("#x-model").select_option(index=2)
    page.locator("#x-query-tokens").fill("1000")
    page.locator("#x-deployments").fill("1e10")
    scripted = tmp_path / "scripted.html"
    scripted.write_text("<!DOCTYPE html>\n" + page.evaluate("document.documentElement.outerHTML"), encoding="utf-8")
    messages = run_vnu([built_site / "explorer" / "index.html", scripted])
    assert messages == [], describe_vnu(messages, built_site)


def test_without_javascript_the_build_time_table_is_there(browser, site_url, built_site):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site_url + "explorer/")
        assert not page.locator("#explorer").is_visible(), "the calculator needs the script, so it stays hidden"
        assert "needs JavaScript" in page.locator("main").inner_text()
        data = json.loads((built_site / "explorer" / "data.json").read_text())
        with_figures = [m["name"] for m in data["models"] if m["training_compute"] is not None]
        assert page.locator("#models-heading ~ .table-scroll table tbody tr th").all_inner_texts() == with_figures
        assert page.locator("#thresholds-heading ~ .table-scroll table tbody tr").count() == len(data["thresholds"])
    finally:
        context.close()


@pytest.fixture(scope="module")
def wiki_with_an_embed(tmp_path_factory) -> Path:
    """The small fixture wiki with a models file and an article that embeds the compact explorer."""
    content = tmp_path_factory.mktemp("embed") / "content"
    shutil.copytree(REPO / "tests" / "fixtures" / "small-wiki", content)
    (content / "data").mkdir()
    (content / "data" / "models.yaml").write_text(
        "- id: small-model\n  name: Small Model\n  sourced:\n"
        "    training_compute: {value: 3e24, source: snell2024, confidence: V}\n")
    article = content / "concepts" / "alpha-concept.md"
    text = article.read_text()
    article.write_text(text.replace("## Details\n", "## Details\n\n```{explorer}\nmodel: small-model\n```\n\n", 1))
    return content


def test_the_compact_form_computes_in_place_and_opens_the_explorer(browser, serve_site, wiki_with_an_embed):
    base = serve_site(wiki_with_an_embed)
    context = browser.new_context()
    try:
        page = context.new_page()
        problems = open_watching_errors(page, base + "wiki/alpha-concept/")
        result = page.locator("[data-explorer-result]")
        page.wait_for_function("document.querySelector('[data-explorer-result]').textContent !== ''")
        assert "Crossed by training: none" in result.inner_text()
        page.locator("form.explorer-embed input[name=ooms]").fill("2")  # 10^24.5 + 0.7 × 2 > 10^25
        assert re.search(r"Crossed by effective compute: Test Act Art\. 1 \(revoked\)", result.inner_text())
        violations = run_axe(page)
        assert violations == [], describe_violations(violations)
        page.locator("form.explorer-embed button").click()
        page.wait_for_url(re.compile(r"/explorer/"))
        assert parse_qs(urlsplit(page.url).query)["model"] == ["small-model"]
        assert page.locator("#x-model").input_value() == "small-model"
        assert problems == [], "\n".join(problems)
    finally:
        context.close()
