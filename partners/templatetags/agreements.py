"""The public agreements table of a unit's page and of a partner's page."""

from django import template

from partners.columns import AGREEMENTS_OF_A_PARTNER, AGREEMENTS_OF_A_UNIT

register = template.Library()

COLUMNS = {"unit": AGREEMENTS_OF_A_UNIT, "partner": AGREEMENTS_OF_A_PARTNER}


@register.inclusion_tag("includes/list_table.html")
def agreements_table(agreements, page: str, caption: str):
    """`{% agreements_table agreements "unit" _("caption") %}`: the agreements, with the
    columns a unit's (or a partner's) page shows."""
    return {"columns": COLUMNS[page], "rows": agreements, "caption": caption, "plain": True}
