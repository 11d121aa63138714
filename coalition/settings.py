"""Settings for Omzien, read from the environment (see README: "Configuratie").

Production needs at least SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL, REDIS_URL and
EMAIL_URL; `make run` sets development values itself.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

# ---------------------------------------------------------------------------
# Core
# ---------------------------------------------------------------------------
DEBUG = env.bool("DEBUG", default=False)
# Demo mode: the demo-data command gives the demo users a known password.
DEMO_MODE = env.bool("DEMO_MODE", default=False)

SECRET_KEY = env("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=true for development).")
    SECRET_KEY = "development-only-not-secret"  # noqa: S105 -- a public fallback, allowed only with DEBUG

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    # third party
    "axes",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "import_export",
    # Content-Security-Policy (its system checks catch settings in the old pre-4.0 format).
    "csp",
    # ours
    "coalition",
    "meldpunt",
    "socialekaart",
    "subsidies",
    "monitoring",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy and Permissions-Policy on every response (settings below).
    "csp.middleware.CSPMiddleware",
    "coalition.middleware.PermissionsPolicyMiddleware",
    # A NUL character in the address, the query string or a form gets 400: PostgreSQL cannot store or compare it.
    "coalition.middleware.RefuseNulCharactersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "coalition.middleware.StaffSecondFactorMiddleware",
    # The admin answers a logged-in non-admin with the 403 page, not with its log-in page (a loop for them).
    "coalition.middleware.AdminForAdminsOnlyMiddleware",
    # Personal data is never stored by a browser or a proxy: no-store on every response to a logged-in user.
    "coalition.middleware.NoStoreForLoggedInMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Counts views of the public pages per day and page type (no cookie, no internet address).
    "coalition.middleware.PageViewMiddleware",
    # Last, as django-axes asks: it turns a lockout into the Dutch lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "coalition.urls"
WSGI_APPLICATION = "coalition.wsgi.application"

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
                "coalition.context_processors.navigation",
                "meldpunt.context_processors.meldpunt_contacts",
                "meldpunt.context_processors.notifications",
            ],
        },
    },
]

# ---------------------------------------------------------------------------
# Database and Redis
# ---------------------------------------------------------------------------
# DATABASE_URL: the application's role (web, worker, beat). DATABASE_OWNER_URL (optional): the role that owns the
# tables, used only by `manage.py migrate`; the application's role then gets only the rights it needs, and only
# SELECT and INSERT on the audit log (coalition/dbroles.py). Both point at the same database.
DATABASES = {"default": env.db("DATABASE_URL", default="postgres://root@127.0.0.1:5432/omzien")}
DATABASE_OWNER_URL = env("DATABASE_OWNER_URL", default="")
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Just-in-time compilation costs short web queries hundreds of milliseconds (measured on the agenda) and helps only
# long analytical ones: off, as PostgreSQL advises for OLTP. DATABASE_URL options set by a deployment are kept.
DATABASES["default"].setdefault("OPTIONS", {})
DATABASES["default"]["OPTIONS"]["options"] = (
    DATABASES["default"]["OPTIONS"].get("options", "") + " -c jit=off"
).strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Where `manage.py backup` and `restore` find pg_dump and pg_restore of the server's version, when neither PATH nor the
# usual folders have them (coalition/backup.py).
PG_BIN_DIR = env("PG_BIN_DIR", default="")

# redis://host:port/db, or redis+socket:///path/to/redis.sock for the embedded Redis.
REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/0")


def _redis_client_url(url: str) -> str:
    """redis-py spells a unix socket unix://, Celery spells it redis+socket://."""
    return url.replace("redis+socket://", "unix://", 1)


# A Redis that is down must cost a page milliseconds, not seconds, and never the page itself: short timeouts, and a
# backend whose reads and writes go on without the cache (coalition/cache.py).
CACHES = {
    "default": {
        "BACKEND": "coalition.cache.ResilientRedisCache",
        "LOCATION": _redis_client_url(REDIS_URL),
        "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="omzien"),
        "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5},
    }
}
# Anonymous public pages from the cache this many seconds (coalition/pagecache.py); a change of a listing makes them
# old at once, so this only bounds what changes by the clock alone (the next dates of the day). 0 switches it off.
PUBLIC_PAGE_CACHE_SECONDS = env.int("PUBLIC_PAGE_CACHE_SECONDS", default=300)

