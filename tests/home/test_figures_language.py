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


def test_the_home_map_kept_in_memory_is_drawn_again_after_an_edit(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    MandateFactory(unit__site__latitude="45.75000", unit__site__longitude="4.85000")
    before = client.get("/en/").content.decode().count("<circle")
    assert before == client.get("/en/").content.decode().count("<circle")  # kept
    MandateFactory(unit__site__latitude="43.30000", unit__site__longitude="5.37000")  # an edit
    assert client.get("/en/").content.decode().count("<circle") == before + 1
    # Each language draws its own: the points' names are in the page's language.
    assert "unit with a term in force" in client.get("/en/").content.decode()
    assert "unité dont un mandat est en cours" in client.get("/fr/").content.decode()
