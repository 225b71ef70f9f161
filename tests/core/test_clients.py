"""The client's address (core/clients.py): X-Forwarded-For is believed only
through the number of proxies DJANGO_BEHIND_PROXY names, and only as far as they wrote it."""

import pytest
from django.test import RequestFactory

from core.clients import client_address, client_key


def request(remote="192.0.2.1", forwarded=None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


def test_without_a_proxy_x_forwarded_for_is_ignored(settings):
    settings.TRUSTED_PROXIES = 0
    assert client_address(request(forwarded="203.0.113.7")) == "192.0.2.1"


@pytest.mark.parametrize(
    ("proxies", "forwarded", "client"),
    [
        (1, "203.0.113.7", "203.0.113.7"),
        (1, "10.9.9.9, 203.0.113.7", "203.0.113.7"),  # the left part was written by the client
        (2, "10.9.9.9, 203.0.113.7, 10.0.0.2", "203.0.113.7"),
        (2, "203.0.113.7", "203.0.113.7"),  # fewer than the proxies: all written by them
        (1, "10.9.9.9, not-an-address", "192.0.2.1"),
        (1, "", "192.0.2.1"),
        (1, "::ffff:203.0.113.7", "203.0.113.7"),  # IPv4 seen through IPv6
    ],
)
def test_behind_n_proxies_the_client_is_the_nth_address_from_the_right(settings, proxies, forwarded, client):
    settings.TRUSTED_PROXIES = proxies
    assert client_address(request(forwarded=forwarded)) == client


def test_limits_count_an_ipv6_client_by_its_64_block(settings):
    settings.TRUSTED_PROXIES = 0
    assert client_key(request("2001:db8:1:2:aaaa:bbbb:cccc:dddd")) == "2001:db8:1:2::"
    assert client_key(request("2001:db8:1:2::1")) == "2001:db8:1:2::"
    assert client_key(request("203.0.113.7")) == "203.0.113.7"
    assert client_key(request("")) is None
