"""Template helpers of the unit pages."""

from functools import lru_cache

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language, override

from units import rules
from units.models import MandateStatus

register = template.Library()

# Bootstrap's colour for each mandate status.
STATUS_COLOURS = {
    MandateStatus.RENEWABLE: "success",
    MandateStatus.FINAL: "primary",
    MandateStatus.EXPIRING: "warning",
    MandateStatus.ENDED: "secondary",
    MandateStatus.UPCOMING: "info",
}


@register.filter
def status_badge(status):
    """`{{ unit.mandate_status|status_badge }}`: the status as a coloured badge, nothing for
    a unit without terms. A filter, not an included template: lists show one per row."""
    if status not in STATUS_COLOURS:
        return ""
    return badge(status, get_language())


@lru_cache(maxsize=64)
def badge(status: str, language: str | None) -> str:
    """A status's badge in a language, written once."""
    with override(language):
        return format_html(
            '<span class="badge text-bg-{} status-badge">{}</span>', STATUS_COLOURS[status], MandateStatus(status).label
        )


@register.simple_tag
def term_rule() -> str:
    """`{% term_rule %}`: the term's length and the renewals allowed, in the active language
    (rules.term_rule: a template never restates the rule)."""
    return rules.term_rule()
