"""Template helpers of the portal's own pages."""

from functools import cache

from django import template

register = template.Library()


@cache
def labels_of(model, field_name: str) -> dict:
    """{value: label} of a field's choices, built once. The labels stay lazy, so each
    page shows them in its own language."""
    return dict(model._meta.get_field(field_name).flatchoices)


@register.filter
def label(record, field_name: str):
    """`{{ partner|label:"kind" }}`: what `get_kind_display` shows, without rebuilding the
    choices for every row (Django's get_FOO_display does, and it cost a third of a list page)."""
    value = getattr(record, field_name)
    return labels_of(type(record), field_name).get(value, value)
