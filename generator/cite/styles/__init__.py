"""The citation styles, by name."""

from generator.cite.styles.apa import APA
from generator.cite.styles.chicago import Chicago
from generator.cite.styles.base import Cite, Style

STYLE_CLASSES: dict[str, type[Style]] = {"apa": APA, "chicago": Chicago}


def get_style(name: str) -> Style:
    return STYLE_CLASSES[name]()


__all__ = ["Cite", "Style", "STYLE_CLASSES", "get_style"]
