"""detail_url() and page_url() give what reverse() gives, in every language (and, for
detail_url, for any slug or unit code)."""

import pytest
from django.urls import reverse
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from core.links import detail_url, page_url

SLUG = st.from_regex(r"[-a-zA-Z0-9_]{1,60}", fullmatch=True)
CODE_SLUG = st.from_regex(r"[A-Z]{1,5}(-[A-Z]{1,3})?[-_]?[0-9]{1,5}", fullmatch=True)


@pytest.mark.parametrize("language", ["fr", "en"])
@given(slug=SLUG, code=CODE_SLUG)
def test_detail_urls_are_those_reverse_gives(language, slug, code):
    with translation.override(language):
        assert detail_url("partners:detail", slug) == reverse("partners:detail", args=[slug])
        assert detail_url("units:site_detail", slug) == reverse("units:site_detail", args=[slug])
        assert detail_url("units:detail", code) == reverse("units:detail", args=[code])


def test_a_placeholder_like_key_is_still_put_in_once():
    assert detail_url("partners:detail", "0key0-0key0") == reverse("partners:detail", args=["0key0-0key0"])


PAGES = ["home", "partners:list", "partners:export", "units:list", "units:export", "units:site_list", "admin:index"]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_page_urls_are_those_reverse_gives(language):
    with translation.override(language):
        assert [page_url(name) for name in PAGES] == [reverse(name) for name in PAGES]
