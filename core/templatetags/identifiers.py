"""{% identifiers record %}: a record's identifiers, each a link to its registry, as rows of
the page's description list (templates/includes/identifiers.html)."""

from django import template

from core.identifiers import identifiers_of

register = template.Library()


@register.inclusion_tag("includes/identifiers.html")
def identifiers(record, label_class="col-sm-3", value_class="col-sm-9", own_list=False):
    """`own_list`: in a description list of their own, for a page that has none."""
    return {
        "identifiers": identifiers_of(record),
        "label_class": label_class,
        "value_class": value_class,
        "own_list": own_list,
    }
