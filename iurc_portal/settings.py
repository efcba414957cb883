"""Settings for the IURC Portal, read from the environment.

One module for every environment. Development works with no variable set (a SQLite
file, DEBUG on, local hosts only); a deployment sets at least DEBUG=0, SECRET_KEY,
ALLOWED_HOSTS and DATABASE_URL.
"""

import datetime
import ipaddress
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0, true/false, yes/no, on/off, not {value!r}.")


def env_int(name, default, *, minimum=0):
    """A whole number from the environment; unset gives ``default``, anything else that is
    not a whole number of at least ``minimum`` (an empty value too) stops start-up."""
    value = os.environ.get(name)
    if value is None:
        return default
    try:
        number = int(value.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None
    if number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {number}.")
    return number


def env_rate(name, default):
    """A rate such as ``60/m`` (per s, m, h or d) from the environment."""
    value = os.environ.get(name, default)
    count, _slash, period = value.partition("/")
    if not (count.isascii() and count.isdigit() and period in {"s", "m", "h", "d"}):
        raise ImproperlyConfigured(f"{name} must be a rate such as 60/m (per s, m, h or d), not {value!r}.")
    return value


def env_list(name, default):
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # modeltranslation patches the admin, so it is listed before it.
    "modeltranslation",
    # The admin on the portal's site class (iurc_portal.admin_site).
    "iurc_portal.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django_countries",
    "django_filters",
    "iurc_portal.apps.LoginAttemptsConfig",  # django-axes, under a name staff can read
    "simple_history",
    "django_otp",
    "iurc_portal.apps.TwoFactorConfig",  # django-otp's TOTP devices, likewise
    "django_ratelimit",
    # The database backend of Django's tasks framework: its queue table and db_worker.
    "django_tasks_db",
    "iurc_portal",
    # Dependencies run one way: the project → reminders, reports → partnerships →
    # documents, indicators, cities → publishing.
    "publishing",
    "cities",
    "documents",
    "indicators",
    "partnerships",
    "reports",
    "reminders",
]

# Models whose rows appear on public pages: a change to any of them empties the page cache.
PUBLIC_CONTENT_MODELS = [
    "cities.City",
    "cities.Organisation",
    "partnerships.Programme",
    "partnerships.Component",
    "partnerships.ThematicArea",
    "partnerships.Partnership",
    "partnerships.Participation",
    "partnerships.Milestone",
    "documents.Document",
    "indicators.Indicator",
    "indicators.Measurement",
]

MIDDLEWARE = [
    # First: every log line of the request carries its id.
    "iurc_portal.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "iurc_portal.middleware.PortalLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Records which staff member made each change in the history.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Our 503 page while the database cannot be reached (after the views' own handling).
    "iurc_portal.middleware.DatabaseUnavailableMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into a 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "iurc_portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
            ],
        },
    },
]

WSGI_APPLICATION = "iurc_portal.wsgi.application"

# DATABASE_URL selects the database (postgres://user@host:5432/name for PostgreSQL);
# without it, a SQLite file beside manage.py.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        # A persistent connection is checked before reuse, so the first request
        # after a database restart does not fail.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The portal's queries are short: PostgreSQL's JIT compiled the public pages' count
    # subqueries on every request and added about 60 ms to a 105 ms query (EXPLAIN ANALYZE
    # at the benchmark's 100,000 milestones).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"

# Rendered public pages, per process; see publishing/cache.py.
# django-ratelimit lists django-redis, not Django's own RedisCache, whose incr is atomic too.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]
# With REDIS_URL every server shares one Redis for the page cache and the rate limits;
# without it each process keeps them in its own memory.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    _redis = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    CACHES = {
        "default": {**_redis, "KEY_PREFIX": "iurc"},
        "public_pages": {**_redis, "KEY_PREFIX": "iurc-pages", "TIMEOUT": 24 * 60 * 60},
        "ratelimit": {**_redis, "KEY_PREFIX": "iurc-limits"},
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "default"},
        "public_pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "public-pages",
            "TIMEOUT": None,
            "OPTIONS": {"MAX_ENTRIES": 2000},
        },
        "ratelimit": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ratelimit"},
    }
    # Rate limits counted per process (django-ratelimit's E003): with several workers a
    # client may get up to that many times the rate. Several processes or servers: REDIS_URL.
    SILENCED_SYSTEM_CHECKS.insert(0, "django_ratelimit.E003")

# The benchmark's "cache off": every cache the pages use answers nothing, as on a miss.
if env_bool("BENCHMARK_CACHE_OFF", False):
    CACHES["default"] = CACHES["public_pages"] = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}

