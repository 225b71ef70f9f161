"""Settings for the Inserm Partnership Portal.

One module, read from the environment (see `.env.example` for every variable).
A `.env` file in the project folder is read too, without overriding variables
that are already set; `make run` writes one for local development.
"""

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_HASHES
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from dotenv import load_dotenv

BASE_DIR = Path(__file__).resolve().parent.parent

load_dotenv(BASE_DIR / ".env", override=False)

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}

# In the helpers below, a variable set to "" counts as unset and takes the default.


def envbool(name: str, default: str) -> bool:
    """Read a yes/no variable; refuse anything ambiguous instead of guessing."""
    value = (os.environ.get(name) or default).strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def envint(name: str, default: str, minimum: int = 0) -> int:
    value = (os.environ.get(name) or default).strip()
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None
    if number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {number}.")
    return number


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in (os.environ.get(name) or default).split(",") if item.strip()]


DEBUG = envbool("DJANGO_DEBUG", "false")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. It is required when DJANGO_DEBUG is off; "
            "set it to a long random string (see .env.example)."
        )
    SECRET_KEY = "development-only-key-never-used-with-debug-off"  # noqa: S105 - debug only

ALLOWED_HOSTS = envlist("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "DJANGO_ALLOWED_HOSTS is empty: with DJANGO_DEBUG off, list the host names the portal answers to "
        "(e.g. portal.example.org), or every request would be refused."
    )

# Served over HTTPS (the default with debug off): redirect to it, secure cookies, HSTS.
# Set DJANGO_HTTPS=false only to serve plain HTTP on a private network or in tests.
HTTPS = envbool("DJANGO_HTTPS", "false" if DEBUG else "true")
if HTTPS:
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = envint("DJANGO_HSTS_SECONDS", "31536000")
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# HSTS preload commits the whole inserm.fr domain, for years and beyond undo: a
# decision for the institution's web team, not for this application.
SILENCED_SYSTEM_CHECKS = ["security.W021"]


def envproxies(name: str, default: str) -> int:
    """A number of proxies; "true" is one, "false" none (the variable was once yes/no)."""
    value = (os.environ.get(name) or default).strip().lower()
    if value in _TRUE:
        return 1
    if value in _FALSE:
        return 0
    if value.isdigit():
        return int(value)
    raise ImproperlyConfigured(f"{name} must be true, false or a number of proxies, not {value!r}.")


# How many reverse proxies stand in front of the portal (DJANGO_BEHIND_PROXY): the client's
# address is read from X-Forwarded-For only through these (core/clients.py), and
# the first of them ends TLS and sets X-Forwarded-Proto (see the README).
TRUSTED_PROXIES = envproxies("DJANGO_BEHIND_PROXY", "0")
if TRUSTED_PROXIES:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

INSTALLED_APPS = [
    "core.admin_config.PortalAdminConfig",  # django.contrib.admin, with the portal's admin site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",  # unaccent lookups on PostgreSQL; harmless on SQLite
    "django_countries",
    "django_filters",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "import_export",
    "axes",  # login throttling
    "csp",
    "core",
    "units",
    "partners",
    "workspace",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # the API docs' assets, served locally (no CDN)
    "api",
    "home",
    "operations",
    "demo",
    "django_tasks",
    "django_tasks_db",  # background jobs kept in the database: `manage.py db_worker` runs them
    "core.imports",
]

MIDDLEWARE = [
    "core.logs.RequestLogMiddleware",  # first: its duration covers everything below
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",  # before the page cache: cached pages get the header too
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before sessions and authentication: a cached anonymous page costs no query.
    "core.page_cache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",  # records who made each change
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "inserm_portal.urls"
WSGI_APPLICATION = "inserm_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "inserm_portal.context_processors.language_links",
                "inserm_portal.context_processors.page_generation",
            ],
        },
    },
]

# Database: DATABASE_URL in the usual URL form; unset means a SQLite file here.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", "60"),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiles the plan of any query it thinks costly: 30 ms of compiling
    # for list queries that run in 1 ms (measured at 100× Inserm's size). Off for this app.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # Write-ahead log: readers never wait for a writer, so pages keep answering while an
            # import writes its rows (with the default rollback journal, a long write transaction
            # locks readers out as soon as it spills its cache, and at its commit).
            "init_command": "PRAGMA journal_mode=WAL",
            # Writers wait their turn: a transaction takes the write lock as it begins, waiting
            # up to 20 s while another writes. Taken at its first write instead, after reading,
            # the lock cannot be waited for (SQLite would deadlock) and the request failed with
            # "database is locked" when two editors saved at once.
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set, process memory otherwise. Redis is optional at run
# time too: while it does not answer, pages are served uncached (core/cache.py).
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "core.cache.FailSoftRedisCache",
            "LOCATION": REDIS_URL,
            # A Redis that hangs must not hold requests: give up quickly, serve uncached.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Processes that serve pages or write beside this one: gunicorn.conf.py and `make run` count
