"""English dates, one way everywhere (pages, admin, exports): "1 Jan 2024", day first.

Django's own English formats write "Jan. 1, 2024" and "01/01/2024" (month first) side by
side; these replace both. Formats are looked up here first (settings.FORMAT_MODULE_PATH),
then in Django's module for anything not set."""

DATE_FORMAT = "j M Y"  # 1 Jan 2024
SHORT_DATE_FORMAT = DATE_FORMAT
DATETIME_FORMAT = "j M Y, H:i"  # 1 Jan 2024, 14:05
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
TIME_FORMAT = "H:i"

# What forms accept, the first one being what the admin's date inputs show: day first,
# never month first (01/02/2024 is 1 February), ISO 2024-02-01, and the way pages write
# dates. Django accepts ISO 8601 in any language besides.
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d %b %Y", "%d %B %Y"]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
]
