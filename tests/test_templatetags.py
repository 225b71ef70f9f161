"""The portal's template helpers."""

import pytest
from django.template import Context, Template
from django.utils import translation

from partners.models import Partner

from .factories import PartnerFactory


@pytest.mark.django_db
def test_label_shows_a_choice_as_get_foo_display_does_in_the_page_language():
    partner = PartnerFactory(kind=Partner.Kind.RESEARCH_BODY, region="bretagne")
    template = Template('{% load portal %}{{ partner|label:"kind" }} / {{ partner|label:"region" }}')
    with translation.override("en"):
        assert template.render(Context({"partner": partner})) == f"{partner.get_kind_display()} / Brittany"
    with translation.override("fr"):
        assert template.render(Context({"partner": partner})) == "Organisme de recherche / Bretagne"