# their servers and the import worker; 1 (this process alone) for tests and commands.
# Several, without REDIS_URL: nothing is cached (see page_cache.py).
SERVER_PROCESSES = envint("SERVER_PROCESSES", "1", minimum=1)

# The API's rate limit counts requests in a cache that every worker shares (api/throttling.py):
# Redis when set (while it does not answer, the limit is not applied, as pages go uncached);
# otherwise a database table (migration api/0001), not each worker's memory, where the limit
# would be multiplied by the number of workers.
if REDIS_URL:
    CACHES["throttle"] = {**CACHES["default"], "KEY_PREFIX": "throttle"}
else:
    CACHES["throttle"] = {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "api_throttle_cache",
        "OPTIONS": {"MAX_ENTRIES": 10000},  # client addresses seen in the last rate period
    }

# Anonymous public pages are cached this long (0 turns the cache off); any edit of a
# record makes them fresh at once (core/page_cache.py).
PAGE_CACHE_SECONDS = envint("PAGE_CACHE_SECONDS", "600", minimum=0)
# Public CSV exports (core/public_exports.py): how many an anonymous client address
# may start ("10/minute": a number, then second, minute, hour or day), and the largest one
# kept with the pages until the next edit (in MB; 0: none kept).
PUBLIC_EXPORT_RATE = os.environ.get("PUBLIC_EXPORT_RATE") or "10/minute"
_count, _slash, _period = PUBLIC_EXPORT_RATE.partition("/")
if not (_count.isdigit() and _period in ("second", "minute", "hour", "day")):
    raise ImproperlyConfigured(f"PUBLIC_EXPORT_RATE must look like 10/minute, not {PUBLIC_EXPORT_RATE!r}.")
PUBLIC_EXPORT_CACHE_BYTES = envint("PUBLIC_EXPORT_CACHE_MB", "20", minimum=0) * 1_000_000

# Admin spreadsheet import and export (core/exchange.py).
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"  # Managers may export; import needs add and change
IMPORT_EXPORT_IMPORT_IGNORE_BLANK_LINES = True  # spreadsheets often end with empty rows
IMPORT_EXPORT_ESCAPE_ILLEGAL_CHARS_ON_EXPORT = True  # control characters pasted from Word break XLSX
# The uploaded file waits between the preview and the confirmation: in Redis when there
# is one, so the confirmation may reach another server; in a temporary file otherwise.
IMPORT_EXPORT_TMP_STORAGE_CLASS = (
    "import_export.tmp_storages.CacheStorage" if REDIS_URL else "import_export.tmp_storages.TempFolderStorage"
)
# What one uploaded file may cost, checked before it is parsed (core/imports/limits.py): its
# size, an XLSX's size once unpacked, and its rows. A file with more than
# IMPORT_BACKGROUND_ROWS rows is checked and imported by the background worker
# (`manage.py db_worker`, started by `make run` and `make serve`), with its progress shown.
IMPORT_MAX_BYTES = envint("IMPORT_MAX_BYTES", str(10 * 1024 * 1024), minimum=1)
IMPORT_MAX_UNPACKED_BYTES = envint("IMPORT_MAX_UNPACKED_BYTES", str(100 * 1024 * 1024), minimum=1)
IMPORT_MAX_ROWS = envint("IMPORT_MAX_ROWS", "50000", minimum=1)
IMPORT_BACKGROUND_ROWS = envint("IMPORT_BACKGROUND_ROWS", "1000", minimum=0)
# Background jobs (django-tasks), kept in the database, so the web servers and the worker share them.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Login throttling (django-axes) on every login form (the admin's, which /manage/ uses too),
# so that nobody can lock an account for everyone from one address (core/logins.py):
# within LOGIN_LOCKOUT_MINUTES, LOGIN_FAILURE_LIMIT wrong passwords for one account from one
# address refuse that account from that address; LOGIN_ADDRESS_FAILURE_LIMIT failures from
# one address, whatever the accounts, refuse that address; wrong passwords for one account
# from LOGIN_ACCOUNT_LOCK_ADDRESSES addresses (0: never) lock it for everyone, and its owner
# is told by e-mail. Attempts are kept in the database, so every server sees them.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_HANDLER = "core.logins.LoginPolicyHandler"
AXES_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", "10", minimum=1)
LOGIN_ADDRESS_FAILURE_LIMIT = envint("LOGIN_ADDRESS_FAILURE_LIMIT", "30", minimum=1)
LOGIN_ACCOUNT_LOCK_ADDRESSES = envint("LOGIN_ACCOUNT_LOCK_ADDRESSES", "20", minimum=0)
AXES_COOLOFF_TIME = dt.timedelta(minutes=envint("LOGIN_LOCKOUT_MINUTES", "15", minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]  # the address and account limits: logins.py
AXES_CLIENT_IP_CALLABLE = "core.clients.client_key"
AXES_RESET_ON_SUCCESS = True
# A refused login is not counted again: the lock ends at the time the locked page gives.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "core.views.login_locked"
AXES_VERBOSE = False
LOGIN_REDIRECT_URL = "admin:index"  # where a login goes when its `next` is missing or off-site

# Staff sessions end with the browser, and after SESSION_HOURS in any case.
SESSION_COOKIE_AGE = envint("SESSION_HOURS", "8", minimum=1) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True  # no script of ours reads it: forms carry the token
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# The admin's address, e.g. "staff-7f3c/": less noise from bots probing /admin/.
ADMIN_PATH = os.environ.get("DJANGO_ADMIN_PATH", "").strip("/") or "admin"

# Content-Security-Policy: every script and stylesheet is a file of this site (no inline
# code; the API docs load their start-up script as a file too). The two hashes allow the
# only inline styles left, the colours of the import preview's differences.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [
            SELF,
            UNSAFE_HASHES,
            "'sha256-AFyijjilwBx8kC+SMDLzasw2VV9MWz1VYVQ8xIgdMlA='",  # background:#e6ffe6; (inserted)
            "'sha256-S0qL3AVCJ6EdYX2E0yOmH+5YvauOwNAxIl4pJ/0IUUg='",  # background:#ffe6e6; (deleted)
        ],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Structured logs, one JSON object a line on stdout (core/logs.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "core.logs.JsonFormatter"}},
    "handlers": {"stdout": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "json"}},
    "root": {"handlers": ["stdout"], "level": (os.environ.get("LOG_LEVEL") or "INFO").upper()},
    "loggers": {
        # Every request is logged once by RequestLogMiddleware; Django adds server errors
        # (with their traceback), not a second line for each 404.
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "ERROR"},
        "axes": {"level": "WARNING"},  # a line per failed login is for lockouts only
    },
}

