"""The date a build stands for. A module of its own so that the no-op check and `new` need not import
the whole pipeline."""

from __future__ import annotations

import datetime as dt
import os


def build_date() -> dt.date:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else today (UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date()
        except (ValueError, OverflowError):
            pass
    return dt.datetime.now(tz=dt.timezone.utc).date()
