"""One settings module for every environment, driven by OKRUM_* variables and DATABASE_URL."""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("OKRUM_DATA_DIR", "var")).resolve()


def _flag(name: str, default: bool = False) -> bool:
    return os.environ.get(name, "1" if default else "0").lower() in {"1", "true", "yes", "on"}


def _secret_key() -> str:
    """The key from the environment, else one generated once into the data directory."""
    if key := os.environ.get("OKRUM_SECRET_KEY"):
        return key
    path = DATA_DIR / "secret_key"
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        draft = path.with_name(f"secret_key.{os.getpid()}")
        draft.write_text(secrets.token_urlsafe(50))
        draft.chmod(0o600)
        # A hard link is created whole or not at all: when several processes start on a fresh
        # data directory at once, the first one's key wins and every process reads that one.
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = _flag("OKRUM_DEBUG")
ALLOWED_HOSTS = os.environ.get("OKRUM_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("OKRUM_CSRF_TRUSTED_ORIGINS", "").split(",") if o]
BASE_URL = os.environ.get("OKRUM_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",
    "django_htmx",
    "axes",
    "okrum.core",
    "okrum.tenancy",
    "okrum.accounts",
    "okrum.teams",
    "okrum.okrs",
    "okrum.scrum",
    "okrum.retros",
    "okrum.insights",
    "okrum.help",
    "okrum.demo",
]

MIDDLEWARE = [
    # First, so that a load balancer's probe needs no allowed Host, no HTTPS and no session.
    "okrum.core.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "okrum.tenancy.middleware.OrgMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "okrum.urls"
WSGI_APPLICATION = "okrum.wsgi.application"
ASGI_APPLICATION = "okrum.asgi.application"

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
                "okrum.tenancy.context_processors.organization",
            ],
        },
    },
]


def _database() -> dict[str, Any]:
    if url := os.environ.get("DATABASE_URL"):
        # Under ASGI each request runs in a thread of its own, so a connection kept per thread
        # is never reused and they pile up until PostgreSQL refuses new clients. Each process
        # keeps a pool instead: requests borrow a connection and give it back when they end.
        config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=0))
        # A borrowed connection is checked first, so after a database restart or failover the
        # pool replaces dead connections instead of failing requests with them.
        config["CONN_HEALTH_CHECKS"] = True
        if config["ENGINE"] == "django.db.backends.postgresql":
            config["OPTIONS"] = {
                "pool": {
                    "min_size": 1,
                    "max_size": int(os.environ.get("OKRUM_DB_POOL_SIZE", "10")),
                    "timeout": 10,  # seconds a request waits for a free connection
                }
            }
        return config
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": DATA_DIR / "okrum.sqlite3",
        "OPTIONS": {
            # Writers queue on a busy database instead of failing, and take the write lock
            # up front so two transactions never deadlock upgrading from read to write.
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
        "TEST": {"NAME": None},
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Login throttling: ten failures from one address, or against one account, lock it out for
# a quarter of an hour with a 429 answer.
AXES_FAILURE_LIMIT = int(os.environ.get("OKRUM_LOGIN_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("OKRUM_LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_HTTP_RESPONSE_CODE = 429
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_VERBOSE = False

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# A bulk create of 1,000 backlog items with long descriptions outgrows Django's 2.5 MB default.
DATA_UPLOAD_MAX_MEMORY_SIZE = 32 * 1024 * 1024
CSRF_COOKIE_SAMESITE = "Lax"
# No script reads the CSRF cookie: htmx takes the token from the page (base.html hx-headers).
CSRF_COOKIE_HTTPONLY = True
HTTPS = _flag("OKRUM_HTTPS")
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
BEHIND_PROXY = _flag("OKRUM_BEHIND_PROXY")
# Behind a proxy that ends TLS, the proxy redirects plain HTTP; the app redirecting too would
# loop whenever the proxy does not say the request came over HTTPS.
SECURE_SSL_REDIRECT = HTTPS and not BEHIND_PROXY
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# `okrum serve` believes X-Forwarded-For and -Proto only from these addresses (uvicorn's
# forwarded_allow_ips); the client address it finds is what login lockouts are counted against.
FORWARDED_ALLOW_IPS = os.environ.get("OKRUM_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# One cache for all app processes, in the database: the API's throttles count there, so N
# processes allow what one does. The table comes with `okrum migrate` (okrum.core's migration).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "okrum_cache",
    }
}
# The API's throttles identify a client by REMOTE_ADDR, which uvicorn has already taken from a
# trusted proxy's X-Forwarded-For; reading the header again would let any client pick its own.
NINJA_NUM_PROXIES = 0
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# `check --deploy` asks for HSTS on every subdomain and for the preload list, which commit the
# whole domain, not only this site: its owner decides. Behind a proxy, the proxy redirects.
SILENCED_SYSTEM_CHECKS = ["security.W005", "security.W021"]
if HTTPS and BEHIND_PROXY:
    SILENCED_SYSTEM_CHECKS.append("security.W008")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

LANGUAGE_CODE = "en"
TIME_ZONE = os.environ.get("OKRUM_TIME_ZONE", "UTC")
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns about a missing root
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

EMAIL_BACKEND = os.environ.get(
    "OKRUM_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = os.environ.get("OKRUM_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("OKRUM_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("OKRUM_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("OKRUM_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = _flag("OKRUM_EMAIL_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("OKRUM_EMAIL_FROM", "Okrum <okrum@localhost>")

OKRUM_TRIAL_DAYS = 90
OKRUM_INVITATION_DAYS = 14

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("OKRUM_LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
