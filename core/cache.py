"""Redis as an optional cache: when it does not answer, the portal goes on without it.

Every operation that fails to reach Redis answers as an empty cache would (a miss, a set
that keeps nothing), so pages are served uncached instead of failing. After a failure,
Redis is left alone for RETRY_SECONDS, so that requests do not each wait on it; then the
next operation tries again, and Redis is used again as soon as it answers, without a
restart. A warning is logged when Redis stops answering, then at most once a minute.

When Redis answers again after an outage, `redis_recovered` is sent: what it held may
predate edits made meanwhile (the page cache makes every page stale).
"""

import logging
import threading
import time

from django.core.cache.backends.redis import RedisCache
from django.dispatch import Signal
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
RETRY_SECONDS = 2.0
WARNING_EVERY_SECONDS = 60.0

redis_recovered = Signal()


class Outage:
    """Whether Redis is reachable, for the whole process (Django gives each thread a cache
    object of its own)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.down_until = 0.0  # monotonic time before which Redis is not tried
        self.down = False
        self.last_warning = -WARNING_EVERY_SECONDS
        self.skipped = 0  # operations answered without Redis since the last warning

    def should_try(self) -> bool:
        if time.monotonic() >= self.down_until:
            return True
        with self.lock:
            self.skipped += 1
        return False

    def failed(self, error):
        now = time.monotonic()
        with self.lock:
            self.down_until = now + RETRY_SECONDS
            self.down = True
            self.skipped += 1
            if now - self.last_warning < WARNING_EVERY_SECONDS:
                return
            self.last_warning, skipped, self.skipped = now, self.skipped, 0
        logger.warning(
            "Redis does not answer (%s): pages are served uncached; %d cache operations done without it",
            error,
            skipped,
        )

    def succeeded(self) -> bool:
        """True for the first success after an outage."""
        if not self.down:
            return False
        with self.lock:
            recovered, self.down, self.down_until = self.down, False, 0.0
        if recovered:
            logger.warning("Redis answers again: the cache is used again")
        return recovered


outage = Outage()


def fail_soft(fallback):
    """Run the cache operation; if Redis cannot be reached, answer `fallback(*args, **kwargs)`."""

    def decorate(method):
        def operation(self, *args, **kwargs):
            if not outage.should_try():
                return fallback(*args, **kwargs)
            try:
                if outage.down:
                    # Back after an outage: make what Redis holds stale before reading from it.
                    self._cache.get_client(write=True).ping()
                    if outage.succeeded():
                        redis_recovered.send(sender=type(self))
                return method(self, *args, **kwargs)
            except UNREACHABLE as error:
                outage.failed(error)
                return fallback(*args, **kwargs)

        operation.__name__ = method.__name__
        operation.__doc__ = method.__doc__
        return operation

    return decorate


def _default(key, default=None, *args, **kwargs):
    return default


def _nothing(*args, **kwargs):
    return None


def _false(*args, **kwargs):
    return False


class FailSoftRedisCache(RedisCache):
    """Django's Redis cache, answering as an empty cache while Redis is unreachable."""

    get = fail_soft(_default)(RedisCache.get)
    set = fail_soft(_nothing)(RedisCache.set)
    add = fail_soft(_false)(RedisCache.add)
    touch = fail_soft(_false)(RedisCache.touch)
    delete = fail_soft(_false)(RedisCache.delete)
    has_key = fail_soft(_false)(RedisCache.has_key)
    get_many = fail_soft(lambda *args, **kwargs: {})(RedisCache.get_many)
    set_many = fail_soft(lambda data, *args, **kwargs: list(data))(RedisCache.set_many)
    delete_many = fail_soft(_nothing)(RedisCache.delete_many)
    clear = fail_soft(_nothing)(RedisCache.clear)

    def set_now(self, key, value, timeout=None):
        """set(), tried even within the retry delay (a failure counts, and is logged, as any other)."""
        try:
            RedisCache.set(self, key, value, timeout)
        except UNREACHABLE as error:
            outage.failed(error)

    def reachable(self) -> bool:
        """Whether Redis answers now (for /healthz), whatever the last failure."""
        try:
            self._cache.get_client(write=True).ping()
        except UNREACHABLE:
            return False
        return True
