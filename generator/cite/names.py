"""Personal and corporate names: pybtex's name parts, decoded, with the forms the styles print."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pybtex.database import Person

from generator.cite.latex import decode

NONE, INITIALS, FULL = 0, 1, 2  # how much of a given name an in-text citation shows


@dataclass(frozen=True)
class Name:
    family: str = ""
    given: str = ""
    particle: str = ""  # "van den" in "van den Driessche": printed before the family name
    suffix: str = ""  # "Jr."
    literal: str = ""  # a corporate author, printed as written

    @property
    def is_corporate(self) -> bool:
        return bool(self.literal)

    @property
    def surname(self) -> str:
        """The family name with its particle, as in-text citations print it."""
        if self.literal:
            return self.literal
        return f"{self.particle} {self.family}".strip()

    def initials(self, dots: bool = True, spaced: bool = True) -> str:
        """'Quoc V.' -> 'Q. V.'; 'Jean-Paul' -> 'J.-P.'; without dots (OSCOLA) 'QV', 'J-P'; not spaced
        (Cite Them Right) 'Q.V.'. Initials typed together ('J.A.') are two initials.

        A lowercase part after a hyphen belongs to the name before it ('Ji-woo' -> 'J.'), as in
        citeproc-js."""
        return _initials(self.given, dots, spaced)

    def undotted(self) -> str:
        """'Jack W. Rae', 'Martin Luther King, Jr.' as OSCOLA writes them: 'Jack W Rae', 'Martin Luther King Jr'
        (no full stops after initials or in abbreviations, §1.6.1; no comma before a suffix)."""
        if self.literal:
            return self.literal
        given_text = _undotted_given(self.given) if "." in self.given else self.given
        suffix = self.suffix.replace(".", "")
        return " ".join(part for part in (given_text, self.particle, self.family, suffix) if part)

    def inverted(self, given: str) -> str:
        """'Family, Given' (with particle before family and suffix after given)."""
        if self.literal:
            return self.literal
        name = self.surname
        if given:
            name += f", {given}"
        if self.suffix:
            name += f", {self.suffix}"
        return name

    def natural(self, suffix_comma: bool = True) -> str:
        """'Given particle Family, Suffix'."""
        if self.literal:
            return self.literal
        name = " ".join(part for part in (self.given, self.particle, self.family) if part)
        return f"{name}{',' if suffix_comma else ''} {self.suffix}" if self.suffix else name


SPACE_INITIALS = re.compile(r"(?<=\b\w)\.(?=\w\.)")
GIVEN_PARTS = re.compile(r"\s+|(?<=\.)(?=\w)")


def is_others(person: Person) -> bool:
    """BibTeX's `and others`: the list goes on (et al.), not an author named Others."""
    return not (person.first_names or person.middle_names or person.prelast_names or person.lineage_names) \
        and person.last_names == ["others"]


INITIAL_DOT = re.compile(r"(?<=\b\w)\.")
INITIALS_APART = re.compile(r"(?<=\b\w) (?=\w\b)")


@lru_cache(maxsize=16384)
def _undotted_given(given: str) -> str:
    """'J. A.' -> 'JA', 'Jack W.' -> 'Jack W': OSCOLA's initials run together without full stops."""
    return INITIALS_APART.sub("", " ".join(INITIAL_DOT.sub("", given).replace(".", " ").split()))


@lru_cache(maxsize=16384)
def _initials(given: str, dots: bool, spaced: bool) -> str:
    """Name.initials, once per given name and form (a bibliography repeats its authors' names often)."""
    out = []
    for word in GIVEN_PARTS.split(given.strip()) if "." in given else given.split():
        first, *rest = [p for p in word.split("-") if p] or [""]
        pieces = [first] + [p for p in rest if not p[:1].islower()]
        letters = [first_letter(p) for p in pieces]
        if dots:
            out.append("-".join(f"{letter}." for letter in letters if letter))
        else:
            out.append("-".join(letter for letter in letters if letter))
    return (" " if dots and spaced else "").join(part for part in out if part)


def first_letter(word: str) -> str:
    match = re.search(r"\w", word)
    return match.group().upper() if match else ""


def name_from_person(person: Person) -> Name:
    """A pybtex Person as a Name; a single fully braced last name is a corporate author."""
    parts = person.first_names + person.middle_names + person.prelast_names + person.lineage_names
    if not parts and len(person.last_names) == 1:
        last = person.last_names[0]
        if last.startswith("{") and last.endswith("}"):
            return Name(literal=decode(last))
    return Name(
        family=decode(" ".join(person.last_names)),
        # Initials typed together are spaced as the styles print them: 'J.A.' -> 'J. A.'
        given=space_initials(decode(" ".join(person.first_names + person.middle_names))),
        particle=decode(" ".join(person.prelast_names)),
        suffix=decode(" ".join(person.lineage_names)),
    )


def space_initials(given: str) -> str:
    return SPACE_INITIALS.sub(". ", given) if "." in given else given


def name_from_text(text: str) -> Name:
    return name_from_person(Person(text))


def given_form(name: Name, level: int) -> str:
    """A name as an in-text citation prints it at a given-name level: Smith, A. Smith, Anna Smith."""
    if name.literal or level == NONE or not name.given:
        return name.surname
    given = name.initials() if level == INITIALS else name.given
    return f"{given} {name.surname}"