# ---------------------------------------------------------------------------
# Celery (https://docs.celeryq.dev/en/stable/userguide/configuration.html)
# ---------------------------------------------------------------------------
CELERY_BROKER_URL = REDIS_URL
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_QUEUE", default="omzien")
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_TASK_IGNORE_RESULT = True
# Tasks are idempotent, so a task lost with its worker may safely run again.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Redis hands a task that a worker took but never acknowledged (the worker was killed) to another worker after the
# visibility timeout: ten minutes, not Redis's default hour. A task must end well within it, or a second worker
# would start it while the first still runs: hence the time limits below it.
CELERY_VISIBILITY_TIMEOUT = env.int("CELERY_VISIBILITY_TIMEOUT", default=10 * 60)
CELERY_TASK_TIME_LIMIT = 9 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 8 * 60
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A request that hands work to a broker that is down must not wait for it: one quick retry, then the caller goes on
# (the outbox keeps the message and its beat sweep sends it later). Default: three retries, about a second.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.1, "interval_max": 0.1}
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 0.5, "visibility_timeout": CELERY_VISIBILITY_TIMEOUT}
CELERY_TIMEZONE = "Europe/Amsterdam"
CELERY_BEAT_SCHEDULE = {
    # The outbox: every minute, whatever e-mail is due and was not sent by its own task (coalition.services.outbox).
    "outbox-deliver-due": {
        "task": "coalition.tasks.deliver_due",
        "schedule": timedelta(minutes=1),
    },
    "outbox-purge-sent": {
        "task": "coalition.tasks.purge_sent_messages",
        "schedule": crontab(hour=3, minute=15),
    },
    # Imports in the background: start one whose task was lost, close one whose worker died (services.imports).
    "imports-sweep": {
        "task": "coalition.tasks.sweep_imports",
        "schedule": timedelta(minutes=1),
    },
    "clear-expired-sessions": {
        "task": "coalition.tasks.clear_expired_sessions",
        "schedule": timedelta(hours=1),
    },
    "forget-old-login-attempts": {
        "task": "coalition.tasks.forget_old_login_attempts",
        "schedule": timedelta(hours=6),
    },
    # Reminders for sociale-kaart listings not confirmed as current (idempotent: once per listing and period).
    "socialekaart-freshness-reminders": {
        "task": "socialekaart.tasks.send_freshness_reminders",
        "schedule": timedelta(days=1),
    },
    # Sociale kaart: the search log keeps SOCIALEKAART_SEARCH_RETENTION_MONTHS, older days are deleted at night.
    "socialekaart-purge-old-searches": {
        "task": "socialekaart.tasks.purge_old_searches",
        "schedule": crontab(hour=3, minute=45),
    },
    # The views of public pages kept in Redis go to the day's counters (COALITION_PAGE_VIEWS_BUFFERED).
    "coalition-write-buffered-page-views": {
        "task": "coalition.tasks.write_buffered_page_views",
        "schedule": timedelta(minutes=1),
    },
    # Sociale kaart: the searches kept in Redis go to the search log (SOCIALEKAART_SEARCH_LOG_BUFFERED).
    "socialekaart-write-buffered-searches": {
        "task": "socialekaart.tasks.write_buffered_searches",
        "schedule": timedelta(minutes=1),
    },
    # Meldpunt: closed cases past MELDPUNT_RETENTION_MONTHS lose their personal data, at night.
    "meldpunt-anonymise-expired-cases": {
        "task": "meldpunt.tasks.anonymise_expired_cases",
        "schedule": crontab(hour=2, minute=30),
    },
    # Meldpunt: is the audit log's hash chain intact? A break is reported to the privacy officers.
    "meldpunt-verify-audit-log": {
        "task": "meldpunt.tasks.verify_audit_log",
        "schedule": crontab(hour=3, minute=45),
    },
    # Meldpunt: reminders (first contact, quiet cases, follow-up dates), before each working day starts.
    "meldpunt-case-reminders": {
        "task": "meldpunt.tasks.send_case_reminders",
        "schedule": crontab(hour=7, minute=0, day_of_week="mon-fri"),
    },
    # Meldpunt: the follow-up of referrals (not accepted in time, the check-in after the start, the follow-up
    # measurement), right after the case reminders.
    "meldpunt-referral-follow-up": {
        "task": "meldpunt.tasks.send_referral_follow_ups",
        "schedule": crontab(hour=7, minute=5, day_of_week="mon-fri"),
    },
    # Meldpunt: the daily overview of unread notifications for those who chose it (once per user and day).
    "meldpunt-notification-digests": {
        "task": "meldpunt.tasks.send_notification_digests",
        "schedule": crontab(hour=7, minute=30),
    },
    # Monitoring: the dashboard's most opened views kept ready (monitoring/summary.py), well within their lifetime.
    "monitoring-refresh-dashboard": {
        "task": "monitoring.tasks.refresh_dashboard",
        "schedule": crontab(minute="*/10"),
    },
    # Subsidies: reminders of reports due in four weeks and in one week, and of deadlines missed; every day (a
    # deadline may fall on any day), once per report and reminder.
    "subsidies-report-reminders": {
        "task": "subsidies.tasks.remind_reports",
        "schedule": crontab(hour=7, minute=15),
    },
}

