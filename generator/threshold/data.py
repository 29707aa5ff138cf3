"""What the threshold core computes from: the models and the instruments' threshold rules.

:class:`ThresholdData` is what the Markdown plugin reads from ``env["threshold_data"]`` and what the CLI
loads. :func:`threshold_data_from_corpus` is the one place that reads the content loader's records
(imported lazily, so that the content loader may itself import the threshold core).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.problems import Problems
from generator.threshold.models import Model, find_model, load_models
from generator.threshold.rules import ThresholdRule, rules_from_instruments



@dataclass(frozen=True)
class ThresholdData:
    models: tuple[Model, ...] = ()
    rules: tuple[ThresholdRule, ...] = ()

    def model(self, model_id: str) -> Model | None:
        return find_model(self.models, model_id)

    @property
    def model_ids(self) -> list[str]:
        return [model.id for model in self.models]


def instrument_mappings(articles: Iterable[Any]) -> list[dict[str, Any]]:
    """Plain mappings (front matter plus slug) for the instrument articles among ``articles``."""
    mappings = []
    for article in articles:
        if getattr(article, "kind", None) != "instrument":
            continue
        mapping = article.meta.model_dump()
        mapping["slug"] = article.slug
        mappings.append(mapping)
    return mappings


def threshold_data_from_corpus(
    articles: Iterable[Any], models_path: Path | None, problems: Problems,
    reference_keys: Collection[str] | None = None
) -> ThresholdData:
    """ThresholdData from loaded articles (``.kind``, ``.slug``, ``.meta``) and the models file (None: the
    loader refused it, and it is not read)."""
    models = load_models(models_path, problems, reference_keys) if models_path is not None else []
    return ThresholdData(tuple(models), tuple(rules_from_instruments(instrument_mappings(articles))))


def load_threshold_data(content_dir: Path, problems: Problems) -> ThresholdData:
    """Load content/ with the content loader and keep only what bears on thresholds.

    Problems in the models file and in instrument files are added to ``problems``; problems elsewhere in
    the content (a broken concept page) do not stop a threshold calculation.
    """
    from generator.content.load import load_content

    corpus = load_content(content_dir)
    instruments = (Path(content_dir) / "instruments").resolve()
    for problem in corpus.problems.items:
        if Path(problem.path).resolve().is_relative_to(instruments):
            problems.items.append(problem)
    keys = list(corpus.bibliography) if corpus.bibliography is not None and len(corpus.bibliography) else None
    if corpus.models_path is None:  # a link out of content/: the loader's refusal is the models file's problem
        problems.items.extend(p for p in corpus.problems.items if Path(p.path).name in ("data", "models.yaml"))
    return threshold_data_from_corpus(corpus.articles, corpus.models_path, problems, keys)
