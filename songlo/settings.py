"""Songlo settings: one file, driven by environment variables (see .env.example)."""

import os
from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from songlo.env import cache_config, database_config, email_config, env_bool, env_int, env_list, env_str
from songlo.spreadsheets import SafeCSV, SafeXLSX

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY is not set: it is required when DEBUG is not true.")
    SECRET_KEY = "django-insecure-development-only-key-not-for-production"  # noqa: S105 - DEBUG only
# Former keys still accepted after a rotation (signed cookies, the council's sealed ballot boxes).
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS", [])

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# Absolute address used in emails and QR codes.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Bodies that sign their PDFs (songlo/signing.py): "unit-code=/path/to/file.p12,other=/path.p12";
# each password in SIGNING_PASSWORD_<UNIT_CODE> (upper case, "-" as "_").
SIGNING_CERTIFICATES: dict[str, str] = {}
for _pair in env_list("SIGNING_CERTIFICATES", []):
    _code, _sep, _path = _pair.partition("=")
    if not _sep or not _code.strip() or not _path.strip():
        raise ImproperlyConfigured(f"SIGNING_CERTIFICATES: “{_pair}” is not unit-code=/path/to/file.p12")
    SIGNING_CERTIFICATES[_code.strip()] = _path.strip()

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "import_export",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # The kernel: text normalisation receivers and the backup/restore commands.
    "songlo.apps.KernelConfig",
    "accounts",
    "organisation",
    "campaigns",
    "awards",
    "council",
    "reports",
    # Not product code: the demo data (seed_demo) and the benchmarks' scale data (seed_scale).
    "demo",
    "bench",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "songlo.middleware.ContentSecurityPolicyMiddleware",
    "songlo.middleware.RequestSizeLimitMiddleware",
    "songlo.middleware.NulCharacterMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "songlo.middleware.TextInputMiddleware",
    "songlo.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "songlo.middleware.NoStoreForUsersMiddleware",
    # The code from the authenticator app, the device a policy requires, the first own password.
    "accounts.gate.LoginStepsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "songlo.urls"
WSGI_APPLICATION = "songlo.wsgi.application"

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
                "songlo.context_processors.navigation",
                "organisation.context_processors.grants",
                "campaigns.context_processors.notifications",
                "campaigns.context_processors.statuses",
                "awards.context_processors.statuses",
                "council.context_processors.statuses",
            ],
            # Django's |date with a fast path for d/m/Y and d/m/Y H:i (songlo/templatefilters.py).
            "builtins": ["songlo.templatefilters"],
        },
    },
]

