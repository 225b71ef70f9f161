"""gunicorn settings for `make serve` (production). Each can be set from the environment."""

import multiprocessing
import os

# Loopback by default: a reverse proxy (see the README) faces the internet.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * multiprocessing.cpu_count() + 1)
# The portal learns how many processes serve or write (the workers, and `make serve`'s
# import worker): with several and no Redis, it caches nothing.
raw_env = [f"SERVER_PROCESSES={workers + 1}"]
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
worker_class = "gthread"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))  # a large export streams for a while
graceful_timeout = 30
max_requests = 2000  # recycle workers now and then: bounded memory whatever happens
max_requests_jitter = 200
accesslog = None  # the portal logs each request itself, as JSON (core/logs.py)
errorlog = "-"
# The proxy on this machine may set X-Forwarded-For and X-Forwarded-Proto.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