# ---------------------------------------------------------------------------
# Accounts, second factor, throttling
# ---------------------------------------------------------------------------
AUTH_USER_MODEL = "coalition.User"
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out account before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    # Then the slow throttle per account over all addresses (LOGIN_THROTTLE_*); it authenticates nobody itself.
    "coalition.login_throttle.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
    "coalition.backends.RolePermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # 12 characters for the roles with a second factor (they see personal data), 10 for the others.
    {
        "NAME": "coalition.passwords.RoleMinimumLengthValidator",
        "OPTIONS": {"min_length": 10, "second_factor_min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    # Welkom01, zomer2024, Januari2025!, the name of a gemeente with digits: see coalition/passwords.py.
    {"NAME": "coalition.passwords.DutchCommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# A link to set a new password works for one hour (Django's default is three days).
PASSWORD_RESET_TIMEOUT = 60 * 60
LOGIN_URL = "coalition:login"
LOGIN_REDIRECT_URL = "coalition:start"
LOGOUT_REDIRECT_URL = "socialekaart:home"

OTP_TOTP_ISSUER = "Omzien"
# django-otp's device pages are not in our admin (coalition/admin.py); should anyone register them again, they still
# show no TOTP secret and no QR code.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
# Lock the account for the address the wrong passwords came from, not everywhere: by the account alone anyone could
# lock any staff member out, by the address alone a whole town hall (one address) would be locked at once.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Guessing from many addresses stays bounded by a slower throttle per account over all addresses
# (coalition/login_throttle.py): after LOGIN_THROTTLE_FAILURES wrong passwords, without a quiet
# LOGIN_THROTTLE_WINDOW_SECONDS in between, one attempt per LOGIN_THROTTLE_INTERVAL_SECONDS.
LOGIN_THROTTLE_FAILURES = env.int("LOGIN_THROTTLE_FAILURES", default=10)
LOGIN_THROTTLE_WINDOW_SECONDS = env.int("LOGIN_THROTTLE_WINDOW_SECONDS", default=60 * 60)
LOGIN_THROTTLE_INTERVAL_SECONDS = env.int("LOGIN_THROTTLE_INTERVAL_SECONDS", default=60)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = env.int("PROXY_COUNT", default=0)

# Reports for the privacy officer (changes of access, a broken audit chain) go to every active user with the role
# functionaris gegevensbescherming and to these addresses (comma-separated).
PRIVACY_OFFICER_EMAILS = env.list("PRIVACY_OFFICER_EMAILS", default=[])
# The privacy officer's address for the public, on the privacy statement (/privacy/). Empty: the page says to call the
# meldpunt and ask for the privacy officer.
PRIVACY_CONTACT_EMAIL = env("PRIVACY_CONTACT_EMAIL", default="")

# Sessions of every role with a second factor (staff and partners) end after 30 minutes without a request (see
# StaffSecondFactorMiddleware). STAFF_SESSION_IDLE_SECONDS is the older name of the variable, still read.
SESSION_IDLE_SECONDS = env.int("SESSION_IDLE_SECONDS", default=env.int("STAFF_SESSION_IDLE_SECONDS", default=30 * 60))
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# ---------------------------------------------------------------------------
# Security (manage.py check --deploy is clean when DEBUG is off)
# ---------------------------------------------------------------------------
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("BEHIND_PROXY", default=False) else None
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp 4): everything from our own origin, no inline script, no inline style and no
# event-handler attribute. Scripts live in static/js/, styles in static/css/ (tests/test_security_headers.py looks for
# strays in templates/). data: images are Bootstrap's own (the check marks and arrows in its CSS).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# The browser features no page of Omzien uses are switched off for every page, and for anything a page might embed.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

# ---------------------------------------------------------------------------
# Language and time
# ---------------------------------------------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
# locale/: the English of Omzien's own (Dutch) texts, made by makemessages. locale_overrides/: Dutch for libraries
# that lack it (django-import-export's admin pages); kept apart so that makemessages never touches it.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_overrides"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# ---------------------------------------------------------------------------
# Sociale kaart: freshness of listings (days since last "nog actueel")
# ---------------------------------------------------------------------------
SOCIALEKAART_REMIND_AFTER_DAYS = env.int("SOCIALEKAART_REMIND_AFTER_DAYS", default=183)  # about 6 months
SOCIALEKAART_HIDE_AFTER_DAYS = env.int("SOCIALEKAART_HIDE_AFTER_DAYS", default=274)  # about 9 months
# How many months the anonymous log of public searches (Zoekvraag) is kept (socialekaart.tasks.purge_old_searches).
SOCIALEKAART_SEARCH_RETENTION_MONTHS = env.int("SOCIALEKAART_SEARCH_RETENTION_MONTHS", default=12)
# Views of public pages wait in Redis and are counted every minute (coalition.services.page_views); off: at once.
COALITION_PAGE_VIEWS_BUFFERED = env.bool("COALITION_PAGE_VIEWS_BUFFERED", default=True)
# Search-log rows wait in Redis and are written every minute (socialekaart.services.search_log); off: at once.
SOCIALEKAART_SEARCH_LOG_BUFFERED = env.bool("SOCIALEKAART_SEARCH_LOG_BUFFERED", default=True)
# The site's own address, for links in e-mails sent by workers (which have no request to take it from).
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

# ---------------------------------------------------------------------------
# Static files: served by the app itself (WhiteNoise); everything is vendored.
# ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "var" / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))
MEDIA_URL = "/media/"
# Attachments of subsidy applications: outside MEDIA_ROOT and never served by URL, only through the view that
# checks who may read them (subsidies.models.private_storage).
# The meldpunten's phone numbers for the page shown while the database is down (coalition/outage.py): a file the app
# keeps current, and the numbers here for a server that has not written it yet ("Name=phone;Name=phone").
OUTAGE_CONTACTS_FILE = Path(env("OUTAGE_CONTACTS_FILE", default=str(BASE_DIR / "var" / "outage-contacts.json")))
OUTAGE_CONTACTS = [
    {"name": name.strip(), "phone": phone.strip()}
    for name, _, phone in (item.partition("=") for item in env("OUTAGE_CONTACTS", default="").split(";") if "=" in item)
]
SUBSIDIES_PRIVATE_ROOT = Path(env("SUBSIDIES_PRIVATE_ROOT", default=str(BASE_DIR / "var" / "private")))

# ---------------------------------------------------------------------------
# E-mail
# ---------------------------------------------------------------------------
if DEBUG and not env("EMAIL_URL", default=""):
    # Development: each message a file in var/mail/ and one line in the log (coalition/mail_backends.py).
    EMAIL_BACKEND = "coalition.mail_backends.DevelopmentFileBackend"
    EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default=str(BASE_DIR / "var" / "mail"))
else:
    vars().update(env.email_url("EMAIL_URL", default="smtp://localhost:25"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Omzien <noreply@omzien.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# A mail server that hangs costs a worker this many seconds, then the message waits for its next attempt.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
# The outbox (coalition.services.outbox): attempts before a message is marked failed (the waits double from the
# first: 1, 2, 4, … minutes; ten attempts span about eight and a half hours), and how long sent messages are kept.
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=10)
OUTBOX_FIRST_RETRY_SECONDS = env.int("OUTBOX_FIRST_RETRY_SECONDS", default=60)
OUTBOX_KEEP_SENT_DAYS = env.int("OUTBOX_KEEP_SENT_DAYS", default=30)

# ---------------------------------------------------------------------------
# Forms and import/export
# ---------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
# crispy adds a widget's class name to its CSS classes ("textinput"); our fast widgets (coalition.widgets,
# socialekaart.search_forms) already carry their Bootstrap class, and keep just that.
CRISPY_CLASS_CONVERTERS = {
    "plainselect": "form-select",
    "wijkselect": "form-select",
    "plaincheckbox": "form-check-input",
}
# An import is one transaction: one wrong row and nothing is saved.
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
# Dotted paths would be nicer, but django-import-export wants the classes themselves.
from import_export.formats.base_formats import CSV, XLSX  # noqa: E402

IMPORT_EXPORT_FORMATS = [CSV, XLSX]
# Exports from the admin escape formulae in their resources (coalition.resources.FormulaSafeResource), cell by cell,
# so numbers stay numbers; django-import-export's own IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT turns them into text.
IMPORT_FORMATS = IMPORT_EXPORT_FORMATS
EXPORT_FORMATS = IMPORT_EXPORT_FORMATS
# Limits on every import (coalition/imports.py), checked before the file is read into rows: a file may be this big
# and have this many rows (the header not counted).
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=5 * 1024 * 1024)
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=5_000)
# An XLSX file is a zip: unpacked it may be this big in all, each part at most this many times its packed size, and
# have this many parts. A zip bomb (a few MB of zeros packed into a few kB) is refused before anything unpacks it.
IMPORT_XLSX_MAX_UNPACKED_BYTES = env.int("IMPORT_XLSX_MAX_UNPACKED_BYTES", default=50 * 1024 * 1024)
IMPORT_XLSX_MAX_RATIO = env.int("IMPORT_XLSX_MAX_RATIO", default=100)
IMPORT_XLSX_MAX_MEMBERS = env.int("IMPORT_XLSX_MAX_MEMBERS", default=100)
# Files with more rows than this are imported by a Celery task with a progress page (coalition.services.imports);
# smaller ones in the request, with the preview first.
IMPORT_INLINE_MAX_ROWS = env.int("IMPORT_INLINE_MAX_ROWS", default=500)

