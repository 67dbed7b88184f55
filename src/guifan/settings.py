"""Settings come from the environment; the defaults run a local demo on SQLite.

DATABASE_URL  database (default: SQLite file var/guifan.sqlite3)
SECRET_KEY    signing key (default: generated once into var/secret_key)
DEBUG         "1"/"true" turns debug on; off otherwise
ALLOWED_HOSTS comma-separated host names (default: 127.0.0.1,localhost)
GUIFAN_VAR    folder for the SQLite file, secret key and uploads (default: ./var)
HTTPS         "1" when served over HTTPS: secure cookies, plain HTTP redirected, HSTS
TRUSTED_PROXIES  comma-separated addresses or ranges of the reverse proxies in front; only their
              X-Forwarded-For is believed for the client's address, and with HTTPS=1 their
              X-Forwarded-Proto (default: none)
SECURE_PROXY_SSL_HEADER  "1"/"0": believe X-Forwarded-Proto or not, whatever TRUSTED_PROXIES says
CSRF_TRUSTED_ORIGINS  comma-separated origins a proxy serves the site under (https://host)
SECURE_HSTS_SECONDS  HSTS max-age with HTTPS=1 (default: one year)
SECURE_HSTS_INCLUDE_SUBDOMAINS  "0" to leave subdomains out of HSTS (default: on with HTTPS=1)
SECURE_HSTS_PRELOAD  "1" to add preload to HSTS (default: off)
GUIFAN_LOGIN_MAX_FAILURES_PER_ADDRESS  failed sign-ins from one address, within 15 minutes, that
              stop every account from it; 0 = off (default: 0; each account always locks after 5)
GUIFAN_JOB_STALE_SECONDS  a running job whose heartbeat is silent this long is failed (default 60,
              at least 10)
GUIFAN_EXPORT_JOB_ROWS  institution lists longer than this are exported by a job (default 5000)
GUIFAN_MAX_REQUEST_BYTES  larger request bodies are refused with 413 (default 201 MB)
GUIFAN_BIND, GUIFAN_WORKERS, GUIFAN_JOB_WORKERS  defaults of `guifan serve`'s --bind (127.0.0.1:8000),
              --workers (2) and --job-workers (1)
EMAIL_HOST    SMTP server for notification e-mail; without it mail is printed to the console
EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS, EMAIL_USE_SSL  the SMTP account
DEFAULT_FROM_EMAIL  sender address (default: noreply@localhost)
GUIFAN_SITE_URL  the site's address, for links in e-mail (default: http://127.0.0.1:8000)
"""

import ipaddress
import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("GUIFAN_VAR", Path.cwd() / "var")).resolve()


def _env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name, "").strip().lower()
    return value in {"1", "true", "yes", "on"} if value else default


def _env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not value.isascii() or not value.isdigit():
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}")
    return int(value)


def _env_networks(name: str) -> list[str]:
    """Addresses or ranges (10.0.0.0/8), checked at start-up rather than at the first sign-in."""
    entries = _env_list(name)
    for entry in entries:
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError:
            raise ImproperlyConfigured(f"{name}: {entry!r} is not an IP address or range") from None
    return entries


