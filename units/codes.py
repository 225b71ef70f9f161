"""Inserm unit codes: their one spelling, their number, and the number in a search.

A code is a prefix and the unit's Inserm number: U1234, UMR-S 1234, CIC 1401, US 14. The
number identifies the unit whatever the prefix (U1013 and UMR-S 1013 are one number), so
that a search finds it from any spelling, and two units with one number cannot run at the
same time (ResearchUnit.number_errors). Pure functions, like rules.py: the model, the
admin, the import and the search all read them.
"""

import re

from core.search import fold

# Each prefix as typed without separators or case -> as Inserm writes it.
PREFIXES = {
    "U": "U",
    "UMR": "UMR",
    "UMRS": "UMR-S",
    "CIC": "CIC",
    "US": "US",
    "UMS": "UMS",
    "ERL": "ERL",
}

# The structure types each prefix allows (values of ResearchUnit.StructureType).
PREFIX_TYPES = {
    "U": ("research_unit", "mixed_unit"),
    "UMR": ("mixed_unit",),
    "UMR-S": ("mixed_unit",),
    "CIC": ("cic",),
    "US": ("service_unit",),
    "UMS": ("service_unit",),
    "ERL": ("team",),
}

# Letters (a second word of letters allowed: UMR S, UMR_S), then the number.
CODE = re.compile(r"^\s*(?P<prefix>[A-Za-z]+(?:[\s_.-]+[A-Za-z]+)?)[\s_.-]*(?P<digits>\d+)\s*$")

# A search that names a unit by its number, in any spelling: "U1013", "UMR-S 1013",
# "Inserm U1013", "unité Inserm 1013", "1013". Matched against the folded search text.
NUMBER_SEARCH = re.compile(
    r"^(?:(?:inserm|unite|unit)[\s_.-]*)*"
    r"(?:(?:umr[\s_.-]*s|umr|ums|us|cic|erl|u)[\s_.-]*)?"
    r"(?P<digits>\d{1,6})$"
)


def split(code: str) -> tuple[str, str] | None:
    """(prefix, digits) of a code, the prefix as typed in upper case without separators
    ("umr_s 1013" -> ("UMRS", "1013")); None if it is not letters then digits."""
    match = CODE.match(code or "")
    if match is None:
        return None
    return re.sub(r"[\s_.-]", "", match["prefix"]).upper(), match["digits"]


def canonical(code: str) -> str | None:
    """The code as Inserm writes it: the prefix in upper case, "U" directly followed by the
    number, any other prefix followed by one space ("u 1999" -> "U1999", "UMRS1013" ->
    "UMR-S 1013", "cic1401" -> "CIC 1401"); the digits as typed. None if the prefix is
    not an Inserm one, or the code is not a prefix and a number."""
    parts = split(code)
    if parts is None or parts[0] not in PREFIXES:
        return None
    prefix, digits = PREFIXES[parts[0]], parts[1]
    return f"{prefix}{digits}" if prefix == "U" else f"{prefix} {digits}"


def prefix(code: str) -> str | None:
    """The code's Inserm prefix as Inserm writes it (UMR-S), None if it has none."""
    parts = split(code)
    return PREFIXES.get(parts[0]) if parts else None


def number(code: str) -> int | None:
    """The unit's Inserm number: the digits that end its code (UMR-S 1013 -> 1013)."""
    match = re.search(r"(\d+)\s*$", code or "")
    return int(match[1]) if match and len(match[1]) <= 9 else None


def number_searched(text: str) -> int | None:
    """The Inserm number a search names, if it names one in any spelling ("Inserm U1013",
    "unité 1013", "UMRS1013", "1013" -> 1013); None for any other search."""
    match = NUMBER_SEARCH.match(" ".join(fold(text).split()))
    return int(match["digits"]) if match else None
