"""A work written with its author as one option ("Mayhem - Lady Gaga", "Golden Hour by Kacey
Musgraves"): the pattern that reads the two parts and which of them is the work.

Apart from names.py because it reads an option's form, not a name: the general reader, the
scope and statement checks and the name comparison (name_variants.py) each ask it whether an
option is a work and its author.
"""

from __future__ import annotations

import re

# A work and its author as one option: "Title - Artist", "Title by Artist" (both parts capitalised).
WORK_BY = re.compile(r"([A-Z0-9][^()]*?[\w.!?'’)]) (?:by|-|–|—) ([A-Z][\w'’.]*(?: [\w'’.&]+){0,5})")


def work_and_author(label: str, context: str) -> tuple[str, str] | None:
    """The work and its author of an option written as both, or None: "Title - Artist" unless the
    market's own texts write the parts the other way round ("Taylor Swift - The Life of a
    Showgirl" whose rules say "The Life of a Showgirl by Taylor Swift")."""
    work = WORK_BY.fullmatch(label)
    if work is None:
        return None
    first, second = work.groups()
    return (second, first) if f"{second.lower()} by {first.lower()}" in context else (first, second)
