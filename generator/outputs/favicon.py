"""favicon.ico at the site root: browsers ask for /favicon.ico on a first visit whatever the page declares,
so the icon shipped in templates/static is also written there (no 404 in every new reader's log)."""

from __future__ import annotations

from pathlib import Path

from generator.render.pages import Page

ICON = "favicon.ico"


def favicon_file(checked, renderer) -> list[Page]:
    for folder in renderer.env.loader.searchpath:  # the templates folder (jinja2.FileSystemLoader)
        icon = Path(folder) / "static" / ICON
        if icon.is_file():
            return [Page(ICON, icon.read_bytes())]
    return []
