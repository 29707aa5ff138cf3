"""Load and parse, in parallel and cached: the first two stages for a large wiki, as pipeline.py calls them.

Each job has its own module: cached_load.py (the plain loader per file, in workers, cached by the file's
bytes), cached_parse.py (each body parsed once, in workers, cached in packs), prerender.py (a body rendered
ahead of time except what depends on the rest of the wiki) and collector.py (the garbage collector while
results that live for the whole build pile up). This module names the stages' entry points in one place.
"""

from __future__ import annotations

from generator.incremental.cached_load import Loaded, file_key, load_corpus
from generator.incremental.cached_parse import PACK_SIZE, Parsed, parse_articles, uses_env_value
from generator.incremental.collector import long_lived
from generator.incremental.prerender import (CachedTokens, enable_prerendered, load_packed, prerender,
                                             prerendering_copy)

__all__ = ["PACK_SIZE", "CachedTokens", "Loaded", "Parsed", "enable_prerendered", "file_key", "load_corpus",
           "load_packed", "long_lived", "parse_articles", "prerender", "prerendering_copy", "uses_env_value"]