# ---------------------------------------------------------------------------
# Logging: to the console, so the process manager (or `make run`) collects it.
# ---------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # django-axes logs every successful log-in at INFO; failures and lockouts are WARNING.
        "axes": {"level": "WARNING"},
        # Django gives its own loggers a console handler in DEBUG; the root's is enough (else every line twice).
        "django": {"handlers": [], "level": "INFO"},
    },
}

# Meldpunt (issue 5). Deadlines and retention are policy: set them per deployment.
MELDPUNT_FIRST_CONTACT_WORKING_DAYS = env.int("MELDPUNT_FIRST_CONTACT_WORKING_DAYS", default=3)
MELDPUNT_INACTIVE_DAYS = env.int("MELDPUNT_INACTIVE_DAYS", default=30)
MELDPUNT_RETENTION_MONTHS = env.int("MELDPUNT_RETENTION_MONTHS", default=24)
# When the person wanted no help ("Geen hulp gewenst"), the signal should not follow them: a short period.
MELDPUNT_NO_HELP_RETENTION_MONTHS = env.int("MELDPUNT_NO_HELP_RETENTION_MONTHS", default=3)
# GGD: "emotioneel/sociaal eenzaam" from this many lonely answers on a subscale (older RIVM texts say 2).
MELDPUNT_DJG_SUBSCALE_THRESHOLD = env.int("MELDPUNT_DJG_SUBSCALE_THRESHOLD", default=3)
# The public web form (meldpunt/spam.py): a report is stored but put in the worklist's "Eerst nakijken" list when
# it is the next one after this many from one address in an hour, when it was sent sooner than MIN_SECONDS after
# the form was opened, or later than MAX_AGE_HOURS (or without a valid signed opening time), or with the hidden field
# filled in. Nobody is refused.
MELDPUNT_WEBFORM_PER_HOUR = env.int("MELDPUNT_WEBFORM_PER_HOUR", default=5)
MELDPUNT_WEBFORM_MIN_SECONDS = env.int("MELDPUNT_WEBFORM_MIN_SECONDS", default=3)
MELDPUNT_WEBFORM_MAX_AGE_HOURS = env.int("MELDPUNT_WEBFORM_MAX_AGE_HOURS", default=24)
# Referrals (issue 6): a referral not accepted in so many working days reminds the partner and the case owner;
# so many weeks after the start the meldpunt checks in; so many months after sending the follow-up De Jong
# Gierveld measurement is due.
MELDPUNT_REFERRAL_ACCEPT_WORKING_DAYS = env.int("MELDPUNT_REFERRAL_ACCEPT_WORKING_DAYS", default=5)
MELDPUNT_CHECK_IN_WEEKS = env.int("MELDPUNT_CHECK_IN_WEEKS", default=6)
MELDPUNT_FOLLOW_UP_MONTHS = env.int("MELDPUNT_FOLLOW_UP_MONTHS", default=3)
# Escalation (issue 15): a referral still not accepted so many whole working days after the partner's reminder is
# "stalled": the case page asks the meldpunt to call the partner or refer to an alternative (queries/escalation.py).
MELDPUNT_ESCALATE_AFTER_WORKING_DAYS = env.int("MELDPUNT_ESCALATE_AFTER_WORKING_DAYS", default=2)

# Small-count suppression (shared/reference/README.md §5, a design choice): a group of fewer people than this shows
# no figures ("<10", "–"); a percentage, median or mean is shown only when at least this many people count in it.
MIN_CELL = env.int("MIN_CELL", default=10)
# How long the dashboard keeps built figures (monitoring/summary.py); Celery beat rebuilds the usual views every
# ten minutes, so they are never older than this.
MONITOR_SUMMARY_SECONDS = env.int("MONITOR_SUMMARY_SECONDS", default=15 * 60)
