from django.conf import settings
from django.urls import translate_url

from core import page_cache


def in_language(path: str, code: str) -> str:
    """`path` in language `code`: Django's translate_url, or for an address no route
    matches (a 404 page), the same address under the other language's prefix."""
    translated = translate_url(path, code)
    if translated != path:
        return on_this_site(translated, code)
    for other, _name in settings.LANGUAGES:
        if path.startswith(f"/{other}/"):
            return on_this_site(f"/{code}/" + path.removeprefix(f"/{other}/"), code)
    return on_this_site(path, code)


def on_this_site(link: str, code: str) -> str:
    """`//evil.example/` (or `/\\evil.example`) would lead browsers to another site: the
    language's home page instead."""
    return f"/{code}/" if link.startswith(("//", "/\\")) or not link.startswith("/") else link


def language_links(request):
    """The current page in each language, filters included, for the language switch."""
    path = request.get_full_path()
    return {"language_links": [(code, name, in_language(path, code)) for code, name in settings.LANGUAGES]}


def page_generation(request):
    """The data's generation (see page_cache), for fragments cached until the data change.
    A function: read from the cache only by templates that use it."""
    return {"page_generation": page_cache.generation}
