"""The explorer's data document: thresholds, instruments, models and sources, as the build writes them.

One JSON document (``explorer/data.json``, and inline in the page) that the page's script and
:func:`generator.outputs.explorer.scenario.compute_scenario` both compute from. Everything comes from the content
(instrument front matter, ``data/models.yaml``, ``references.bib``); nothing here names an instrument or a model.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from typing import Any

from generator.threshold import calculations
from generator.threshold.data import ThresholdData, instrument_mappings
from generator.threshold.formulas import DEFAULT_RATE, RATE_BAND
from generator.threshold.rules import ThresholdRule

#: What each legal status means for a reader on the chosen date (the statuses of content.STATUSES, and
#: the two the explorer itself uses). Anything else reads as "unknown".
STANDINGS = {
    "in force": "binding", "amended": "binding", "challenged": "binding", "rescission announced": "binding",
    "enacted": "not yet in force", "proposed": "not yet in force", "not yet enacted": "not yet in force",
    "revoked": "no longer in force", "rescinded": "no longer in force", "expired": "no longer in force",
    "superseded": "no longer in force", "pre-empted": "no longer in force",
    "voluntary": "voluntary",
}
RATE_SOURCES = calculations.EFFECTIVE_SOURCES


def _iso(value: Any) -> str | None:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    return str(value)[:10] if value else None


def _history(mapping: dict[str, Any]) -> list[dict[str, Any]]:
    """The instrument's status_history, read defensively: the field is optional and may be absent."""
    entries = []
    for entry in mapping.get("status_history") or []:
        get = entry.get if isinstance(entry, dict) else (lambda key, e=entry: getattr(e, key, None))
        if get("date") and get("status"):
            entries.append({"date": _iso(get("date")), "status": str(get("status")), "source": get("source"),
                            "note": get("note")})
    return entries


def _threshold(rule: ThresholdRule, raw: dict[str, Any]) -> dict[str, Any]:
    return {
        "instrument": rule.instrument_slug, "id": rule.threshold_id, "provision": rule.provision,
        "quantity": rule.quantity, "value": rule.value, "unit": rule.unit, "scope": rule.scope,
        "effect": rule.effect, "data_condition": rule.data_condition,
        "comparator": rule.comparator, "counts_operations": rule.counts_operations,
    }


def _model(model) -> dict[str, Any]:
    figures = model.figures("sourced")
    estimates = model.estimates("sourced")
    parameters = estimates.active_parameters or estimates.parameters
    return {
        "id": model.id, "name": model.name, "developer": model.developer,
        "released": _iso(model.released), "data_conditions": list(model.data_conditions),
        "training_compute": figures.training_compute, "inference_per_token": figures.inference_per_token,
        "reasoning_tokens": figures.reasoning_tokens,
        "parameters": parameters.value if parameters else None,
        "training_tokens": estimates.training_tokens.value if estimates.training_tokens else None,
        "sources": list(figures.sources),
    }


def explorer_data(articles: Iterable[Any], threshold_data: ThresholdData, date: dt.date,
                  article_url: Callable[[str], str], reference: Callable[[str], dict[str, str] | None]) -> dict:
    """The document for a wiki: ``article_url(slug)`` links an instrument, ``reference(key)`` gives a
    source's ``{"text", "url"}`` (None for a key the bibliography lacks)."""
    mappings = instrument_mappings(articles)
    raw = {(m["slug"], str(t.get("id"))): t for m in mappings for t in (m.get("thresholds") or []) if isinstance(t, dict)}
    instruments = [{
        "slug": m["slug"], "title": str(m.get("title") or m["slug"]), "url": article_url(m["slug"]),
        "status": str(m.get("status") or ""), "status_date": _iso(m.get("status_date")), "history": _history(m),
        "reference": m.get("reference"), "jurisdiction": m.get("jurisdiction"),
    } for m in sorted(mappings, key=lambda m: m["slug"])]
    thresholds = [_threshold(rule, raw.get((rule.instrument_slug, rule.threshold_id), {}))
                  for rule in threshold_data.rules]
    models = [_model(model) for model in threshold_data.models]
    keys = set(RATE_SOURCES) | set(calculations.COOM_SOURCES) | set(calculations.KAPLAN_SOURCES)
    keys |= {key for model in models for key in model["sources"]}
    keys |= {i["reference"] for i in instruments if i["reference"]}
    keys |= {e["source"] for i in instruments for e in i["history"] if e["source"]}
    sources = {key: entry for key in sorted(keys) if (entry := reference(key)) is not None}
    return {
        "version": 1,
        "date": date.isoformat(),
        "rate": {"default": DEFAULT_RATE, "band": list(RATE_BAND), "sources": list(RATE_SOURCES)},
        "formulas": {"coom": calculations.COOM_FORMULA, "effective": calculations.EFFECTIVE_FORMULA,
                     "training": calculations.TRAINING_FORMULA, "lifetime": "C = TC + d × IC"},
        "standings": STANDINGS,
        "conditions": sorted({t["data_condition"] for t in thresholds if t["data_condition"]}),
        "instruments": instruments,
        "thresholds": thresholds,
        "models": models,
        "sources": sources,
    }


def to_json(document: dict) -> str:
    """Deterministic JSON, safe inside a <script type="application/json"> element (no "</" can end it)."""
    text = json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def load_explorer_data(content_dir, problems, date: dt.date) -> dict:
    """The document for a content folder, as the build writes it (links as site paths from /explorer/)."""
    from pathlib import Path

    from generator.content.load import load_content
    from generator.render.pages import article_path, relative_url
    from generator.threshold.data import threshold_data_from_corpus

    content_dir = Path(content_dir)
    corpus = load_content(content_dir)
    instruments = (content_dir / "instruments").resolve()
    problems.items.extend(p for p in corpus.problems.items if Path(p.path).resolve().is_relative_to(instruments))
    keys = list(corpus.bibliography) if corpus.bibliography is not None and len(corpus.bibliography) else None
    models = corpus.models_path if hasattr(corpus, "models_path") else content_dir / "data" / "models.yaml"
    threshold_data = threshold_data_from_corpus(corpus.articles, models, problems, keys)
    return explorer_data(corpus.articles, threshold_data, date,
                         lambda slug: relative_url("explorer/", article_path(slug)), lambda key: None)
