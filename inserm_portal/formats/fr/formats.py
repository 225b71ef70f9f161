"""French dates, one way everywhere (pages, admin, exports): "1 janvier 2024".

Django's own French formats write "1 janvier 2024" and "01/01/2024" side by side; the short
format now writes the long one too. The month in full: Django's abbreviations ("jan.",
"fév.") are not those of French typography ("janv.", "févr."). Formats are looked up here
first (settings.FORMAT_MODULE_PATH), then in Django's module for anything not set."""

DATE_FORMAT = "j F Y"  # 1 janvier 2024
SHORT_DATE_FORMAT = DATE_FORMAT
DATETIME_FORMAT = "j F Y H:i"  # 1 janvier 2024 14:05
SHORT_DATETIME_FORMAT = DATETIME_FORMAT

# What forms accept, the first one being what the admin's date inputs show: day first
# (01/02/2024 is 1 February) and ISO 2024-02-01 (Django accepts ISO 8601 in any language
# besides).
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
]
