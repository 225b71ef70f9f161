"""What is kept once per language is written in the language it is kept for, whichever
language is active when it is first asked for (a cache keyed by a language it never read
would hand one language's text to the other)."""

import datetime as dt

import pytest
from django.utils import translation

from core import links
from core.columns import short_date
from core.templatetags.portal import labels_of, name_of_country
from partners.models import Partner
from units.models import MandateStatus
from units.templatetags.units import badge


@pytest.fixture(autouse=True)
def _empty_caches():
    for kept in (links.reversed_url, labels_of, name_of_country, short_date, badge):
        kept.cache_clear()


@pytest.mark.parametrize("active", ["en", "fr"])
def test_each_language_gets_its_own_text_whatever_is_active(active):
    with translation.override(active):
        assert links.reversed_url("partners:list", (), "fr", "/", None) == "/fr/partners/"
        assert links.reversed_url("partners:list", (), "en", "/", None) == "/en/partners/"
        assert labels_of(Partner, "kind", "fr")["university"] == "Université"
        assert labels_of(Partner, "kind", "en")["university"] == "University"
        assert name_of_country("DE", "fr") == "Allemagne"
        assert name_of_country("DE", "en") == "Germany"
        assert short_date(dt.date(2026, 11, 30), "fr") == "30 novembre 2026"
        assert short_date(dt.date(2026, 11, 30), "en") == "30 Nov 2026"
        assert "Dernier mandat" in badge(MandateStatus.FINAL, "fr")
        assert "Final term" in badge(MandateStatus.FINAL, "en")
