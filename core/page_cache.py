"""Whole-page cache for anonymous visitors of the public pages.

A public page (under /fr/ or /en/, so one entry per language) asked for by a visitor
without a session is served from the cache (Redis when REDIS_URL is set, process memory
otherwise) for PAGE_CACHE_SECONDS. It sits before the session, authentication and CSRF
middleware, so a hit costs one cache read and no database query.

Fresh after any edit: every key holds a "generation" that each save or delete of a
portal record (and each change of an agreement's links) moves on, so the next request
renders the page again. It moves on at the save and again once the transaction commits:
a page rendered in between, from the data before the commit, is stored under a
generation that is already gone. Keys also hold today's date, since mandate statuses
change with it. Never cached: anyone with a session (logged-in users, and anonymous visitors with
messages waiting), responses that carry a per-request secret (a cookie such as a CSRF
token, a CSP nonce), errors, redirects and streamed exports.

Redis is optional at run time (core/cache.py): while it does not answer, pages
are served uncached. Without REDIS_URL, each server process has its own memory, which
would keep a page that another process has just unpublished: pages and kept values are
then not cached at all when several processes serve (SERVER_PROCESSES, which
gunicorn.conf.py sets), and `check --deploy` warns.
"""

import contextlib
import hashlib
import logging
import threading
import time

from django.conf import settings
from django.core import checks
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone

GENERATION_KEY = "page-cache:generation"
logger = logging.getLogger(__name__)
# The apps whose records public pages show: each adds itself from its ready() (watch).
watched_apps: set[str] = set()


def watch(app_label: str):
    """Any save or delete of a record of this app makes every cached page stale."""
    watched_apps.add(app_label)


def invalidate(**kwargs):
    """Make every cached page stale: the next request for it renders it again. Redis is
    tried even within its retry delay (cache.py): a process that writes, such as the
    import worker, may make no other cache call to notice that it answers again."""
    getattr(cache, "set_now", cache.set)(GENERATION_KEY, time.time_ns(), None)


def invalidate_after_commit(**kwargs):
    """Make pages stale now and once the current transaction commits (once per
    transaction, however many records it saves)."""
    if not getattr(batch_state, "active", False):
        invalidate()
    connection = transaction.get_connection()
    # run_on_commit holds (savepoints, callable, robust) for the open transaction; a
    # rollback empties it, so a rolled-back save leaves nothing behind.
    if not any(queued is invalidate for _, queued, _ in connection.run_on_commit):
        transaction.on_commit(invalidate)


batch_state = threading.local()


@contextlib.contextmanager
def batch():
    """Within it, saves do not make pages stale one by one: once after the commit, and
    once at the end (for an import of many rows)."""
    batch_state.active = True
    try:
        yield
    finally:
        batch_state.active = False
        invalidate_after_commit()


def invalidate_on_portal_change(sender, **kwargs):
    if sender._meta.app_label in watched_apps:
        invalidate_after_commit()


def connect_signals():
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(invalidate_on_portal_change, dispatch_uid=f"page-cache-{signal!r}")
    from .cache import redis_recovered  # noqa: PLC0415

    # Edits made while Redis was away could not make its pages stale.
    redis_recovered.connect(invalidate, dispatch_uid="page-cache-redis-recovered")


def shared_or_alone() -> bool:
    """Whether what this process caches is seen by every process that serves pages or
    writes (the import worker, beside the servers, writes too)."""
    return bool(settings.REDIS_URL) or settings.SERVER_PROCESSES == 1


def generation():
    value = cache.get(GENERATION_KEY)
    if value is None:
        value = time.time_ns()
        cache.add(GENERATION_KEY, value, None)
        value = cache.get(GENERATION_KEY, value)
    return value


def until_next_edit(key: str, compute, seconds: int = 600):
    """compute()'s answer, kept in the cache under `key` until the data change (or for
    `seconds`): for what pages read on every request and only edits change."""
    if not shared_or_alone():
        return compute()
    return cache.get_or_set(f"{key}:{generation()}", compute, seconds)


# Values too large to read from the cache on every request: key -> (generation, value).
kept_in_memory: dict[str, tuple[int, object]] = {}


def in_memory_until_next_edit(key: str, compute, seconds: int = 600):
    """Like until_next_edit(), for a large value read several times a request (a search's
    vocabulary): kept in this process's memory too, so that it is not unpickled from the
    cache at each read (about 3 ms a read at 100 times Inserm's size); the generation, read
    each time, still tells when an edit has made it stale."""
    if not shared_or_alone():
        return compute()
    current = generation()
    kept = kept_in_memory.get(key)
    if kept is not None and kept[0] == current:
        return kept[1]
    value = cache.get_or_set(f"{key}:{current}", compute, seconds)
    kept_in_memory[key] = (current, value)
    return value


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.prefixes = tuple(f"/{code}/" for code, _ in settings.LANGUAGES)

    def __call__(self, request):
        if not self.cacheable_request(request):
            return self.get_response(request)
        key = self.key(request)
        stored = cache.get(key)
        if stored is not None:
            status, headers, content = stored
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if self.cacheable_response(request, response):
            headers = [(name, value) for name, value in response.items()]
            cache.set(key, (response.status_code, headers, response.content), settings.PAGE_CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
        return response

    def cacheable_request(self, request):
        return (
            settings.PAGE_CACHE_SECONDS > 0
            and shared_or_alone()
            and request.method in ("GET", "HEAD")
            and request.path.startswith(self.prefixes)
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and "messages" not in request.COOKIES
            and "HTTP_AUTHORIZATION" not in request.META
        )

    def cacheable_response(self, request, response):
        user = getattr(request, "user", None)
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies  # a CSRF token or a session was handed out: per-visitor
            and "'nonce-" not in response.get("Content-Security-Policy", "")  # a per-request secret
            and not (user is not None and user.is_authenticated)
        )

    def key(self, request):
        page = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
        digest = hashlib.sha256(page.encode()).hexdigest()
        return f"page:{generation()}:{timezone.localdate().isoformat()}:{digest}"


@checks.register(checks.Tags.caches, deploy=True)
def check_shared_cache(app_configs, **kwargs):
    if settings.REDIS_URL or settings.PAGE_CACHE_SECONDS == 0:
        return []
    return [
        checks.Warning(
            "REDIS_URL is not set: gunicorn's workers and the import worker beside them would each keep "
            "their own memory, where a page unpublished through another process would live on, so public "
            "pages will not be cached at all.",
            hint="Set REDIS_URL (redis://host:6379/0), or PAGE_CACHE_SECONDS=0 to serve uncached knowingly.",
            id="core.W001",
        )
    ]
