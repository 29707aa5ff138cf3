"""Incremental state: caches, fingerprints, parallel workers, prelinking and the no-op check.

Everything here only saves time: a build without it gives the same bytes."""
