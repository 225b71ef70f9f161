"""The API's rate limit for anonymous clients (API_ANON_RATE)."""

from django.core.cache import caches
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle

from core.clients import client_key


class AnonymousRateThrottle(AnonRateThrottle):
    """DRF's anonymous throttle, counting each client once whatever X-Forwarded-For says
    and whichever worker answers: per client address as core.clients reads it,
    in the "throttle" cache that every worker shares (settings.CACHES)."""

    @property
    def cache(self):
        return caches["throttle"]

    def get_rate(self):
        # The rate the settings give now: DRF's class reads them once, when it is imported,
        # and the API's description states this one (api/description.py).
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_ident(self, request):
        return client_key(request)
