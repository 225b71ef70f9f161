"""Template helpers of the portal's own pages."""

from functools import lru_cache

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language, override
from django_countries import countries

from core import links
from core.columns import Columns, body_rows, header_cells

register = template.Library()


@register.simple_tag
def page_url(viewname: str) -> str:
    """`{% page_url 'partners:list' %}`: what `{% url %}` gives for a URL without arguments,
    reversed once per language (links.page_url) instead of on every page."""
    return links.page_url(viewname)


@register.simple_tag(takes_context=True)
def column_headers(context, columns: Columns):
    """`{% column_headers columns %}`: the header cells of a list's table (core/columns.py),
    sortable ones linking to the list sorted by them, filters kept."""
    return header_cells(columns.screen, context)


@register.simple_tag
def column_rows(columns: Columns, rows):
    """`{% column_rows columns page_obj.object_list %}`: the table's rows, written in Python."""
    return body_rows(columns, rows)


def acronym_after(acronym: str) -> str:
    """What list rows write after a name: ` (ACRONYM)`, greyed, or nothing."""
    return format_html(' <span class="text-body-secondary">({})</span>', acronym) if acronym else ""


@lru_cache(maxsize=256)
def labels_of(model, field_name: str, language: str | None) -> dict:
    """{value: label} of a field's choices in a language, built once."""
    with override(language):
        return {value: str(text) for value, text in model._meta.get_field(field_name).flatchoices}


@register.filter
def label(record, field_name: str):
    """`{{ partner|label:"kind" }}`: what `get_kind_display` shows, without rebuilding and
    translating the choices for every row as Django's get_FOO_display does."""
    value = getattr(record, field_name)
    return labels_of(type(record), field_name, get_language()).get(value, value)


@register.filter
def choice_label(choices, value):
    """`{{ statuses|choice_label:status }}`: the label of `value` among (value, label) pairs,
    for a hand-written table's cell to carry its column's name (data-label) as list rows do."""
    return dict(choices).get(value, value)


@register.filter
def country_name(country) -> str:
    """`{{ partner.country|country_name }}`: the country's name in the page's language,
    looked up once per language (django-countries translates it again at every access)."""
    return name_of_country(country.code, get_language()) if country else ""


@lru_cache(maxsize=1024)
def name_of_country(code: str, language: str) -> str:
    with override(language):
        return str(countries.name(code))