# Per client address (iurc_portal.client_ip, which trusts X-Forwarded-For only from
# TRUSTED_PROXIES): renders of public pages the cache does not hold, and public downloads.
RATELIMIT_USE_CACHE = "ratelimit"
RATELIMIT_IP_META_KEY = "iurc_portal.client_ip.client_ip"
RATELIMIT_PUBLIC_PAGES = env_rate("RATELIMIT_PUBLIC_PAGES", "60/m")
RATELIMIT_PUBLIC_DOWNLOADS = env_rate("RATELIMIT_PUBLIC_DOWNLOADS", "20/m")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background reports ---------------------------------------------------------------------

# Large reports are made by a task worker (`manage.py task_worker`, which `make run` and
# `make serve` start) on Django's tasks framework, so that no web request runs long.
# TASKS_BACKEND=database (the default) keeps the queue in the portal's own database;
# TASKS_BACKEND=rq puts it on the Redis of REDIS_URL, for several app servers.
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "database")
if TASKS_BACKEND == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
elif TASKS_BACKEND == "rq":
    if not REDIS_URL:
        raise ImproperlyConfigured("TASKS_BACKEND=rq needs REDIS_URL, the Redis that holds the queue.")
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 30 * 60}}
    INSTALLED_APPS.append("django_rq")
else:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be database or rq, not {TASKS_BACKEND!r}.")
# Every PDF, and a report of any format above this many rows, is made in the background;
# smaller ones are downloaded at once (20,000 rows of XLSX take about 2 s).
REPORT_BACKGROUND_ROWS = env_int("REPORT_BACKGROUND_ROWS", 20_000)
REPORT_BACKGROUND_FORMATS = ["pdf"]
# How long a finished report's file may be downloaded; then it is deleted.
REPORT_FILE_HOURS = env_int("REPORT_FILE_HOURS", 24, minimum=1)
# A job whose worker has said nothing for this long (killed, out of memory) is shown as failed.
REPORT_JOB_STALE_MINUTES = env_int("REPORT_JOB_STALE_MINUTES", 15, minimum=1)
# Where report files are kept, through Django's storage API and never under a public URL:
# REPORT_FILES_DIR for the file system (default: report-files/ beside manage.py); a
# deployment on several servers sets S3_BUCKET (below) to keep them in shared storage.
REPORT_FILES_DIR = Path(os.environ.get("REPORT_FILES_DIR", BASE_DIR / "report-files"))
# Documents of partnerships and milestones (STORAGES["documents"]): never under a public URL,
# served by views that check who may see them; on DOCUMENT_FILES_DIR, or in the S3_BUCKET.
# DOCUMENT_MAX_BYTES caps an upload.
DOCUMENT_FILES_DIR = Path(os.environ.get("DOCUMENT_FILES_DIR", BASE_DIR / "document-files"))
DOCUMENT_MAX_BYTES = env_int("DOCUMENT_MAX_BYTES", 20 * 1024 * 1024, minimum=1)

# Accounts -------------------------------------------------------------------------------

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    # Older hashes still verify, and are upgraded to Argon2 at the next login.
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out login before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# A staff session ends after 8 hours, or when the browser closes.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60, minimum=60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "iurc_portal.views.csrf_failure"

# Login throttling (django-axes): after 5 failures for a user name from one address, that
# pair is locked for 15 minutes and answered 429. Neither a user name alone nor an address
# alone is locked: anyone could lock a colleague out by name, and every member of staff may
# share one address (an office network, or the proxy's when TRUSTED_PROXY_COUNT is not set).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
# Behind reverse proxies, TRUSTED_PROXY_COUNT says how many stand in front and
# TRUSTED_PROXIES (addresses or networks) which of them connect to the portal. Only a
# connection from one of those has its client taken from X-Forwarded-For, from the entry
# the first proxy wrote; see iurc_portal/client_ip.py and the README.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", ["127.0.0.1", "::1"]) if TRUSTED_PROXY_COUNT else []
for proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(f"TRUSTED_PROXIES must list addresses or networks, not {proxy!r}.") from None
AXES_CLIENT_IP_CALLABLE = "iurc_portal.client_ip.client_ip"

# A second factor (TOTP) for staff, required when OTP_REQUIRED is on.
OTP_REQUIRED = env_bool("OTP_REQUIRED", False)
OTP_TOTP_ISSUER = "IURC Portal"