DATABASES = {"default": database_config("DATABASE_URL", BASE_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The cache every process shares (rate limits: songlo/ratelimit.py). CACHE_URL=redis://... for
# Redis; unset, the database cache (`manage.py createcachetable`, run by `make migrate` and the
# Procfile's release step).
CACHES = {"default": cache_config("CACHE_URL")}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a login form's password while its account + address is locked out.
    "accounts.backends.LoginThrottleBackend",
    "rules.permissions.ObjectPermissionBackend",
    # No, without a query, for the names no model declares (rules-only permissions).
    "songlo.permissions.UndeclaredPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling (django-axes, docs/security.md): LOGIN_FAILURE_LIMIT wrong passwords for one
# account from one client address, each within LOGIN_LOCKOUT_MINUTES of the one before, lock that
# account for that address until LOGIN_LOCKOUT_MINUTES after the last try (an admin can unlock).
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
if AXES_FAILURE_LIMIT < 1 or AXES_COOLOFF_TIME.total_seconds() < 60:
    raise ImproperlyConfigured("LOGIN_FAILURE_LIMIT and LOGIN_LOCKOUT_MINUTES must be 1 or more.")
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "songlo.net.axes_client_ip"
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False
# Who to ask for an unlock, shown on the lockout page (e.g. "Văn phòng Hội đồng TĐKT, 0211 3862 xxx").
LOGIN_HELP_CONTACT = env_str("LOGIN_HELP_CONTACT")
# Two-step verification (django-otp, TOTP): the issuer shown in the authenticator app.
OTP_TOTP_ISSUER = env_str("OTP_ISSUER", "Songlo")

# Vietnamese first; English through the language switch.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["songlo.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Uploaded evidence is private: never served by the web server, only through views
# that check permissions.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
# The largest request body accepted (one 10 MB file and its form): larger is refused with a 413
# before it is read (songlo/middleware.py, songlo/limits.py). The proxy should refuse it first:
# nginx `client_max_body_size 12m;` (docs/security.md).
MAX_REQUEST_BYTES = env_int("MAX_REQUEST_BYTES", 12 * 1024 * 1024)
if MAX_REQUEST_BYTES <= 0:
    raise ImproperlyConfigured("MAX_REQUEST_BYTES must be a positive number of bytes.")
FILE_UPLOAD_HANDLERS = [
    "songlo.limits.RequestBodyCapHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# The admin's exports write no formula (songlo/spreadsheets.py): CSV and XLSX only, both escaped.
EXPORT_FORMATS = [SafeCSV, SafeXLSX]

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Email: EMAIL_URL=smtp://user:pass@host:port, consolemail://, filemail:///abs/folder, memorymail://
vars().update(email_config("EMAIL_URL", "consolemail://"))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Songlo <songlo@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: without a broker, tasks run in-process (eager) so that `make run` needs nothing else.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Worker processes: the tasks wait on SMTP and the database more than they compute, so four per
# core (the reminders benchmark sends with 8 on 2 cores; README, "Running at scale").
CELERY_WORKER_CONCURRENCY = env_int(
    "CELERY_CONCURRENCY",
    4 * len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 4 * (os.cpu_count() or 1),
)
CELERY_TASK_IGNORE_RESULT = True
# Results are not needed by Songlo's tasks (they write to the database); a backend can be set
# for tooling and the worker integration test.
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND") or None
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS: dict = {"visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600)}
if CELERY_BROKER_URL.startswith("filesystem://"):
    # The embedded broker of `make run` (scripts/dev.sh): messages are files in one folder that
    # the web process writes and the worker reads. For one machine and the demo, not production.
    _broker_folder = Path(env_str("CELERY_BROKER_FOLDER", str(BASE_DIR / "var" / "broker")))
    (_broker_folder / "control").mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_folder),
        "data_folder_out": str(_broker_folder),
        "control_folder": str(_broker_folder / "control"),
    }
    CELERY_WORKER_ENABLE_REMOTE_CONTROL = False
REMINDER_SCAN_MINUTES = env_int("REMINDER_SCAN_MINUTES", 15)
# The beat interval in seconds (REMINDER_SCAN_SECONDS, when set, wins: the browser test of the
# demo stack scans every few seconds).
REMINDER_SCAN_SECONDS = env_int("REMINDER_SCAN_SECONDS", REMINDER_SCAN_MINUTES * 60)
# Reminder sending: a claimed row whose worker died is taken again after the lease; transient
# SMTP errors retry after base * 2**(attempt-1) seconds, capped, then the row is marked failed.
REMINDER_LEASE_SECONDS = env_int("REMINDER_LEASE_SECONDS", 600)
# Send passes a scan queues at most (one per 50 recipients): as many as the worker has processes.
REMINDER_SENDERS = env_int("REMINDER_SENDERS", CELERY_WORKER_CONCURRENCY)
REMINDER_MAX_ATTEMPTS = env_int("REMINDER_MAX_ATTEMPTS", 5)
REMINDER_RETRY_BASE_SECONDS = env_int("REMINDER_RETRY_BASE_SECONDS", 60)
REMINDER_RETRY_CAP_SECONDS = env_int("REMINDER_RETRY_CAP_SECONDS", 3600)
# An overdue reminder not sent within this many days of its window is dropped, not sent late.
REMINDER_OVERDUE_GRACE_DAYS = env_int("REMINDER_OVERDUE_GRACE_DAYS", 7)
# Events a user wants in a daily digest are mailed at this hour (Asia/Ho_Chi_Minh), one email each.
NOTIFY_DIGEST_HOUR = env_int("NOTIFY_DIGEST_HOUR", 7)
# The office's one-click reminder to the units that have not submitted: once per period per N hours.
NOTIFY_REMIND_LATE_HOURS = env_int("NOTIFY_REMIND_LATE_HOURS", 24)

# Imports (awards.import_reading): an uploaded workbook past any of these caps is refused whole.
# The defaults fit a province's full history in one file (10,000 units, 50,000 people, six
# years of ratings: about 420,000 rows, 2 million cells, 120 MB unzipped, under the 10 MB upload).
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 500_000)  # per sheet, header included
IMPORT_MAX_CELLS = env_int("IMPORT_MAX_CELLS", 3_000_000)  # non-empty cells in the whole file
IMPORT_MAX_CELL_CHARS = env_int("IMPORT_MAX_CELL_CHARS", 2_000)
IMPORT_MAX_UNCOMPRESSED_MB = env_int("IMPORT_MAX_UNCOMPRESSED_MB", 200)  # the zip's members, declared sizes
IMPORT_MAX_READ_SECONDS = env_int("IMPORT_MAX_READ_SECONDS", 300)
# An upload not confirmed within this many hours is deleted (with its job marked expired).
IMPORT_UPLOAD_MAX_AGE_HOURS = env_int("IMPORT_UPLOAD_MAX_AGE_HOURS", 24)
if (
    IMPORT_MAX_READ_SECONDS < 0
    or min(
        IMPORT_MAX_ROWS,
        IMPORT_MAX_CELLS,
        IMPORT_MAX_CELL_CHARS,
        IMPORT_MAX_UNCOMPRESSED_MB,
        IMPORT_UPLOAD_MAX_AGE_HOURS,
    )
    < 1
):
    raise ImproperlyConfigured("IMPORT_MAX_* and IMPORT_UPLOAD_MAX_AGE_HOURS must be 1 or more (seconds: 0 or more).")

# Security. Proxies in front of Songlo: how many of them to trust for X-Forwarded-For and
# X-Forwarded-Proto (songlo/net.py). 0 (the default): neither header is believed.
# BEHIND_PROXY=true is the same as TRUSTED_PROXIES=1.
TRUSTED_PROXIES = env_int("TRUSTED_PROXIES", 1 if env_bool("BEHIND_PROXY", False) else 0)
if TRUSTED_PROXIES < 0:
    raise ImproperlyConfigured("TRUSTED_PROXIES must be 0 or more.")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if TRUSTED_PROXIES else None
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_AGE = 60 * 60 * 12

# Text hygiene (songlo/text.py): the apps whose rows are saved NFC and trimmed.
TEXT_NORMALISED_APPS = ["accounts", "organisation", "campaigns", "awards", "council"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # fontTools logs every glyph subset of a certificate at INFO.
    # django-axes logs every login at INFO; failures and lockouts come at WARNING.
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "fontTools": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}
