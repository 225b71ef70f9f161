"""Settings for the Inserm Partnership Portal.

One module, read from the environment (see `.env.example` for every variable).
A `.env` file in the project folder is read too, without overriding variables
that are already set; `make run` writes one for local development.
"""

import os
from pathlib import Path

import dj_database_url
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
# Behind a reverse proxy that terminates TLS and sets X-Forwarded-Proto (see the README).
if envbool("DJANGO_BEHIND_PROXY", "false"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

INSTALLED_APPS = [
    "django.contrib.admin",
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
    "units",
    "partners",
    "workspace",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # the API docs' assets, served locally (no CDN)
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before sessions and authentication: a cached anonymous page costs no query.
    "inserm_portal.page_cache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",  # records who made each change
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set, process memory otherwise.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Anonymous public pages are cached this long (0 turns the cache off); any edit of a
# record makes them fresh at once (inserm_portal/page_cache.py).
PAGE_CACHE_SECONDS = envint("PAGE_CACHE_SECONDS", "600", minimum=0)

# Admin spreadsheet import and export (inserm_portal/exchange.py).
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"  # Managers may export; import needs add and change
IMPORT_EXPORT_IMPORT_IGNORE_BLANK_LINES = True  # spreadsheets often end with empty rows
IMPORT_EXPORT_ESCAPE_ILLEGAL_CHARS_ON_EXPORT = True  # control characters pasted from Word break XLSX
# The uploaded file waits between the preview and the confirmation: in Redis when there
# is one, so the confirmation may reach another server; in a temporary file otherwise.
IMPORT_EXPORT_TMP_STORAGE_CLASS = (
    "import_export.tmp_storages.CacheStorage" if REDIS_URL else "import_export.tmp_storages.TempFolderStorage"
)

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
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": os.environ.get("API_ANON_RATE") or "120/minute"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Inserm Partnership Portal – open data",
    "DESCRIPTION": "Published research units, sites, partners, categories and public agreements. "
    "Anonymous clients may make API_ANON_RATE requests (120 a minute by default); beyond it, 429 with Retry-After.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
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
