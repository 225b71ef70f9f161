"""Who is asking: the client's address, for the API's rate limit, login lockouts and logs.

X-Forwarded-For is believed only behind DJANGO_BEHIND_PROXY trusted proxies. Each of them
appends the address it received the request from, so with N proxies the client is the
N-th address from the right; anything further left was written by the client itself and
is ignored. Without a proxy the header is ignored altogether: a client could write any
address there, a new one for each request.
"""

import ipaddress

from django.conf import settings


def client_address(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if settings.TRUSTED_PROXIES and forwarded:
        # Fewer addresses than proxies: all were written by proxies, and the leftmost is the furthest out.
        address = _plain(forwarded[-min(settings.TRUSTED_PROXIES, len(forwarded))])
        if address:
            return address
    return _plain(remote) or remote


def client_key(request) -> str | None:
    """The address a limit counts: an IPv6 client by its /64, the block a single host is
    usually given (counting each address would let it take a new one for each try)."""
    address = client_address(request)
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return None  # no address (a Unix socket without a proxy): django-axes stores none
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False).network_address)
    return address


def _plain(text: str) -> str | None:
    """The address in its usual form (an IPv4 client seen through IPv6 as plain IPv4), or None."""
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if address.version == 6 and address.ipv4_mapped:
        return str(address.ipv4_mapped)
    return str(address)
