"""The template helpers of the portal and of the unit pages."""

import pytest
from django.template import Context, Template
from django.utils import translation

from partners.models import Partner

from ..factories import PartnerFactory


@pytest.mark.django_db
def test_label_shows_a_choice_as_get_foo_display_does_in_the_page_language():
    partner = PartnerFactory(kind=Partner.Kind.RESEARCH_BODY, region="bretagne")
    template = Template('{% load portal %}{{ partner|label:"kind" }} / {{ partner|label:"region" }}')
    with translation.override("en"):
        assert template.render(Context({"partner": partner})) == f"{partner.get_kind_display()} / Brittany"
    with translation.override("fr"):
        assert template.render(Context({"partner": partner})) == "Organisme de recherche / Bretagne"


@pytest.mark.django_db
def test_country_name_is_the_name_in_the_page_language():
    partner = PartnerFactory(country="DE")
    template = Template("{% load portal %}{{ partner.country|country_name }}")
    with translation.override("en"):
        assert template.render(Context({"partner": partner})) == "Germany"
    with translation.override("fr"):
        assert template.render(Context({"partner": partner})) == "Allemagne"
        assert template.render(Context({"partner": PartnerFactory(country="")})) == ""


@pytest.mark.parametrize(
    ("status", "colour", "label"),
    [
        ("renewable", "success", "First term (renewable)"),
        ("expiring", "warning", "Expiring"),
        ("ended", "secondary", "Ended"),
    ],
)
def test_status_badge_colours_each_status(status, colour, label):
    html = Template("{% load units %}{{ status|status_badge }}").render(Context({"status": status}))
    assert html == f'<span class="badge text-bg-{colour} status-badge">{label}</span>'


@pytest.mark.parametrize("status", [None, "", "<script>"])
def test_status_badge_shows_nothing_without_a_known_status(status):
    assert Template("{% load units %}{{ status|status_badge }}").render(Context({"status": status})) == ""


def test_status_badges_are_written_in_each_language():
    template = Template("{% load units %}{{ status|status_badge }}")
    with translation.override("fr"):
        assert ">Arrive à échéance<" in template.render(Context({"status": "expiring"}))
    with translation.override("en"):
        assert ">Expiring<" in template.render(Context({"status": "expiring"}))
