"""The home page's key figures are kept until the next edit: each language keeps its own,
since their links are that language's addresses."""

import re

import pytest

from ..factories import MandateFactory

pytestmark = pytest.mark.django_db


def unit_list_links(html: str) -> set[str]:
    return set(re.findall(r'href="(/[a-z]{2})/units/\?', html))


def test_each_language_links_to_its_own_lists_whichever_is_asked_first(client, settings):
    settings.PAGE_CACHE_SECONDS = 0  # the figures kept, not the whole page
    MandateFactory()
    assert unit_list_links(client.get("/en/").content.decode()) == {"/en"}
    assert unit_list_links(client.get("/fr/").content.decode()) == {"/fr"}
    assert unit_list_links(client.get("/en/").content.decode()) == {"/en"}