# Bulgarian is the default language and the canonical URL space; English is second.
LANGUAGE_CODE = "bg"
LANGUAGES = [
    ("bg", _("Bulgarian")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Paths outside i18n_patterns whose language is the staff member's choice, not the URL's.
STAFF_PATH_PREFIXES = ["/admin/", "/i18n/", "/reports/"]
USE_I18N = True
# Dates, times and numbers as each language writes them (iurc_portal/formats/).
FORMAT_MODULE_PATH = ["iurc_portal.formats"]
TIME_ZONE = "Europe/Sofia"
USE_TZ = True

MODELTRANSLATION_DEFAULT_LANGUAGE = "bg"
MODELTRANSLATION_LANGUAGES = ("bg", "en")
# A field empty in the active language shows the other language's text.
MODELTRANSLATION_FALLBACK_LANGUAGES = ("bg", "en")

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "reports": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": REPORT_FILES_DIR, "base_url": None},
    },
    "documents": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": DOCUMENT_FILES_DIR, "base_url": None},
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# S3_BUCKET puts the documents and the report files in one S3-compatible bucket (django-storages),
# under documents/ and reports/, for deployments on several servers: what one server keeps,
# the others serve. The files stay private (no ACL, no public URL): the portal's own views
# read them and check who may see them. The endpoint (AWS_S3_ENDPOINT_URL, for MinIO, Ceph or
# a provider other than AWS), the region and the keys are boto3's own environment variables.
S3_BUCKET = os.environ.get("S3_BUCKET", "").strip()
if S3_BUCKET:
    for _name in ("documents", "reports"):
        STORAGES[_name] = {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": S3_BUCKET,
                "location": _name,
                "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
                "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
                "default_acl": None,
                "file_overwrite": False,
            },
        }

# Transport and headers --------------------------------------------------------------------

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 63072000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("BEHIND_TLS_PROXY", False):
    # The proxy terminates TLS and says so in this header; only set where it always does.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Everything the browser loads comes from this origin; scripts and styles need our nonce
# when inline (the public pages have none). No 'unsafe-inline' anywhere.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
}

# Where the public can write about accessibility and privacy; the postal address of
# Sofia Municipality is always given beside it.
CONTACT_EMAIL = os.environ.get("CONTACT_EMAIL", "")

# E-mail, for the reminders' daily digest: Django 6.1's MAILERS, from the environment
# (EMAIL_BACKEND, EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD,
# EMAIL_USE_TLS, EMAIL_USE_SSL, EMAIL_TIMEOUT). Development prints messages to the
# console; tests read them back from Django's memory backend.
_email_backend = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
_smtp = {
    "host": os.environ.get("EMAIL_HOST", "localhost"),
    "port": env_int("EMAIL_PORT", 25, minimum=1),
    "username": os.environ.get("EMAIL_HOST_USER", ""),
    "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
    "use_tls": env_bool("EMAIL_USE_TLS", False),
    "use_ssl": env_bool("EMAIL_USE_SSL", False),
    "timeout": env_int("EMAIL_TIMEOUT", 30, minimum=1),
}
MAILERS = {
    "default": {
        "BACKEND": _email_backend,
        "OPTIONS": _smtp if _email_backend == "django.core.mail.backends.smtp.EmailBackend" else {},
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "IURC Portal <noreply@localhost>")
# The portal's address as staff reach it, for the links in e-mails and calendars.
PORTAL_URL = os.environ.get("PORTAL_URL", "http://127.0.0.1:8000").rstrip("/")
# The digest: milestones overdue and due within this many days; the hour (local time) at
# which the scheduled task sends it.
REMINDER_DAYS = env_int("REMINDER_DAYS", 14, minimum=1)
REMINDER_HOUR = env_int("REMINDER_HOUR", 7)

# Serves /_bench/floor/: a page rendered without the database, the framework's floor
# that bench/public.py compares the public pages with. Off everywhere else.
BENCHMARK_FLOOR_VIEW = env_bool("BENCHMARK_FLOOR_VIEW", False)

# LOG_FORMAT=json (what `make serve` sets) writes one JSON object per line with the
# request's id; text is for reading in a terminal. See iurc_portal/logs.py.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
if LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured(f"LOG_FORMAT must be text or json, not {LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "iurc_portal.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "iurc_portal.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request_id"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Django's own "django" logger would print each message a second time through the root.
    "loggers": {
        "django": {"handlers": [], "propagate": True},
        # Our own line per request says it, without the query string.
        "django.server": {"level": "WARNING"},
        # WeasyPrint reports each step of every PDF at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        # One line per task started and finished is enough; our own logger says which report.
        "django_tasks_db": {"level": "WARNING"},
        "django.tasks": {"level": "WARNING"},
    },
}
