"""policywiki: a static wiki generator for AI-governance knowledge bases."""

__version__ = "0.1.0"
