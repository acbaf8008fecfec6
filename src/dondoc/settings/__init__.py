"""Django settings of dondoc, read from environment variables with safe development defaults.

Variables (all optional in development):

- ``DONDOC_MODE``: ``development`` (default) or ``production``.
- ``DATABASE_URL``: default ``sqlite:///var/dondoc.sqlite3`` (relative to the working directory).
- ``DONDOC_SECRET_KEY``: required in production; the development key is refused there.
- ``DONDOC_ALLOWED_HOSTS``: comma-separated; default ``127.0.0.1,localhost`` in development.
- ``DONDOC_EMAIL_URL``: e.g. ``smtp+tls://user:pass@host:587``; default console backend.
- ``DONDOC_DEFAULT_FROM_EMAIL``: sender of reminders.
- ``DONDOC_ENCRYPTION_KEY``: key for personal-data fields; required in production.
- ``DONDOC_SESSION_IDLE_MINUTES``: a session unused this long ends (default 30).
- ``DONDOC_API_TOKEN_HOURS``: lifetime of an API token (default 12).
- ``DONDOC_SITE_URL``: the address officers open dondoc at (``https://dondoc.example``), for the
  links in e-mails; required in production (a deployment check says so).
- ``DONDOC_DB_POOL``: PostgreSQL only; ``1`` (default) keeps a pool of connections per process
  (Django 5.2's psycopg pool), ``0`` opens one per request (or keeps it for
  ``DONDOC_DB_CONN_MAX_AGE`` seconds).
- ``DONDOC_REPLICA_URL``: PostgreSQL only; a streaming replica (hot standby) of the primary, for
  the statistics, targets and timeliness pages' reads (``dondoc.core.routing``); unset, every read
  goes to the primary.
- ``DONDOC_BACKGROUND_ROWS``: web imports and exports above this many rows run in the worker.
- ``DONDOC_REGISTRY_COPY``: PostgreSQL only; ``1`` (default) registry imports write with COPY,
  ``0`` with the ORM's bulk inserts (the same rows, slower).
- ``DONDOC_WORKER_STALE_SECONDS``: the health endpoint reports the worker down when its last
  heartbeat is older than this.
- ``DONDOC_TRUSTED_PROXY_HEADER``, ``DONDOC_TRUSTED_PROXY_COUNT``: behind a reverse proxy, the
  header it sets with the client's address (e.g. ``X-Forwarded-For``) and how many proxies
  append to it; unset, the client is the connection's address (README, "Đăng nhập").
"""

from __future__ import annotations

import copy
import datetime
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from dondoc.settings.safety import production_problems

PACKAGE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEVELOPMENT_SECRET_KEY = "django-insecure-dondoc-development-only-never-use-in-production"  # noqa: S105
DEVELOPMENT_ENCRYPTION_KEY = "dondoc-development-encryption-key-never-use-in-production"

MODE = env.str("DONDOC_MODE", default="development")
if MODE not in {"development", "production"}:
    raise ImproperlyConfigured(f"DONDOC_MODE must be 'development' or 'production', not {MODE!r}")
PRODUCTION = MODE == "production"

SECRET_KEY = env.str("DONDOC_SECRET_KEY", default=DEVELOPMENT_SECRET_KEY)
ENCRYPTION_KEY = env.str("DONDOC_ENCRYPTION_KEY", default=DEVELOPMENT_ENCRYPTION_KEY)
DEBUG = env.bool("DONDOC_DEBUG", default=not PRODUCTION)
if PRODUCTION and (
    _problems := production_problems(
        secret_key=SECRET_KEY,
        encryption_key=ENCRYPTION_KEY,
        debug=DEBUG,
        development_secret_key=DEVELOPMENT_SECRET_KEY,
        development_encryption_key=DEVELOPMENT_ENCRYPTION_KEY,
    )
):
    raise ImproperlyConfigured(
        "DONDOC_MODE=production refuses to start:\n- " + "\n- ".join(_problems)
    )
