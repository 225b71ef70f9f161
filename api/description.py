"""The API's description, at the head of its schema and of its documentation page: what it
serves, the rate limit as the settings say now (API_ANON_RATE), and how it answers what it
does not understand."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .throttling import AnonymousRateThrottle

# What a refused parameter answers (api/parameters.py), in the description.
REFUSAL = (
    '{"detail": "Unknown query parameter: partner. This endpoint reads: …", '
    '"unknown": ["partner"], "known": ["format", "kind", …]}'
)


def rate_limit() -> str:
    """The anonymous clients' rate, in words: "120 requests a minute"."""
    throttle = AnonymousRateThrottle()
    count, seconds = throttle.num_requests, throttle.duration
    if count is None:
        return ""
    sentences = {
        1: ngettext("%(count)d request a second", "%(count)d requests a second", count),
        60: ngettext("%(count)d request a minute", "%(count)d requests a minute", count),
        3600: ngettext("%(count)d request an hour", "%(count)d requests an hour", count),
        86400: ngettext("%(count)d request a day", "%(count)d requests a day", count),
    }
    return sentences[seconds] % {"count": count}


def api_description() -> str:
    rate = rate_limit()
    limit = (
        _("Anonymous clients may make %(rate)s; beyond it, 429 with Retry-After.") % {"rate": rate}
        if rate
        else _("Anonymous clients are not limited.")
    )
    return " ".join(
        [
            _("Published research units, sites, partners, categories and public agreements."),
            limit,
            _(
                "Each address reads only the query parameters it documents (and format), and refuses any other "
                "with 400 naming it, rather than ignoring it: %(example)s. A filter value it does not understand "
                "answers 400 with the message under the filter's name."
            )
            % {"example": REFUSAL},
            _(
                "A unit's address takes its code in any spelling: /api/v1/units/u1013/ answers 301 "
                "to /api/v1/units/U1013/."
            ),
            _(
                "Under staff/, signed-in staff read and write agreements and units with their session "
                "(and its CSRF token), within their model permissions; a refused write answers 400 "
                "with each message under its field's name."
            ),
        ]
    )
