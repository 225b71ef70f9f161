"""Public CSV exports: limited per client address, and kept until the next edit.

An export reads every row its filters match (50,000 at a hundred times Inserm's size), so
each anonymous client address may start PUBLIC_EXPORT_RATE of them (e.g. "10/minute");
past that it is answered 429 with Retry-After. Logged-in users are not limited.

The first request for an export streams it and keeps a copy of what it sent; once the
whole file is sent, if it is at most PUBLIC_EXPORT_CACHE_BYTES, the copy is stored for
PAGE_CACHE_SECONDS under the page cache's generation, read before the rows are: an edit
made meanwhile moves the generation on and the copy is never served. The next requests
for the same export (list, filters, sort, language, day) are served that copy without a
query, streamed too, so that the page cache does not store it a second time. While one
request makes an export, the others asking for it wait for its copy (up to WAIT_SECONDS)
instead of each reading every row again. Exports are kept only where pages are
(page_cache.shared_or_alone).
"""

import math
import time

from django.conf import settings
from django.core.cache import cache, caches
from django.http import HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext
from rest_framework.throttling import SimpleRateThrottle

from . import page_cache
from .clients import client_key

CHUNK_BYTES = 64 * 1024  # a stored export is sent in pieces of this size
WAIT_SECONDS = 30  # how long a request waits for another making the same export
POLL_SECONDS = 0.25


class ExportRateThrottle(SimpleRateThrottle):
    """DRF's rate limit (a sliding window) applied to a public export: per client address as
    core.clients reads it, counted where the API's limit is, which every worker
    shares (the "throttle" cache)."""

    scope = "public-export"

    @property
    def cache(self):
        return caches["throttle"]

    def get_rate(self):
        return settings.PUBLIC_EXPORT_RATE

    def get_cache_key(self, request, view):
        if request.user.is_authenticated:
            return None  # staff exporting a public list are not limited
        return self.cache_format % {"scope": self.scope, "ident": client_key(request)}


def refusal(request) -> HttpResponse | None:
    """A 429 answer when the client has started its share of exports, else None (and the
    export is counted)."""
    throttle = ExportRateThrottle()
    if throttle.allow_request(request, None):
        return None
    seconds = max(1, math.ceil(throttle.wait() or 1))
    message = gettext("Too many exports from your address: try again in %(seconds)d seconds.") % {"seconds": seconds}
    response = HttpResponse(message, status=429, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(seconds)
    return response


def cached(name: str | None, make_response) -> HttpResponse:
    """The export called `name` (what it depends on, or None for one never kept): the stored
    copy if there is one, else make_response()'s, kept as it streams. One request at a time
    makes a given export: the others wait for its copy (a crowd asking for it after an edit
    would otherwise each read every row, and all wait on each other)."""
    if name is None or settings.PAGE_CACHE_SECONDS == 0 or not page_cache.shared_or_alone():
        return make_response()
    key = f"export:{page_cache.generation()}:{name}"  # before the rows are read
    stored = cache.get(key)
    if stored is None and not cache.add(making(key), True, WAIT_SECONDS):
        stored = wait_for_copy(key)
    if stored is not None:
        content_type, disposition, body = stored
        chunks = (body[start : start + CHUNK_BYTES] for start in range(0, len(body), CHUNK_BYTES))
        response = StreamingHttpResponse(chunks, content_type=content_type)
        response["Content-Disposition"] = disposition
        response["X-Export-Cache"] = "hit"
        return response
    try:
        response = make_response()
    except Exception:
        cache.delete(making(key))
        raise
    if response.status_code != 200 or not response.streaming:
        cache.delete(making(key))  # nothing to keep: let the others make it
        return response
    response.streaming_content = Keeping(key, response)
    response["X-Export-Cache"] = "miss"
    return response


def making(key: str) -> str:
    """Where a request says it is making the export `key`, until it is stored or given up."""
    return f"{key}:making"


def wait_for_copy(key: str):
    """The copy that another request is making, once stored; None if it gives up (too large,
    or its client went away) or takes longer than WAIT_SECONDS: then make it again."""
    for _ in range(int(WAIT_SECONDS / POLL_SECONDS)):
        found = cache.get_many([key, making(key)])  # nothing while Redis is away: no wait
        if key in found or making(key) not in found:
            return found.get(key)
        time.sleep(POLL_SECONDS)
    return None


class Keeping:
    """A response's chunks, stored under `key` once all are sent if they are not too many
    bytes. Closed (by the server, at the end of the response), it says it no longer makes
    the export, whether it stored it, gave up, or never started (a client gone at once)."""

    def __init__(self, key: str, response):
        self.key, self.response, self.chunks = key, response, response.streaming_content

    def __iter__(self):
        kept, size = [], 0
        for chunk in self.chunks:
            if kept is not None:
                size += len(chunk)
                if size <= settings.PUBLIC_EXPORT_CACHE_BYTES:
                    kept.append(chunk)
                else:
                    kept = None  # too large to keep: stream the rest only, let the others make it
                    self.close()
            yield chunk
        if kept is not None:
            stored = (self.response["Content-Type"], self.response["Content-Disposition"], b"".join(kept))
            cache.set(self.key, stored, settings.PAGE_CACHE_SECONDS)
        self.close()

    def close(self):
        cache.delete(making(self.key))
