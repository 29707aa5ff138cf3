"""The /explorer/ page and its data (a side output, generator/outputs/producers.py PRODUCERS).

The page carries its data inline (so it works from any static host, even opened from disk) and the build
writes the same document to /explorer/data.json for the compact form in articles. Without JavaScript the
page shows, computed here at build time through the same scenario code, every model of the data set
against every threshold.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from markupsafe import Markup

from generator.outputs.explorer.data import explorer_data, to_json
from generator.outputs.explorer.scenario import compute_scenario
from generator.render.pages import Page, article_path, relative_url
from generator.problems import Problems
from generator.threshold.data import threshold_data_from_corpus
from generator.threshold.numbers import format_compute_html, format_oom, power_html

EXPLORER_PATH = "explorer/"
#: The static table also shows each model with this much inference scale-up (10^4 ×), Ord's example.
STATIC_SCALEUP_OOMS = 4.0


def models_file(corpus) -> Path | None:
    """The models file the loader accepted (newer loaders record it; older ones read data/models.yaml)."""
    if hasattr(corpus, "models_path"):
        return corpus.models_path
    return Path(corpus.root) / "data" / "models.yaml"


def document(checked, renderer, page_path: str = EXPLORER_PATH) -> dict[str, Any]:
    corpus = checked.corpus
    keys = list(corpus.bibliography.keys) if corpus.bibliography else []
    # The check made the same data for the bodies' parse (build.parse_env): the same articles, models and keys.
    threshold_data = checked.env.get("threshold_data") or \
        threshold_data_from_corpus(corpus.articles, models_file(corpus), Problems(), keys)

    def reference(key: str) -> dict[str, str] | None:
        if not corpus.bibliography or key not in corpus.bibliography:
            return None
        return {"text": renderer._reference(key)["cite_text"],
                "url": relative_url(page_path, f"references/#ref-{key}")}

    return explorer_data(corpus.articles, threshold_data, renderer.build_date,
                         lambda slug: relative_url(page_path, article_path(slug)), reference)


def _model_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Each model at its own figures (r default, no scale-up), and with 10^4 × inference."""
    labels = {(t["instrument"], t["id"]): t for t in data["thresholds"]}
    titles = {i["slug"]: i for i in data["instruments"]}
    rows = []
    for model in data["models"]:
        if model["training_compute"] is None:
            continue
        now = compute_scenario(data, {"model": model["id"]})["result"]
        scaled = compute_scenario(data, {"model": model["id"], "ooms": STATIC_SCALEUP_OOMS})["result"]

        def crossed(result, key):
            return [{"label": f"{titles[r['instrument']]['title']}, {labels[(r['instrument'], r['threshold'])]['provision']}",
                     "url": titles[r["instrument"]]["url"], "status": r["status"]}
                    for r in result["thresholds"] if r[key]]
        by_training = crossed(now, "crossed_by_training")
        also = [item for item in crossed(scaled, "crossed_by_effective") if item not in by_training]
        rows.append({"id": model["id"], "name": model["name"],
                     "training": Markup(format_compute_html(model["training_compute"])),
                     "by_training": by_training, "with_scaleup": also})
    return rows


# The last page made and what it was made from: its data, the site settings, the build date and the templates
# are all that it shows, so a process that builds again (serve) after an edit that left the data as it was
# (any edit to a concept or topic) takes the page it made last time.
_LAST_PAGE: dict = {}


def explorer_pages(checked, renderer) -> list[Page]:
    data = document(checked, renderer)
    json_text = to_json(data)
    made_from = (json_text, repr(renderer.site), renderer.build_date, renderer.templates_key)
    if _LAST_PAGE.get("made from") != made_from:
        _LAST_PAGE.update({"made from": made_from, "html": _page(renderer, data, json_text)})
    return [Page(EXPLORER_PATH, _LAST_PAGE["html"]), Page(f"{EXPLORER_PATH}data.json", json_text + "\n")]


def _page(renderer, data: dict[str, Any], json_text: str) -> str:
    instruments = {instrument["slug"]: instrument for instrument in data["instruments"]}
    context = renderer.base_context(
        EXPLORER_PATH, "Threshold explorer",
        "Set a model's training compute and inference budget and see which legal compute thresholds it crosses.")
    context.update(
        data=data, data_json=Markup(json_text), model_rows=_model_rows(data), scaleup_html=Markup(power_html(format_oom(STATIC_SCALEUP_OOMS))),
        thresholds=[{**t, "value_html": Markup(format_compute_html(t["value"])),
                     "instrument_record": instruments[t["instrument"]]}
                    for t in data["thresholds"]],
        rate_sources=[data["sources"][key] for key in data["rate"]["sources"] if key in data["sources"]],
    )
    return renderer.env.get_template("explorer.html").render(context)
