"""The citation engine: a library that parses BibTeX and formats references; it knows nothing about pages."""

from generator.cite.bibliography import Bibliography, load_bibliography, parse_bibliography

__all__ = ["Bibliography", "load_bibliography", "parse_bibliography"]
