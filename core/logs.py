"""Structured logs on stdout, one JSON object a line, for whatever collects the
containers' or the service manager's output.

Every request is logged once by RequestLogMiddleware (method, path, status, duration,
user id, client address); server errors come from Django's own `django.request` logger,
with their traceback, and the visitor only sees the 500 page.
"""

import json
import logging
import time
import traceback

from .clients import client_address

request_log = logging.getLogger("inserm_portal.requests")

# Attributes every LogRecord has: anything else was passed in `extra` and is logged as a field.
STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update({key: value for key, value in record.__dict__.items() if key not in STANDARD})
        entry.pop("request", None)  # Django's request object: not serialisable, and its fields are logged
        if record.exc_info:
            entry["traceback"] = "".join(traceback.format_exception(*record.exc_info))
        return json.dumps(entry, default=str, ensure_ascii=False)


class RequestLogMiddleware:
    """First in the chain, so that the duration covers every other middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        user = getattr(request, "user", None)
        request_log.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "user_id": user.pk if user is not None and user.is_authenticated else None,
                "client_address": client_address(request),  # X-Forwarded-For only through trusted proxies
            },
        )
        return response