# `manage.py backup` writes here (operations/backups.py).
BACKUP_DIR = Path(os.environ.get("BACKUP_DIR") or BASE_DIR / "backups")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True  # 35 000 in French, 35,000 in English
# One way to write a date per language, on pages, in the admin and in exports: "1 Jan 2024",
# "1 janvier 2024" (inserm_portal/formats/<language>/formats.py).
FORMAT_MODULE_PATH = "inserm_portal.formats"

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

LOGIN_URL = "admin:login"

# E-mail: printed to the console unless an SMTP server is configured.
EMAIL_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND") or "django.core.mail.backends.console.EmailBackend"
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST") or "localhost"
EMAIL_PORT = envint("DJANGO_EMAIL_PORT", "25")
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL") or "portail-partenariats@localhost"
# The address the workspace links in e-mails point to.
PORTAL_BASE_URL = (os.environ.get("PORTAL_BASE_URL") or "http://127.0.0.1:8000").rstrip("/")

# The open-data API (/api/v1/): read-only, anonymous clients throttled.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    # Staff browsing the API keep their session; no HTTP Basic: a password sent with each
    # request, without a CSRF token, would be a second login form (and a way to lock accounts).
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.AnonymousRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": os.environ.get("API_ANON_RATE") or "120/minute"},
    "NUM_PROXIES": TRUSTED_PROXIES,  # for any other DRF throttle: X-Forwarded-For as clients.py reads it
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Inserm Partnership Portal – open data",
    # The description, with the rate in force, is written by api/description.py.
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # An agreement's kinds appear in its public and staff serializers: one name for them.
    "ENUM_NAME_OVERRIDES": {"AgreementKindEnum": "partners.models.Agreement.Kind"},
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Research-unit mandates (the brief: a 4-year term, renewable once). Terms have
# since moved to 5 years, hence settings rather than constants in the code.
MANDATE_TERM_YEARS = envint("MANDATE_TERM_YEARS", "4", minimum=1)
# Also written into the database as a check constraint on the term number:
# changing it needs a migration (makemigrations will say so).
MANDATE_MAX_RENEWALS = 1
MANDATE_EXPIRY_WARNING_MONTHS = envint("MANDATE_EXPIRY_WARNING_MONTHS", "12", minimum=1)
# The shortest term accepted, in months: shorter ones (a two-day term is a typing error)
# are refused by the model, the admin and imports alike (units/rules.py).
MANDATE_MIN_TERM_MONTHS = envint("MANDATE_MIN_TERM_MONTHS", "12", minimum=1)
# The most a term may run past a full one, with a recorded reason (an extension, an
# alignment on the site's evaluation wave): a site's contract ran six years after the pandemic.
MANDATE_MAX_EXTENSION_MONTHS = envint("MANDATE_MAX_EXTENSION_MONTHS", "24", minimum=0)
if MANDATE_MIN_TERM_MONTHS > 12 * MANDATE_TERM_YEARS:
    raise ImproperlyConfigured(
        f"MANDATE_MIN_TERM_MONTHS ({MANDATE_MIN_TERM_MONTHS}) is longer than a full term ({MANDATE_TERM_YEARS} years)."
    )