ALLOWED_HOSTS = env.list(
    "DONDOC_ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost"]
)
CSRF_TRUSTED_ORIGINS = env.list("DONDOC_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "axes",
    "auditlog",
    "csp",
    "django_htmx",
    "dondoc.core",
    "dondoc.org",
    "dondoc.plans",
    "dondoc.tracking",
    "dondoc.registry",
    "dondoc.reintegration",
    "dondoc.privacy",
    "dondoc.stats",
    "dondoc.indicators",
    "dondoc.reports",
    "dondoc.web",
    "dondoc.api",
    # After dondoc.core, whose `db_worker` (the same worker, with a heartbeat) wins.
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "dondoc.web.middleware.SessionActivityMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    # Last, as django-axes asks: it turns lockouts into the lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "dondoc.urls"
WSGI_APPLICATION = "dondoc.wsgi.application"

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
                "csp.context_processors.nonce",
                "dondoc.web.context.notifications",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASES = {"default": env.db_url("DATABASE_URL", default="sqlite:///var/dondoc.sqlite3")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    _name = str(DATABASES["default"]["NAME"])
    if _name not in {"", ":memory:"}:
        Path(_name).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"].setdefault("OPTIONS", {})
    # SQLite for a web server: WAL lets pages read while one request or the worker writes;
    # IMMEDIATE transactions take the write lock when they begin, so two writers queue
    # instead of one failing at once when it upgrades a read lock ("database is locked");
    # the busy timeout is how long a writer queues (services keep their transactions short:
    # a file is parsed before its transaction opens).
    DATABASES["default"]["OPTIONS"].setdefault(
        "init_command",
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;",
    )
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")
    DATABASES["default"]["OPTIONS"].setdefault("timeout", 20)  # seconds, as busy_timeout
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Persistent connections are the default: opening a PostgreSQL connection per request
    # (authentication, a new backend process) was most of a page's time under load (issue 18:
    # the median page fell from 250 to 81 ms with them). Django 5.2's pool (psycopg_pool) keeps
    # up to max_size connections per process, gunicorn worker or db_worker, and hands them out
    # per request; size the database's max_connections for (web workers + 1) × max_size.
    if env.bool("DONDOC_DB_POOL", default=True):
        DATABASES["default"].setdefault("OPTIONS", {})
        DATABASES["default"]["OPTIONS"].setdefault(
            "pool",
            {
                "min_size": env.int("DONDOC_DB_POOL_MIN", default=1),
                "max_size": env.int("DONDOC_DB_POOL_MAX", default=4),
                "timeout": 10,  # seconds a request waits for a free connection
            },
        )
        DATABASES["default"]["CONN_MAX_AGE"] = 0  # the pool keeps them; Django requires 0
    else:
        DATABASES["default"]["CONN_MAX_AGE"] = env.int("DONDOC_DB_CONN_MAX_AGE", default=60)
        DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if env.str("DONDOC_REPLICA_URL", default=""):
    # Reporting reads from a hot standby (dondoc.core.routing): the same options as the primary
    # (its pool), read-only by the server itself; in tests it mirrors the test database.
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DONDOC_REPLICA_URL cần DATABASE_URL là PostgreSQL.")
    DATABASES["replica"] = env.db_url("DONDOC_REPLICA_URL")
    for _key in ("OPTIONS", "CONN_MAX_AGE", "CONN_HEALTH_CHECKS"):
        if _key in DATABASES["default"]:
            DATABASES["replica"][_key] = copy.deepcopy(DATABASES["default"][_key])
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
REPORTING_DATABASE = "replica" if "replica" in DATABASES else None
DATABASE_ROUTERS = ["dondoc.core.routing.ReportingRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Users and authentication ---------------------------------------------------------------
AUTH_USER_MODEL = "org.User"
AUTHENTICATION_BACKENDS = [
    # django-axes first so that a locked-out user is refused before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_MIN_LENGTH = 12
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "dondoc.core.validators.MinimumLengthValidator",
        "OPTIONS": {"min_length": PASSWORD_MIN_LENGTH},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:login"

# django-axes: lock an account and address pair after 5 failures, for 30 minutes.
AXES_FAILURE_LIMIT = env.int("DONDOC_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("DONDOC_LOGIN_COOLOFF_HOURS", default=0.5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "web/lockout.html"
AXES_VERBOSE = False
AXES_USERNAME_CALLABLE = "dondoc.org.signin.attempt_username"  # cut to what axes records
# The client's address, which the lockout is keyed on together with the user name. Behind a
# reverse proxy every request comes from the proxy: unconfigured, five failures from anyone would
# lock an officer out for everyone. DONDOC_TRUSTED_PROXY_HEADER names the header the proxy sets
# (X-Forwarded-For, X-Real-IP) and DONDOC_TRUSTED_PROXY_COUNT how many proxies stand in front of
# dondoc (default 1). django-ipware then takes, counting from the right, the address the
# outermost trusted proxy saw, whatever the client itself wrote to the left of it (django-axes
# docs, "Configuring reverse proxies"; IPWARE_STRICT off so that a client's own header does not
# blank the address).
TRUSTED_PROXY_HEADER = env.str("DONDOC_TRUSTED_PROXY_HEADER", default="")
if TRUSTED_PROXY_HEADER:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_" + TRUSTED_PROXY_HEADER.upper().replace("-", "_"),)
    # ipware counts the proxies recorded in the header: all but the nearest one, whose own
    # address is the connection's.
    AXES_IPWARE_PROXY_COUNT = env.int("DONDOC_TRUSTED_PROXY_COUNT", default=1) - 1
    AXES_IPWARE_PROXY_ORDER = "left-most"
    IPWARE_STRICT = False
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)

# --- Security -------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# A session unused for this long ends: activity moves its expiry on (web.middleware, at most
# once a minute), so an idle half hour signs the officer out, work in progress not.
SESSION_IDLE_MINUTES = env.int("DONDOC_SESSION_IDLE_MINUTES", default=30)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_TOUCH_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "dondoc.web.views.csrf_failure"  # in Vietnamese, with the menu
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# The health endpoint answers monitoring over plain HTTP on the loopback (no redirect to https).
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env.bool("DONDOC_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("DONDOC_HSTS_PRELOAD", default=True)

# Content-Security-Policy (django-csp 4): only our own origin; inline scripts need the nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# --- Language, time ---------------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files -----------------------------------------------------------------
STATIC_URL = "static/"
# collectstatic's target, needed in production only; in development whitenoise serves the
# files straight from the apps (WHITENOISE_USE_FINDERS).
STATIC_ROOT = env.path("DONDOC_STATIC_ROOT", default="var/static") if PRODUCTION else None
WHITENOISE_USE_FINDERS = not PRODUCTION
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env.str("DONDOC_MEDIA_ROOT", default="var/media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# The address officers open dondoc at: e-mails carry absolute links (a relative link in an
# e-mail leads nowhere). Without it, links are relative (development, the console backend).
SITE_URL = env.str("DONDOC_SITE_URL", default="").rstrip("/")

# --- E-mail -----------------------------------------------------------------------------------
vars().update(env.email_url("DONDOC_EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DONDOC_DEFAULT_FROM_EMAIL", default="dondoc <no-reply@localhost>")
# Links in e-mails use SITE_URL (above); empty, the address the user's browser used when the
# notice was made. Public holidays and days off in lieu (ISO dates) for the working days a
# submission waits for review.
DONDOC_HOLIDAYS = env.list("DONDOC_HOLIDAYS", default=[])

# --- Background tasks (django-tasks with the database backend) --------------------------------
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A web import or export above this many rows runs in the worker (core.jobs): the page shows
# its progress instead of holding the request (and gunicorn's timeout) for minutes.
BACKGROUND_ROWS = env.int("DONDOC_BACKGROUND_ROWS", default=3000)
# PostgreSQL: registry imports write through COPY (registry.bulk); False takes the ORM's bulk
# inserts as on SQLite (the same rows: a test compares both; a way back if COPY misbehaves).
REGISTRY_COPY = env.bool("DONDOC_REGISTRY_COPY", default=True)
# `dondoc db_worker` writes a heartbeat every WORKER_HEARTBEAT_SECONDS, even while it runs a
# long task; /healthz calls the worker down when the newest is older than the stale limit.
WORKER_HEARTBEAT_SECONDS = env.int("DONDOC_WORKER_HEARTBEAT_SECONDS", default=15)
WORKER_STALE_SECONDS = env.int("DONDOC_WORKER_STALE_SECONDS", default=120)
# The recurring work the worker queues by itself once a day (core.worker.daily_work), from this
# local hour: each a hook(today=) that queues its task unless queued already that day.
WORKER_DAILY = [
    "dondoc.privacy.retention.retention_daily",  # anonymisation past retention (privacy)
]
WORKER_DAILY_HOUR = env.int("DONDOC_WORKER_DAILY_HOUR", default=1)

# --- API --------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    # Token first: its WWW-Authenticate header makes an anonymous request a 401, not a 403.
    # django-rest-knox: tokens stored as digests, expiring, revoked one by one or all at once.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "dondoc.api.pagination.BoundedLimitOffsetPagination",
    "PAGE_SIZE": 100,
    "EXCEPTION_HANDLER": "dondoc.api.errors.exception_handler",
}
REST_KNOX = {
    "TOKEN_TTL": datetime.timedelta(hours=env.float("DONDOC_API_TOKEN_HOURS", default=12)),
    "AUTO_REFRESH": False,
    "AUTH_HEADER_PREFIX": "Token",
    "TOKEN_LIMIT_PER_USER": 20,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "dondoc API",
    "DESCRIPTION": "API của dondoc: đơn vị hành chính, cơ quan, kế hoạch và báo cáo.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # `<id:…>` (core.queryparams.IdConverter): the ids a BigAutoField holds.
    "PATH_CONVERTER_OVERRIDES": {"id": {"type": "integer", "minimum": 1, "maximum": 2**63 - 1}},
}

# --- Audit log --------------------------------------------------------------------------------
# Personal data never reaches the audit log: models that hold it register with masked fields.
AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = False

# --- Logging: nothing personal is logged; requests log only method, path and status. -----------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DONDOC_LOG_LEVEL", default="WARNING")},
}

# --- Statistics -------------------------------------------------------------------------------
# Tables leaving the agency hide counts from 1 to this threshold ("<5"), with complementary
# suppression (stats/suppression.py).
SUPPRESSION_THRESHOLD = env.int("DONDOC_SUPPRESSION_THRESHOLD", default=4)

# Dates typed in forms as officers write them (31/12/2024); the Vietnamese locale of Django
# sets no input formats of its own, so these apply.
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]
