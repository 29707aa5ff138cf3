"""Personal and corporate names: pybtex's name parts, decoded, with the forms the styles print."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pybtex.database import Person

from generator.cite.latex import decode


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

    def initials(self, dots: bool = True) -> str:
        """'Quoc V.' -> 'Q. V.'; 'Jean-Paul' -> 'J.-P.'; without dots (OSCOLA) 'QV', 'J-P'."""
        out = []
        for word in self.given.split():
            pieces = [p for p in word.split("-") if p]
            letters = [first_letter(p) for p in pieces]
            if dots:
                out.append("-".join(f"{letter}." for letter in letters if letter))
            else:
                out.append("-".join(letter for letter in letters if letter))
        return (" " if dots else "").join(part for part in out if part)

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

    def natural(self) -> str:
        """'Given particle Family, Suffix'."""
        if self.literal:
            return self.literal
        name = " ".join(part for part in (self.given, self.particle, self.family) if part)
        return f"{name}, {self.suffix}" if self.suffix else name


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
        given=decode(" ".join(person.first_names + person.middle_names)),
        particle=decode(" ".join(person.prelast_names)),
        suffix=decode(" ".join(person.lineage_names)),
    )


def name_from_text(text: str) -> Name:
    return name_from_person(Person(text))
