"""The threshold explorer's compact form, for the ```{explorer}``` directive (generator/threshold/markdown_plugin.py).

A GET form to /explorer/ with a model and three inputs: without scripts, submitting it opens the explorer with
those inputs; with them, static/explorer.js computes the result in place from /explorer/data.json.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

from generator.threshold.data import ThresholdData
from generator.threshold.formulas import DEFAULT_RATE, RATE_BAND
from generator.threshold.models import suggest
from generator.threshold.numbers import parse_number

EXPLORER_KEYS = ("model", "tc", "ooms", "rate")


def explorer_problem(params: Mapping[str, str], data: ThresholdData) -> tuple[str, str] | None:
    if "model" in params and data.model(params["model"]) is None:
        return "model", f"no model '{params['model']}' in the data set{suggest(params['model'], data.model_ids)}"
    for key, low, high in (("tc", 0.0, 1e50), ("ooms", 0.0, 30.0), ("rate", 0.5, 1.0)):
        if key in params:
            try:
                value = parse_number(params[key])
            except ValueError as exc:
                return key, str(exc)
            if not (low < value <= high if key == "tc" else low <= value <= high):
                return key, f"must be {'above' if key == 'tc' else 'from'} {low:g} {'and at most' if key == 'tc' else 'to'} {high:g}"
    return None


def render_explorer_form(params: Mapping[str, str], data: ThresholdData, root: str, count: int) -> str:
    """The compact explorer: a GET form to /explorer/ (it works without scripts), computed in place with them."""
    esc = html.escape
    prefix = f"explorer-{count}"
    chosen = params.get("model", "")
    options = "".join(
        f'<option value="{esc(m.id)}"{" selected" if m.id == chosen else ""}>{esc(m.name)}</option>'
        for m in data.models if m.sourced.training_compute is not None
    )

    def field(name: str, label: str, value: str) -> str:
        return (f'<label for="{prefix}-{name}">{label}</label>'
                f'<input id="{prefix}-{name}" name="{name}" value="{esc(value)}" inputmode="decimal" autocomplete="off">')

    return (
        f'<form class="explorer-embed" action="{esc(root)}explorer/" method="get" '
        f'data-explorer-embed="{esc(root)}explorer/data.json" aria-labelledby="{prefix}-title">\n'
        f'<p id="{prefix}-title"><strong>Threshold explorer</strong>: which compute thresholds does this model cross?</p>\n'
        f'<label for="{prefix}-model">Model</label><select id="{prefix}-model" name="model">'
        f'<option value="">None: give the training compute</option>{options}</select>\n'
        + field("tc", "Training compute, FLOP (empty: the model's)", params.get("tc", "")) + "\n"
        + field("ooms", "Inference scale-up, orders of magnitude", params.get("ooms", "0")) + "\n"
        + field("r", f"Trade-off rate r ({_band()})", params.get("rate", str(DEFAULT_RATE))) + "\n"
        + '<button type="submit">Open in the explorer</button>\n'
        + '<p class="explorer-embed-result" data-explorer-result role="status" aria-live="polite"></p>\n'
        + f'</form>\n<script src="{esc(root)}static/explorer.js" defer></script>\n'
    )


def _band() -> str:
    low, high = RATE_BAND
    return f"{low:g} to {high:g}"
