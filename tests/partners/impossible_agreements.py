"""The agreements that can never be true or are refused today (issue 15), as one table:
the admin, the import and the staff API each refuse every one at the field named.

EMPTY stands for a field left empty, which each path writes its own way ("" in a form or
a spreadsheet cell, null in JSON); `as_written(empty)` gives the table in one of them."""

EMPTY = object()

IMPOSSIBLE = [
    ({"end": "2026-10-31"}, "end"),  # before the start (2026-11-01)
    ({"signed_on": EMPTY}, "signed_on"),  # signed without a signature date
    ({"signed_on": "2026-12-01"}, "signed_on"),  # in the future (today is 2026-11-30)
    ({"stage": "terminated"}, "terminated_on"),  # terminated without its date
    ({"stage": "terminated", "terminated_on": "2026-10-31"}, "terminated_on"),  # before the start
    ({"stage": "terminated", "end": "2027-01-31", "terminated_on": "2027-02-01"}, "terminated_on"),  # after the end
    ({"terminated_on": "2026-11-15"}, "terminated_on"),  # signed, not terminated
    ({"partners": EMPTY}, "partners"),  # without partners
]


def as_written(empty) -> list[tuple[dict, str]]:
    return [
        ({key: empty if value is EMPTY else value for key, value in changes.items()}, field)
        for changes, field in IMPOSSIBLE
    ]
