"""The citation styles, by name (generator/cite/registry.py lists them)."""

from importlib import import_module

from generator.cite.registry import STYLES
from generator.cite.styles.base import Cite, Style

STYLE_CLASSES: dict[str, type[Style]] = {
    style.name: getattr(import_module(f"generator.cite.styles.{style.module}"), style.class_name) for style in STYLES
}


def get_style(name: str) -> Style:
    return STYLE_CLASSES[name]()


__all__ = ["Cite", "Style", "STYLE_CLASSES", "get_style"]
