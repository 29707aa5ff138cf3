"""The styles as pybtex formatting-style plugins (entry-point group ``pybtex.style.formatting``).

So ``pybtex.plugin.find_plugin("pybtex.style.formatting", "apa")`` and ``pybtex --style apa`` use the
same code as the wiki: each entry is converted to an Item and formatted by our style, and the result
handed back as pybtex rich text, which pybtex's backends render as text, HTML, LaTeX or Markdown.
"""

from __future__ import annotations

from pybtex.style import FormattedEntry
from pybtex.style.formatting import BaseStyle

from generator.cite.item import item_from_entry
from generator.cite.styles import Style, get_style


class _PolicywikiStyle(BaseStyle):
    style_name = ""
    default_sorting_style = "none"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.style: Style = get_style(self.style_name)

    def format_entry(self, label, entry, bib_data=None):
        item = item_from_entry(entry.key, entry)
        return FormattedEntry(entry.key, self.style.bibliography(item).pybtex(), label)

    def format_citation(self, entry):
        """The entry's first in-text citation (a full footnote in OSCOLA), as pybtex rich text."""
        return self.style.first_citation(item_from_entry(entry.key, entry)).pybtex()


class APAStyle(_PolicywikiStyle):
    style_name = "apa"


class ChicagoStyle(_PolicywikiStyle):
    style_name = "chicago"


class HarvardStyle(_PolicywikiStyle):
    style_name = "harvard"


class OSCOLAStyle(_PolicywikiStyle):
    style_name = "oscola"
