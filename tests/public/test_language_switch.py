"""The language switch on every public page leads to the same page, filters kept."""

import pytest

from .conftest import hrefs, pages

pytestmark = pytest.mark.django_db


def test_every_page_has_a_language_switch_to_the_same_page_and_filters(client, portal):
    for url in [*pages(portal), "/fr/no-such-page/"]:
        language = url.split("/")[1]
        other = "en" if language == "fr" else "fr"
        full = url + ("&" if "?" in url else "?") + "q=lyon&sort=name"
        text = client.get(full).text
        assert f"/{other}/" + full.removeprefix(f"/{language}/") in hrefs(text), full
