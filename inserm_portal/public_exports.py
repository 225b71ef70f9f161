"""Public CSV exports: limited per client address, and kept until the next edit.

An export reads every row its filters match (50,000 at a hundred times Inserm's size), so
each anonymous client address may start PUBLIC_EXPORT_RATE of them (e.g. "10/minute");
past that it is answered 429 with Retry-After. Logged-in users are not limited.

The first request for an export streams it and keeps a copy of what it sent; once the
whole file is sent, if it is at most PUBLIC_EXPORT_CACHE_BYTES, the copy is stored for
PAGE_CACHE_SECONDS under the page cache's generation, read before the rows are: an edit
made meanwhile moves the generation on and the copy is never served. The next requests
for the same export (list, filters, sort, language, day) are served that copy without a
query, streamed too, so that the page cache does not store it a second time. Exports are
kept only where pages are (page_cache.shared_or_alone).
"""

import math

from django.conf import settings
from django.core.cache import cache, caches
from django.http import HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext
from rest_framework.throttling import SimpleRateThrottle

from . import page_cache
from .clients import client_key

CHUNK_BYTES = 64 * 1024  # a stored export is sent in pieces of this size


class ExportRateThrottle(SimpleRateThrottle):
    """DRF's rate limit (a sliding window) applied to a public export: per client address as
    inserm_portal.clients reads it, counted where the API's limit is, which every worker
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
    copy if there is one, else make_response()'s, kept as it streams."""
    if name is None or settings.PAGE_CACHE_SECONDS == 0 or not page_cache.shared_or_alone():
        return make_response()
    key = f"export:{page_cache.generation()}:{name}"  # before the rows are read
    stored = cache.get(key)
    if stored is not None:
        content_type, disposition, body = stored
        chunks = (body[start : start + CHUNK_BYTES] for start in range(0, len(body), CHUNK_BYTES))
        response = StreamingHttpResponse(chunks, content_type=content_type)
        response["Content-Disposition"] = disposition
        response["X-Export-Cache"] = "hit"
        return response
    response = make_response()
    if response.status_code == 200 and response.streaming:
        response.streaming_content = keeping(key, response, response.streaming_content)
        response["X-Export-Cache"] = "miss"
    return response


def keeping(key, response, chunks):
    """Yield `chunks`, and store them under `key` once all are sent, if they are not too
    many bytes. A client that goes away midway leaves nothing stored."""
    kept, size = [], 0
    for chunk in chunks:
        if kept is not None:
            size += len(chunk)
            if size <= settings.PUBLIC_EXPORT_CACHE_BYTES:
                kept.append(chunk)
            else:
                kept = None  # too large to keep: stream the rest only
        yield chunk
    if kept is not None:
        stored = (response["Content-Type"], response["Content-Disposition"], b"".join(kept))
        cache.set(key, stored, settings.PAGE_CACHE_SECONDS)
