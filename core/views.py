import math
import sys

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from . import logins
from .roles import EDITORS


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


EDITORS_SHOWN = 20


def permission_denied(request, exception):
    """403 in the portal's layout: what the visitor may not do here, and, to staff (a
    manager following an editor's link: a renewal, an admin page they may only view), who
    may do it: the editors, by name and address, and the way back."""
    user = request.user if hasattr(request, "user") else None
    staff = bool(user and user.is_authenticated and user.is_active and user.is_staff)
    editors = []
    if staff:
        editors = list(
            get_user_model()
            .objects.filter(groups__name=EDITORS, is_active=True)
            .order_by("last_name", "first_name", "username")[:EDITORS_SHOWN]
        )
    back = request.META.get("HTTP_REFERER", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, require_https=request.is_secure()):
        back = ""
    if not back or back == request.build_absolute_uri():
        in_admin = request.path.startswith(f"/{settings.ADMIN_PATH}/")
        back = (reverse("admin:index") if in_admin else reverse("workspace:dashboard")) if staff else "/"
    context = {
        "staff": staff,
        "editors": editors,
        "back": back,
        # Public pages carry their language in the address; the admin's and the workspace's
        # follow the browser's: no language switch there.
        "public_page": request.path.startswith(tuple(f"/{code}/" for code, _name in settings.LANGUAGES)),
    }
    return render(request, "403.html", context, status=403)


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
