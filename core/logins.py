"""Login lockouts that an attacker cannot turn against staff.

django-axes records each failed login with its account and address (AccessAttempt; an
IPv6 address counts by its /64, see clients.client_key). Over the last
LOGIN_LOCKOUT_MINUTES, three limits apply:

- LOGIN_FAILURE_LIMIT failures for one account from one address: that account is refused
  from that address. A guessing run stops; the account's owner, elsewhere, logs in as usual.
- LOGIN_ADDRESS_FAILURE_LIMIT failures from one address, whatever the accounts: that
  address is refused. A run across many accounts stops too.
- failures for one account from LOGIN_ACCOUNT_LOCK_ADDRESSES addresses (0: never): the
  account is locked for everyone, since a run spread over that many machines can no
  longer be told from its owner; the owner is told by e-mail.

A refused login is not counted (AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT off), so a
lock ends LOGIN_LOCKOUT_MINUTES after the failure that completed it, the time the locked
page gives. Staff unlock early by deleting the attempts in the admin (Axes > Access attempts).
"""

import datetime as dt
import logging
from dataclasses import dataclass

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone, translation

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Lock:
    ACCOUNT_FROM_ADDRESS = "account_from_address"
    ADDRESS = "address"
    ACCOUNT = "account"

    reason: str
    ends: dt.datetime


def _recent_attempts():
    # The same window django-axes counts in.
    return AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME)


def _lock(reason: str, attempts, limit: int) -> Lock | None:
    """The lock that `attempts` ((time, failures) pairs, newest first) make, if any: it
    holds while the newest attempts within the window still add up to `limit`."""
    total = 0
    for attempt_time, failures in attempts:
        total += failures
        if total >= limit:
            return Lock(reason, attempt_time + settings.AXES_COOLOFF_TIME)
    return None


def account_lock(username: str | None) -> Lock | None:
    """The lock on the account for everyone, after failures from many addresses."""
    if not username or not settings.LOGIN_ACCOUNT_LOCK_ADDRESSES:
        return None
    addresses = (
        _recent_attempts()
        .filter(username=username)
        .values("ip_address")
        .annotate(last=Max("attempt_time"))
        .order_by("-last")
        .values_list("last", flat=True)
    )
    return _lock(Lock.ACCOUNT, ((last, 1) for last in addresses), settings.LOGIN_ACCOUNT_LOCK_ADDRESSES)


def current_lock(request, credentials=None) -> Lock | None:
    """The lock that refuses this login, if any: the one that ends last."""
    username = get_client_username(request, credentials)
    address = request.axes_ip_address
    locks = [
        _lock(
            Lock.ACCOUNT_FROM_ADDRESS,
            _failures(_recent_attempts().filter(username=username, ip_address=address)),
            settings.AXES_FAILURE_LIMIT,
        ),
        _lock(
            Lock.ADDRESS, _failures(_recent_attempts().filter(ip_address=address)), settings.LOGIN_ADDRESS_FAILURE_LIMIT
        ),
        account_lock(username),
    ]
    return max((lock for lock in locks if lock), key=lambda lock: lock.ends, default=None)


def _failures(attempts):
    return attempts.order_by("-attempt_time").values_list("attempt_time", "failures_since_start")


class LoginPolicyHandler(AxesDatabaseHandler):
    """django-axes' database handler with the address and account limits above (axes
    itself counts the account-and-address one, AXES_LOCKOUT_PARAMETERS)."""

    def is_locked(self, request, credentials=None) -> bool:
        return current_lock(request, credentials) is not None

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        # A login refused by a lock was not tried, and is not counted (see above).
        counted = request is not None and not request.axes_locked_out
        username = get_client_username(request, credentials) if counted else None
        account_was_locked = counted and account_lock(username) is not None
        super().user_login_failed(sender, credentials, request, **kwargs)
        if not counted or current_lock(request, credentials) is None:
            return
        if not request.axes_locked_out:  # this failure completed an address or account lock
            request.axes_locked_out = True
            request.axes_credentials = credentials
            user_locked_out.send("axes", request=request, username=username, ip_address=request.axes_ip_address)
        lock = account_lock(username)
        if lock and not account_was_locked:
            tell_the_owner(username, lock)


def tell_the_owner(username: str, lock: Lock) -> None:
    """E-mail the owner of an account locked for everyone, once per lock."""
    User = get_user_model()
    user = User.objects.filter(**{User.USERNAME_FIELD: username}).exclude(email="").first()
    if user is None:  # no such account (the attempts say nothing about it), or no address to write to
        return
    context = {
        "username": username,
        "addresses": settings.LOGIN_ACCOUNT_LOCK_ADDRESSES,
        "minutes": round(settings.AXES_COOLOFF_TIME.total_seconds() / 60),
        "ends": lock.ends,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("registration/account_locked_subject.txt", context).strip()
        body = render_to_string("registration/account_locked_body.txt", context)
    try:
        send_mail(subject, body, None, [user.email])
    except Exception:
        # The lock holds whether or not the mail leaves; the login page must not fail for it.
        logger.exception("Could not tell the owner of %s that it is locked", username)
