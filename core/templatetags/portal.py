"""Template helpers of the portal's own pages."""

from functools import lru_cache

from django import template
from django.template.defaulttags import querystring
from django.utils.html import format_html
from django.utils.translation import get_language
from django_countries import countries

from core import links

register = template.Library()


@register.simple_tag
def page_url(viewname: str) -> str:
    """`{% page_url 'partners:list' %}`: what `{% url %}` gives for a URL without arguments,
    reversed once per language (links.page_url) instead of on every page."""
    return links.page_url(viewname)


@register.simple_tag(takes_context=True)
def sort_header(context, key: str, label, classes: str = ""):
    """`{% sort_header "name" _("Name") %}`: a column header whose link sorts the list by
    `key`, or reverses the sort if it is the current one, keeping the filters. A tag rather
    than an included template: a list has four or five of them."""
    current = context.get("current_sort")
    if current == key:
        sort, arrow, state = f"-{key}", "▲", "ascending"
    elif current == f"-{key}":
        sort, arrow, state = key, "▼", "descending"
    else:
        sort, arrow, state = key, "", ""
    return format_html(
        '<th scope="col"{}{}><a href="{}">{}{}</a></th>',
        format_html(' class="{}"', classes) if classes else "",
        format_html(' aria-sort="{}"', state) if state else "",
        querystring(context, sort=sort, page=None),
        label,
        format_html(' <span aria-hidden="true">{}</span>', arrow) if arrow else "",
    )


def acronym_after(acronym: str) -> str:
    """What list rows write after a name: ` (ACRONYM)`, greyed, or nothing."""
    return format_html(' <span class="text-body-secondary">({})</span>', acronym) if acronym else ""


@lru_cache(maxsize=256)
def labels_of(model, field_name: str, language: str | None) -> dict:
    """{value: label} of a field's choices in a language, built once."""
    return {value: str(text) for value, text in model._meta.get_field(field_name).flatchoices}


@register.filter
def label(record, field_name: str):
    """`{{ partner|label:"kind" }}`: what `get_kind_display` shows, without rebuilding and
    translating the choices for every row (Django's get_FOO_display does, and it cost a
    third of a list page)."""
    value = getattr(record, field_name)
    return labels_of(type(record), field_name, get_language()).get(value, value)


@register.filter
def country_name(country) -> str:
    """`{{ partner.country|country_name }}`: the country's name in the page's language,
    looked up once per language (django-countries translates it again at every access)."""
    return name_of_country(country.code, get_language()) if country else ""


@lru_cache(maxsize=1024)
def name_of_country(code: str, language: str) -> str:
    return str(countries.name(code))
