"""Telling apart works whose in-text forms would collide, as CSL's author-date styles do.

Three steps, in the order the CSL specification and citeproc-js apply them:

1. Names that stand for different people (`disambiguate-add-givenname`). With a global rule
   (APA: primary-name-with-initials, Chicago: primary-name) every first author who shares a family
   name with another first author in the bibliography gets initials, or the full given name when
   initials are not enough and the rule allows it: (A. Smith, 2020), (Jane Smith 2020). With
   "by-cite" (Harvard, the CSL default) only names in colliding citations are expanded.
2. More names before "et al." (`disambiguate-add-names`): (Silver, Schrittwieser, et al., 2017)
   and (Silver, Hubert, et al., 2017). Names that do not settle a collision are taken back.
3. Year suffixes (`disambiguate-add-year-suffix`) for what is still the same: 2025a, 2025b. Within
   a group the letters follow the style's reference-list order (`suffix_order`), then file order.

The wiki is one document, so this runs once per bibliography and style; the result depends only on
the set of items, never on the order of the .bib file beyond the last tie-break.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING
from string import ascii_lowercase

from generator.cite.item import Item
from generator.cite.names import FULL, INITIALS, NONE, Name, given_form

if TYPE_CHECKING:
    from generator.cite.styles.base import Style

@dataclass(frozen=True)
class CiteForm:
    """How one item is cited in one style: names shown, given-name levels, year suffix."""

    names: int = 0
    givens: tuple[int, ...] = ()
    year_suffix: str = ""


def suffix_letters(index: int) -> str:
    """a … z, then aa, ab, … (as citeproc-js counts)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = ascii_lowercase[rest] + letters
    return letters


def person(name: Name) -> tuple:
    return name.literal, name.particle, name.family, name.given, name.suffix


class Disambiguator:
    """The state of one run: for each item, names shown and given-name levels."""

    def __init__(self, style: Style, items: list[Item]) -> None:
        self.style = style
        self.items = {item.id: item for item in items}
        self.order = {item.id: position for position, item in enumerate(items)}
        self.base = style.et_al_use_first
        self.shown = {item.id: self.base for item in items}
        self.givens = {item.id: [NONE] * len(item.authors) for item in items}

    # ---- what a citation looks like --------------------------------------------------------------
    def names_shown(self, key: str, shown: int | None = None) -> int:
        authors = self.items[key].authors
        shown = self.shown[key] if shown is None else shown
        if len(authors) < self.style.et_al_min or shown >= len(authors):
            return len(authors)
        return shown

    def form(self, key: str, shown: int | None = None) -> tuple:
        """What the in-text form shows, up to the year suffix: equal forms are ambiguous."""
        item = self.items[key]
        date = self.style.cited_date(item)
        year = date.year if date else None
        if not item.authors:  # cited by title
            return ("title", (item.title_short or item.title).casefold()), year
        count = self.names_shown(key, shown)
        names = tuple(given_form(name, level) for name, level in zip(item.authors[:count], self.givens[key]))
        return names, count < len(item.authors), year

    def collisions(self) -> list[list[str]]:
        groups: dict[tuple, list[str]] = defaultdict(list)
        for key in self.items:
            groups[self.form(key)].append(key)
        return [sorted(members, key=self.order.__getitem__) for members in groups.values() if len(members) > 1]

    # ---- step 1: global given names ---------------------------------------------------------------
    def expand_primary_names(self, initials_only: bool) -> None:
        people: dict[str, set[tuple]] = defaultdict(set)
        firsts = {key: item.authors[0] for key, item in self.items.items()
                  if item.authors and not item.authors[0].literal}
        for name in firsts.values():
            people[name.surname].add(person(name))
        for key, name in firsts.items():
            others = [p for p in people[name.surname] if p != person(name)]
            if not others:
                continue
            clash = any(Name(family=p[2], given=p[3]).initials() == name.initials() for p in others)
            self.givens[key][0] = FULL if clash and not initials_only else INITIALS

    # ---- step 2: more names -----------------------------------------------------------------------
    def add_names(self) -> None:
        start = {key: self.form(key) for key in self.items}
        colliding_at_start: dict[tuple, list[str]] = defaultdict(list)
        for key, form in start.items():
            colliding_at_start[form].append(key)
        while True:
            grown = False
            for group in self.collisions():
                for key in group:
                    if self.names_shown(key) < len(self.items[key].authors):
                        self.shown[key] += 1
                        grown = True
            if not grown:
                break
        # Take back names that did not help: an item still ambiguous keeps only the names it needs
        # to stay apart from the items it no longer collides with.
        for group in self.collisions():
            for key in group:
                rivals = [other for other in colliding_at_start[start[key]] if other not in group]
                shown = self.base
                while shown < self.shown[key] and any(self.form(key, shown) == self.form(r) for r in rivals):
                    shown += 1
                self.shown[key] = shown

    # ---- step 2b: given names in colliding citations only ("by-cite") -----------------------------------
    def expand_colliding_names(self) -> None:
        for group in self.collisions():
            for position in range(max(self.names_shown(key) for key in group)):
                at = {key: self.items[key].authors[position] for key in group if position < self.names_shown(key)}
                for key, name in at.items():
                    others = {person(o) for o in at.values() if o.surname == name.surname} - {person(name)}
                    if not others or name.literal:
                        continue
                    clash = any(Name(family=p[2], given=p[3]).initials() == name.initials() for p in others)
                    self.givens[key][position] = max(self.givens[key][position], FULL if clash else INITIALS)

    # ---- step 3: year suffixes ------------------------------------------------------------------------
    def year_suffixes(self) -> dict[str, str]:
        suffixes: dict[str, str] = {}
        for group in self.collisions():
            ordered = sorted(group, key=lambda key: (self.style.suffix_order(self.items[key]), self.order[key]))
            for index, key in enumerate(ordered):
                suffixes[key] = suffix_letters(index)
        return suffixes

    def run(self) -> dict[str, CiteForm]:
        rule = self.style.givenname_rule
        if rule in ("primary-name", "primary-name-with-initials"):
            self.expand_primary_names(initials_only=rule.endswith("with-initials"))
        self.add_names()
        if rule == "by-cite":
            self.expand_colliding_names()
        suffixes = self.year_suffixes()
        forms = {}
        for key, item in self.items.items():
            shown = self.names_shown(key)
            names = shown if shown != self.names_shown(key, self.base) else 0
            givens = tuple(self.givens[key]) if any(self.givens[key]) else ()
            if names or givens or key in suffixes:
                forms[key] = CiteForm(names, givens, suffixes.get(key, ""))
        return forms


def cite_forms(style: Style, items: list[Item]) -> dict[str, CiteForm]:
    """Item id -> how `style` must cite it to tell it apart, for the items that need it."""
    if style.note_style:  # note styles cite in full; nothing is ambiguous
        return {}
    return Disambiguator(style, items).run()


def year_suffixes(style: Style, items: list[Item]) -> dict[str, str]:
    """Item id -> year suffix, for the items that stay ambiguous after names are added."""
    return {key: form.year_suffix for key, form in cite_forms(style, items).items() if form.year_suffix}
