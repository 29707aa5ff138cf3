"""The citation styles, by name."""

from generator.cite.styles.apa import APA
from generator.cite.styles.chicago import Chicago
from generator.cite.styles.harvard import Harvard
from generator.cite.styles.oscola import OSCOLA
from generator.cite.styles.base import Cite, Style

STYLE_CLASSES: dict[str, type[Style]] = {"apa": APA, "chicago": Chicago, "harvard": Harvard, "oscola": OSCOLA}


def get_style(name: str) -> Style:
    return STYLE_CLASSES[name]()


__all__ = ["Cite", "Style", "STYLE_CLASSES", "get_style"]
