"""How people write a unit's Inserm number (issue 15): each finds U1013 or UMR-S 1013, on
the public list, in the API and in the admin."""

SPELLINGS = [
    "U1013",
    "u 1013",
    "UMR-S 1013",
    "UMRS1013",
    "UMR 1013",
    "Inserm U1013",
    "Inserm 1013",
    "unité 1013",
    "Unité Inserm 1013",
    "UNITE INSERM U1013",
    "CIC 1013",
    "1013",
]
