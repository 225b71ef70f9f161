"""Links to the portal's pages, reversed once per language, script prefix and URL
configuration instead of on every use (a list page makes two a row: bench/README.md,
"Speed-ups"); a detail link is its pattern with the record's key put in.
"""

from functools import lru_cache
from urllib.parse import quote

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language, override

# A key that the detail URLs' converters (str, slug) accept and no URL otherwise holds.
PLACEHOLDER = "0key0"


@lru_cache(maxsize=256)
def reversed_url(viewname: str, args: tuple, language: str | None, script_prefix: str, urlconf) -> str:
    with override(language):  # the language prefix of i18n_patterns
        return reverse(viewname, args=args, urlconf=urlconf)


def page_url(viewname: str) -> str:
    """What reverse(viewname) gives, for a page whose URL takes no argument."""
    return reversed_url(viewname, (), get_language(), get_script_prefix(), get_urlconf())


def detail_url(viewname: str, key: str) -> str:
    """What reverse(viewname, args=[key]) gives, for a key that is a slug or a unit code."""
    pattern = reversed_url(viewname, (PLACEHOLDER,), get_language(), get_script_prefix(), get_urlconf())
    return pattern.replace(PLACEHOLDER, quote(key, safe="-_."), 1)


@receiver(setting_changed)
def forget_urls(*, setting, **kwargs):
    if setting in ("ROOT_URLCONF", "LANGUAGES", "LANGUAGE_CODE", "ADMIN_PATH"):
        reversed_url.cache_clear()
