"""Template helpers of the portal's own pages."""

from functools import cache, lru_cache

from django import template
from django.utils.translation import get_language
from django_countries import countries

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


@register.filter
def country_name(country) -> str:
    """`{{ partner.country|country_name }}`: the country's name in the page's language,
    looked up once per language (django-countries translates it again at every access)."""
    return name_of_country(country.code, get_language()) if country else ""


@lru_cache(maxsize=1024)
def name_of_country(code: str, language: str) -> str:
    return str(countries.name(code))