def _secret_key() -> str:
    """Use SECRET_KEY when set, else a key generated once and kept in var/ so sessions survive restarts."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = _env_flag("DEBUG")
ALLOWED_HOSTS = _env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "django_tasks",
    "django_tasks_db",
    "guifan.core",
    "guifan.audit",
    "guifan.regions",
    "guifan.registry",
    "guifan.accounts",
    "guifan.funds",
    "guifan.grading",
    "guifan.supervision",
    "guifan.surveys",
    "guifan.evaluation",
    "guifan.reports",
    "guifan.home",
    "guifan.jobs",
    "guifan.notifications",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "guifan.core.sessions.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "guifan.core.middleware.RequestSizeLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "guifan.core.middleware.ContentSecurityPolicyMiddleware",
    "guifan.core.middleware.PrivateNoStoreMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "guifan.accounts.middleware.PasswordChangeRequiredMiddleware",
]

ROOT_URLCONF = "guifan.urls"
WSGI_APPLICATION = "guifan.wsgi.application"

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
                "guifan.core.context_processors.navigation",
                "guifan.notifications.context_processors.unread",
            ],
            "builtins": ["guifan.core.templatetags.guifan"],
        },
    }
]
FORM_RENDERER = "guifan.core.forms.GuifanFormRenderer"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'guifan.sqlite3'}", conn_max_age=60, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Concurrent writers wait for each other instead of failing; IMMEDIATE takes the write lock at
    # the start of a transaction, so a read-then-write transaction cannot deadlock on the upgrade.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # SQLite has one writer, and a long import holds it until it commits. Sessions (renewed on every
    # request) are kept in files, so that reading a page never waits for that lock.
    SESSION_ENGINE = "django.contrib.sessions.backends.file"
    SESSION_FILE_PATH = VAR_DIR / "sessions"
    SESSION_FILE_PATH.mkdir(parents=True, exist_ok=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# Authenticates inactive users too, so the sign-in form can say the account is disabled.
AUTHENTICATION_BACKENDS = ["guifan.accounts.backends.GuifanModelBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "guifan.accounts.validators.UserAttributeSimilarityValidator"},
    {"NAME": "guifan.accounts.validators.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "guifan.accounts.validators.CommonPasswordValidator"},
    {"NAME": "guifan.accounts.validators.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Login throttling: this many failures for one account within the window locks that account out.
GUIFAN_LOGIN_MAX_FAILURES = 5
GUIFAN_LOGIN_WINDOW_SECONDS = 15 * 60
# And this many from one address locks out every account from it; 0 (the default) turns it off,
# since behind a proxy or in an office everyone signs in from the same address.
GUIFAN_LOGIN_MAX_FAILURES_PER_ADDRESS = _env_int("GUIFAN_LOGIN_MAX_FAILURES_PER_ADDRESS", 0)
# The reverse proxies whose X-Forwarded-For is believed (addresses or ranges); from anyone else the
# client's address is REMOTE_ADDR.
TRUSTED_PROXIES = _env_networks("TRUSTED_PROXIES")

SESSION_COOKIE_AGE = 30 * 60
# The page warns this long before the session expires and offers to extend it (WCAG 2.2.1).
GUIFAN_SESSION_WARNING_SECONDS = 2 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Served over HTTPS (HTTPS=1): cookies only over TLS, plain HTTP redirected, HSTS. Behind a TLS
# proxy Django sees plain HTTP; it believes the proxy's X-Forwarded-Proto (the proxy must set it,
# overwriting the client's) when TRUSTED_PROXIES is set or SECURE_PROXY_SSL_HEADER=1 says so.
HTTPS = _env_flag("HTTPS")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
if HTTPS and _env_flag("SECURE_PROXY_SSL_HEADER", default=bool(TRUSTED_PROXIES)):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = _env_int("SECURE_HSTS_SECONDS", 365 * 24 * 3600) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_flag("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=HTTPS)
# Preloading puts the domain into the browsers' built-in HSTS list, hard to undo and binding every
# subdomain: the domain's owner decides it (SECURE_HSTS_PRELOAD=1), so its warning is silenced.
SECURE_HSTS_PRELOAD = _env_flag("SECURE_HSTS_PRELOAD")
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
# The origins (scheme and host, e.g. https://guifan.example.org) a proxy serves the site under.
CSRF_TRUSTED_ORIGINS = _env_list("CSRF_TRUSTED_ORIGINS")
X_FRAME_OPTIONS = "DENY"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Aggregates kept per version of their inputs (guifan/core/computed.py): files under var/ are
# shared by the page workers of one server; see docs/deployment.md for several servers.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "computed": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": VAR_DIR / "cache",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
}

STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_ROOT = VAR_DIR / "media"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Long work (imports, batch checks) runs as tasks of Django's tasks framework (DEP 14) through the
# django-tasks backport; the database backend needs no extra server. `guifan worker` runs them.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A running job whose worker has not touched its progress file for this long is failed as
# interrupted (the worker touches it every 5 s while it works).
# At least two heartbeats (one each 5 s), so that a live job is never taken for a dead one.
GUIFAN_JOB_STALE_SECONDS = max(10, int(os.environ.get("GUIFAN_JOB_STALE_SECONDS", "60")))
# No request body may be larger than the largest upload (a 200 MB .zip of reports) and its form.
GUIFAN_MAX_REQUEST_BYTES = int(os.environ.get("GUIFAN_MAX_REQUEST_BYTES", str(201 * 1024 * 1024)))
# An institution list longer than this is exported by a background job rather than in the request.
GUIFAN_EXPORT_JOB_ROWS = int(os.environ.get("GUIFAN_EXPORT_JOB_ROWS", "5000"))

# Notification e-mail goes out from the background worker, never inside a request.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _env_flag("EMAIL_USE_TLS")
EMAIL_USE_SSL = _env_flag("EMAIL_USE_SSL")
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@localhost")
GUIFAN_SITE_URL = os.environ.get("GUIFAN_SITE_URL", "http://127.0.0.1:8000")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
