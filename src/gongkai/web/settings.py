"""Settings from environment variables, with safe defaults for the embedded (single machine) mode.

Environment: ``DATABASE_URL`` (default SQLite in ``var/gongkai.sqlite3``), ``SECRET_KEY`` (default:
generated once into ``var/secret_key``), ``ALLOWED_HOSTS`` (comma-separated), ``DEBUG`` (off unless
``1``/``true``), ``GONGKAI_HTTPS`` (``1`` behind TLS: secure cookies, HSTS, redirect),
``CSRF_TRUSTED_ORIGINS`` (comma-separated), ``GONGKAI_VAR_DIR`` (the embedded mode's state),
``EMAIL_BACKEND``/``EMAIL_HOST``/``EMAIL_PORT``/``EMAIL_HOST_USER``/``EMAIL_HOST_PASSWORD``/
``EMAIL_USE_TLS``/``DEFAULT_FROM_EMAIL`` (console backend by default), ``CACHE_BACKEND``/
``CACHE_LOCATION`` (per-process memory by default; login throttling counts live there),
``GONGKAI_LOG_FORMAT`` (``json`` for one JSON object per log line, plain text otherwise),
``GONGKAI_LOG_LEVEL``/``LOG_LEVEL`` (gongkai's loggers, default INFO; the rest, default WARNING),
``MEDIA_ROOT`` (uploaded files, default ``var/media``) and ``GONGKAI_STORAGE`` (``filesystem`` or
``s3`` with ``AWS_STORAGE_BUCKET_NAME``…, see ``gongkai.web.storage``), ``GONGKAI_TRUSTED_PROXIES``
(comma-separated addresses/networks of the reverse proxies whose ``X-Forwarded-For`` is believed,
see ``gongkai.web.proxy``), ``GONGKAI_HSTS_PRELOAD`` (``1`` to ask browsers' HSTS preload lists).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url

from gongkai.web.proxy import trusted_proxies_parse
from gongkai.web.storage import storages_from_env

REPO_DIR = Path(__file__).resolve().parents[3]
VAR_DIR = Path(os.environ.get("GONGKAI_VAR_DIR", REPO_DIR / "var"))


def env_flag(name: str, default: bool = False) -> bool:
    """Read a yes/no environment variable."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    """Read a comma-separated environment variable."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def embedded_secret_key(path: Path) -> str:
    """Return the key stored at ``path``, generating it (mode 600) on first use."""
    if path.exists():
        return path.read_text(encoding="ascii").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key + "\n")
    return key


DEBUG = env_flag("DEBUG")
SECRET_KEY = os.environ.get("SECRET_KEY") or embedded_secret_key(VAR_DIR / "secret_key")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_tasks",
    "django_tasks_db",
    "django_prose_editor",
    "django_htmx",
    "gongkai.organizations",
    "gongkai.accounts",
    "gongkai.workspace",
    "gongkai.audit",
    "gongkai.portal",
    "gongkai.api",
    "gongkai.applications",
    "gongkai.publications",
    "gongkai.ledgers",
    "gongkai.remedies",
    "gongkai.search",
    "gongkai.annual_reports",
    "gongkai.supervision",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "gongkai.web.urls"
WSGI_APPLICATION = "gongkai.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'gongkai.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite's own page cache is 2 MB by default: a search index of a few GB then goes through
    # the OS one pread at a time (a 1M-item index rebuild read 2 TB that way). 64 MB of cache
    # per connection and reads through a memory map instead.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = os.environ.get(
        "SQLITE_INIT_COMMAND", "PRAGMA cache_size = -65536; PRAGMA mmap_size = 1073741824"
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Chinese text needs UTF-8 and a UTF-8 ctype (pg_trgm extracts nothing from Chinese under C).
    DATABASES["default"]["TEST"] = {"CHARSET": "UTF8", "TEMPLATE": "template0"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "organizations.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "workspace:index"
LOGOUT_REDIRECT_URL = "portal:home"
PASSWORD_RESET_TIMEOUT = 60 * 60

# E-mail: the console backend unless an SMTP server is configured.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_flag("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "gongkai@localhost")

# Cache (login throttling counts live here): per process in the embedded mode; production sets
# CACHE_URL-style backend and location, e.g. django.core.cache.backends.redis.RedisCache.
CACHE_BACKEND = os.environ.get("CACHE_BACKEND", "django.core.cache.backends.locmem.LocMemCache")
CACHES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": CACHE_BACKEND, "LOCATION": os.environ.get("CACHE_LOCATION", "gongkai")}
}
if CACHE_BACKEND.endswith(("locmem.LocMemCache", "filebased.FileBasedCache")):
    # Django's default (300) is fewer than one region's catalogue pages: the portal's pages
    # would push each other out. 3,000 rendered pages are about 100 MB per process.
    CACHES["default"]["OPTIONS"] = {"MAX_ENTRIES": int(os.environ.get("CACHE_MAX_ENTRIES", "3000"))}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))

# Uploaded files: MEDIA_ROOT (a shared NFS mount when there are several app servers) or an
# S3-compatible bucket with GONGKAI_STORAGE=s3. Media are never served by URL from the web server
# directly: the views that own them check permissions.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
STORAGES = storages_from_env(os.environ, media_root=str(MEDIA_ROOT))

# Reverse proxies whose X-Forwarded-For is believed (the login throttle's client address).
GONGKAI_TRUSTED_PROXIES = env_list("GONGKAI_TRUSTED_PROXIES", "")
trusted_proxies_parse(GONGKAI_TRUSTED_PROXIES)  # a malformed entry stops the start-up

# Cookies and headers. Behind TLS (GONGKAI_HTTPS=1) cookies are Secure and HSTS is sent; the
# embedded mode serves plain http://127.0.0.1, where Secure cookies would never be sent back.
HTTPS = env_flag("GONGKAI_HTTPS")
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if HTTPS:
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_flag("GONGKAI_HSTS_PRELOAD")

# Logs go to stderr: one JSON object per line with GONGKAI_LOG_FORMAT=json (for a log collector),
# plain text otherwise. gongkai's own loggers speak from INFO (GONGKAI_LOG_LEVEL), the rest from
# WARNING (LOG_LEVEL).
LOG_FORMAT = os.environ.get("GONGKAI_LOG_FORMAT", "text").strip().lower()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "gongkai.web.logformat.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        "gongkai": {"level": os.environ.get("GONGKAI_LOG_LEVEL", "INFO")},
        "django_tasks_db": {"level": os.environ.get("GONGKAI_LOG_LEVEL", "INFO")},
    },
}
