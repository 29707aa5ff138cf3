"""Thresholds as the threshold core sees them: one typed record per provision, read from instruments.

The core knows nothing about pages; the build converts its instrument records into
:class:`ThresholdRule` values, or hands plain front-matter mappings to :func:`rules_from_instruments`.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

#: Statuses under which a threshold no longer binds anyone: it is reported as historical.
HISTORICAL_STATUSES = frozenset({"revoked", "rescinded", "expired", "superseded", "pre-empted"})
#: The status whose thresholds the figures draw as live lines.
IN_FORCE = "in force"

#: Units that count operations, so that a training-compute threshold compares with a model's FLOP.
#: The instruments say "floating point operations" (EU), "integer or floating-point operations" (US,
#: California) or "computational operations" (Treasury); all are the same count for this purpose.
OPERATION_UNITS = frozenset(
    {
        "flop",
        "flops",
        "op",
        "ops",
        "operations",
        "floating point operations",
        "floating-point operations",
        "integer or floating-point operations",
        "integer or floating point operations",
        "computational operations",
        "i/flop",
    }
)

#: How an instrument compares (content front matter `comparator`): most say "greater than"; Korea's draft decree and
#: the chip controls say "or more"; "as stated" is for a figure with no comparator (EO 14110's cluster "capacity").
COMPARATOR_SYMBOLS = {"greater than": ">", "at least": "≥", "as stated": ""}

#: Quantities a model's compute can be compared against (a cluster's rate cannot).
MODEL_QUANTITIES = frozenset({"training_compute", "effective_compute"})


def normalise(text: str) -> str:
    """Case- and space-insensitive form used to compare units and data conditions."""
    return re.sub(r"\s+", " ", text).strip().casefold()


@dataclass(frozen=True)
class ThresholdRule:
    """One compute threshold in one provision of one instrument.

    ``value`` is the threshold figure in ``unit``, the instrument's own words (e.g. "floating point operations").
    ``comparator`` is the instrument's: "greater than" (crossed when compute strictly exceeds ``value``) or
    "at least" (crossed when it reaches it). ``data_condition`` (e.g. "biological sequence data") restricts
    the rule to models trained primarily on such data.
    """

    instrument_slug: str
    instrument_title: str
    threshold_id: str
    provision: str
    quantity: str
    value: float
    unit: str
    scope: str
    effect: str
    status: str
    status_date: dt.date | None = None
    data_condition: str | None = None
    reference: str | None = None
    comparator: str = "greater than"

    @property
    def symbol(self) -> str:
        """">" or "≥" for the comparator ("" when the instrument states none)."""
        return COMPARATOR_SYMBOLS.get(normalise(self.comparator), "")

    def met_by(self, compute: float) -> bool:
        """Whether ``compute`` (in the rule's unit) crosses the threshold under its comparator."""
        return compute >= self.value if normalise(self.comparator) == "at least" else compute > self.value

    def met_by_oom(self, oom_value: float) -> bool:
        """:meth:`met_by` on a log10 scale (no overflow for effective compute far above any float)."""
        return oom_value >= self.oom if normalise(self.comparator) == "at least" else oom_value > self.oom

    @property
    def historical(self) -> bool:
        """True when the instrument was revoked (or otherwise no longer applies)."""
        return normalise(self.status) in HISTORICAL_STATUSES

    @property
    def in_force(self) -> bool:
        return normalise(self.status) == IN_FORCE

    @property
    def counts_operations(self) -> bool:
        return normalise(self.unit) in OPERATION_UNITS

    @property
    def comparable_with_model_compute(self) -> bool:
        """Whether a model's training or effective compute can be compared with this threshold."""
        return self.quantity in MODEL_QUANTITIES and self.counts_operations

    @property
    def oom(self) -> float:
        """The threshold's order of magnitude, log10(value)."""
        return math.log10(self.value)

    @property
    def label(self) -> str:
        """A short label for figures and tables: "EU AI Act, Art. 51(2)"."""
        return f"{self.instrument_title}, {self.provision}"

    def applies_to(self, data_conditions: Iterable[str]) -> bool:
        """A rule with a data condition applies only to a model that meets it."""
        if not self.data_condition:
            return True
        wanted = normalise(self.data_condition)
        return any(normalise(condition) == wanted for condition in data_conditions)

    def sort_key(self) -> tuple:
        return (self.instrument_slug, self.threshold_id)


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _number(value: Any) -> float | None:
    """YAML 1.1 reads `1e25` as a string (no dot), so accept numeric strings as well as numbers."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            return None
    else:
        return None
    return number if math.isfinite(number) and number > 0 else None


def rules_from_instruments(instruments: Iterable[Mapping[str, Any]]) -> list[ThresholdRule]:
    """ThresholdRules from instrument front matter given as plain mappings.

    Each mapping holds the instrument's fields (``slug``, ``title``, ``status``, ``status_date``,
    ``reference``, ``thresholds``), with each threshold as in DESIGN.md (``id``, ``provision``,
    ``quantity``, ``value``, ``unit``, ``scope``, optional ``data_condition``, ``effect``). Validation and
    positioned problems belong to the content loader; a threshold whose value is not a positive number is
    skipped here rather than raising. Result sorted by instrument slug, then threshold id.
    """
    rules: list[ThresholdRule] = []
    for instrument in instruments:
        slug = str(instrument.get("slug") or "")
        for threshold in instrument.get("thresholds") or []:
            if not isinstance(threshold, Mapping):
                continue
            value = _number(threshold.get("value"))
            if value is None:
                continue
            rules.append(
                ThresholdRule(
                    instrument_slug=slug,
                    instrument_title=str(instrument.get("title") or slug),
                    threshold_id=str(threshold.get("id") or ""),
                    provision=str(threshold.get("provision") or ""),
                    quantity=str(threshold.get("quantity") or ""),
                    value=value,
                    unit=str(threshold.get("unit") or ""),
                    scope=str(threshold.get("scope") or ""),
                    effect=str(threshold.get("effect") or ""),
                    status=str(instrument.get("status") or ""),
                    status_date=_date(instrument.get("status_date")),
                    data_condition=(str(threshold["data_condition"]) if threshold.get("data_condition") else None),
                    reference=(str(instrument["reference"]) if instrument.get("reference") else None),
                    comparator=str(threshold.get("comparator") or "greater than"),
                )
            )
    return sorted(rules, key=ThresholdRule.sort_key)
