import math
import sys

from django.conf import settings
from django.contrib import admin
from django.core.cache import cache
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static
from django.utils import timezone
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from . import logins


@never_cache
@require_safe
def healthz(request):
    """Answer 200 when the database (and Redis, when configured) answers, 503 when one does
    not, so that a load balancer stops sending visitors to this server."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    if settings.REDIS_URL and not cache.reachable():
        # Pages are still served (uncached): 503 tells the load balancer, and the operator.
        return HttpResponse("cache unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


def server_error(request):
    """500, or 503 with a time to come back when the database does not answer (a restart,
    a fail-over): the load balancer and the visitor learn that it will pass."""
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = "30"
        return response
    return defaults.server_error(request)


def page_not_found(request, exception):
    """The 404 page in the portal's layout, with a way back."""
    # Our own 404s carry a sentence for the visitor; the URL resolver's carry a dict.
    reason = exception.args[0] if exception.args and isinstance(exception.args[0], str) else ""
    return render(request, "404.html", {"reason": reason}, status=404)


@require_safe
def favicon(request):
    """Browsers ask for /favicon.ico on pages that name no icon (the admin's)."""
    return redirect(static("favicon.svg"), permanent=True)


def login_locked(request, response, credentials):
    """django-axes' answer to a refused login: which lock, and when it ends (logins.py)."""
    lock = logins.current_lock(request, credentials)
    if lock is None:  # the lock ended between the check and this page: say the longest it can be
        lock = logins.Lock(logins.Lock.ACCOUNT_FROM_ADDRESS, timezone.now() + settings.AXES_COOLOFF_TIME)
    minutes = max(1, math.ceil((lock.ends - timezone.now()).total_seconds() / 60))
    context = {**admin.site.each_context(request), "lock": lock, "minutes": minutes}
    return render(request, "registration/locked_out.html", context, status=429)
