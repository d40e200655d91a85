"""Settings for Huisbezoek, read from the environment (see .env.example and the README).

Three modes, chosen with HUISBEZOEK_ENV:

* ``development`` (default): works on a fresh checkout with no configuration at all —
  SQLite, a file-system Celery broker, e-mail printed to the console.
* ``test``: like development, used by pytest (fast password hashing, eager tasks).
* ``production``: every secret and host must be given; a missing or wrong value stops
  start-up with a message that names the variable.
"""

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import environ
import xstatic.pkg.bootstrap
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"  # runtime files of the embedded defaults (SQLite, broker folders)

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

MODES = ("development", "test", "production")
MODE = env.str("HUISBEZOEK_ENV", default="development")
if MODE not in MODES:
    raise ImproperlyConfigured(f"HUISBEZOEK_ENV must be one of {', '.join(MODES)}; got {MODE!r}.")
PRODUCTION = MODE == "production"


def _required(name: str) -> str:
    value = env.str(name, default="").strip()
    if not value:
        raise ImproperlyConfigured(f"{name} must be set when HUISBEZOEK_ENV=production.")
    return value


_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off"}


def _bool(name: str, default: bool) -> bool:
    """A yes/no setting; anything but a clear yes or no stops start-up."""
    raw = env.str(name, default="").strip().lower()
    if not raw:
        return default
    if raw not in _TRUE | _FALSE:
        raise ImproperlyConfigured(f"{name} must be true or false; got {raw!r}.")
    return raw in _TRUE


def _number(name: str, default: float, cast: type = int) -> float:
    raw = env.str(name, default="").strip()
    if not raw:
        return default
    kind = "whole number" if cast is int else "number"
    try:
        value = cast(raw)
    except ValueError:
        value = -1
    if value < 0:
        raise ImproperlyConfigured(f"{name} must be a {kind} of 0 or more; got {raw!r}.")
    return value


# --- Core -------------------------------------------------------------------------------

if PRODUCTION:
    SECRET_KEY = _required("SECRET_KEY")
    if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure"):
        raise ImproperlyConfigured("SECRET_KEY must be a random value of at least 50 characters.")
    ALLOWED_HOSTS = [h.strip() for h in _required("ALLOWED_HOSTS").split(",") if h.strip()]
    DEBUG = _bool("DEBUG", False)
    if DEBUG:
        raise ImproperlyConfigured("DEBUG must be off when HUISBEZOEK_ENV=production.")
else:
    SECRET_KEY = env.str("SECRET_KEY", default="django-insecure-development-only-key-not-for-production")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
    DEBUG = _bool("DEBUG", MODE == "development")

# Keys for confidential text at rest (see huisbezoek/crypto.py): comma-separated Fernet keys,
# newest first. Development and tests derive one from SECRET_KEY; production must set them.
if PRODUCTION:
    from cryptography.fernet import Fernet

    FIELD_ENCRYPTION_KEYS = [k.strip() for k in _required("FIELD_ENCRYPTION_KEYS").split(",") if k.strip()]
    for _key in FIELD_ENCRYPTION_KEYS:
        try:
            Fernet(_key)
        except ValueError:
            raise ImproperlyConfigured(
                "FIELD_ENCRYPTION_KEYS must be Fernet keys: "
                'python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"'
            ) from None
else:
    import base64
    import hashlib

    _dev_key = base64.urlsafe_b64encode(hashlib.sha256(f"fields:{SECRET_KEY}".encode()).digest()).decode()
    FIELD_ENCRYPTION_KEYS = env.list("FIELD_ENCRYPTION_KEYS", default=[_dev_key])
# The address in every link the product sends or prints (QR code, parent page, SMS, e-mail).
# Production must name its public https address; development links to the port ``make run``
# serves on.
if PRODUCTION:
    SITE_URL = _required("SITE_URL").rstrip("/")
    _site = urlsplit(SITE_URL)
    if _site.scheme.lower() != "https" or not _site.hostname:
        raise ImproperlyConfigured(
            "SITE_URL must be the https:// address parents and staff open, "
            f"e.g. https://huisbezoek.example.org; got {SITE_URL!r}."
        )
else:
    WEB_PORT = int(_number("WEB_PORT", 8000))
    SITE_URL = env.str("SITE_URL", default=f"http://127.0.0.1:{WEB_PORT}").rstrip("/")
# Django's admin is for the technical operator only (superusers); keep it off the obvious path.
ADMIN_URL = env.str("ADMIN_URL", default="beheer/technisch/").strip("/") + "/"

INSTALLED_APPS = [
    "huisbezoek",
    "visits",
    "protocol",
    "evaluation",
    "notifications",
    "privacy",
    "dashboard",
    "staff",
    "demo",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Outside every middleware that may answer for a logged-in user (second factor, lock-out),
    # so each of those answers gets no-store too.
    "huisbezoek.middleware.NoStoreMiddleware",
    "huisbezoek.middleware.CurrentSchoolMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "huisbezoek.middleware.SessionTimeoutMiddleware",
    "huisbezoek.middleware.SecondFactorMiddleware",
    "huisbezoek.middleware.AuditContextMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires.
    "axes.middleware.AxesMiddleware",
]

# What one request may send. No form of the product comes near these (the largest, a visit report
# with its agreements, has about 90 fields); a script that sends more gets the 400 page.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # bytes of form data, files excluded (Django's default, said aloud)

ROOT_URLCONF = "huisbezoek.urls"
WSGI_APPLICATION = "huisbezoek.wsgi.application"
ASGI_APPLICATION = "huisbezoek.asgi.application"

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
                "csp.context_processors.nonce",
                "huisbezoek.context_processors.current_school",
            ],
            # The bidi filter isolates names in every template without a load tag.
            "builtins": ["huisbezoek.templatetags.bidi"],
        },
    },
]

# --- Database ---------------------------------------------------------------------------

if not env.str("DATABASE_URL", default=""):
    VAR_DIR.mkdir(exist_ok=True)
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server, worker and beat share the file without "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", "transaction_mode": "IMMEDIATE"}
    )
else:
    # Connections are kept for a minute and checked before reuse (CONN_HEALTH_CHECKS), in the web
    # server (one per gunicorn worker process, reused by its requests) and in the Celery worker
    # (one per worker process, reused by its tasks: huisbezoek/celery.py applies the same rule
    # around each task). That saves a PostgreSQL connection (~2-5 ms, a backend process) per
    # request and per task; a minute keeps a restarted or failed-over database from holding
    # stale connections for long. With PgBouncer in transaction mode, set 0.
    # Tests close connections after each request: live-server threads must not hold the test
    # database open when pytest drops it. SQLite (above) opens a file: nothing to keep.
    DATABASES["default"]["CONN_MAX_AGE"] = 0 if MODE == "test" else _number("DATABASE_CONN_MAX_AGE", 60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT is off for the app's connection. Measured on `seed_demo --scale 20` (board view
    # of 21 schools): the two status counts crossed jit_above_cost and spent 140-190 ms each compiling
    # for a query that runs in 50-65 ms without JIT. The figures' plans now stay far below the
    # threshold (cost ~5,000 against 100,000), but a plan's cost follows the table statistics (right
    # after a bulk import, before ANALYZE, the same query was estimated at 147,000) and these short
    # queries never gain from compiling, so the switch makes sure no page pays for it.
    _db_options = DATABASES["default"].setdefault("OPTIONS", {})
    _db_options["options"] = f"{_db_options.get('options', '')} -c jit=off".strip()

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: cache, Celery broker and results (embedded fallbacks without it) -------------

REDIS_URL = env.str("REDIS_URL", default="")

if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    # Seconds before Redis hands an unacknowledged task (its worker died) to another worker.
    CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {
        "visibility_timeout": _number("CELERY_VISIBILITY_TIMEOUT", 3600)
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # Kombu's file-system transport: the web server, worker and beat exchange messages
    # through folders, so `make run` needs no broker server.
    _celery_dir = Path(env.str("CELERY_FILESYSTEM_DIR", default=str(VAR_DIR / "celery")))
    CELERY_BROKER_URL = "filesystem://localhost//"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_celery_dir / "broker"),
        "data_folder_out": str(_celery_dir / "broker"),
        "processed_folder": str(_celery_dir / "processed"),
        "control_folder": str(_celery_dir / "control"),
        "store_processed": False,
    }
    CELERY_RESULT_BACKEND = f"file://{_celery_dir / 'results'}"
    for _folder in ("broker", "processed", "results", "control"):
        (_celery_dir / _folder).mkdir(parents=True, exist_ok=True)

CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_RESULT_EXPIRES = 24 * 3600
CELERY_TIMEZONE = "Europe/Amsterdam"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ALWAYS_EAGER = _bool("CELERY_TASK_ALWAYS_EAGER", MODE == "test")
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BEAT_SCHEDULE_FILENAME = env.str("CELERY_BEAT_SCHEDULE_FILENAME", default=str(VAR_DIR / "beat-schedule"))
CELERY_BEAT_SCHEDULE = {
    # The worker records that it is alive; the health check reads the time of the last beat.
    "worker-heartbeat": {"task": "huisbezoek.tasks.record_heartbeat", "schedule": 60.0},
    # Reminders (visits/reminders/ and notifications): the sweep claims what is due under a
    # unique key; the dispatcher sends pending messages, retries with back-off, and marks
    # messages stuck in "sending" as needing attention. No long ETAs: both simply run again.
    "reminders-sweep": {"task": "visits.reminders.tasks.reminders_sweep", "schedule": 300.0},
    "notifications-dispatch": {"task": "notifications.tasks.notifications_dispatch", "schedule": 60.0},
    # Retention (privacy): every night at 03:15 Amsterdam time; a rerun the same day removes nothing more.
    "retention-purge": {"task": "privacy.tasks.retention_purge_all", "schedule": crontab(hour=3, minute=15)},
    # Evaluation: parents' links not sent when the questionnaires opened (broker down) still go.
    "evaluation-invitations": {"task": "evaluation.tasks.send_open_invitations", "schedule": 900.0},
    # New school year (visits/enrolments/): on its first day, the year's groups become the pupils'
    # current groups; a rerun the same day (or any later day) changes nothing.
    "year-start": {"task": "visits.enrolments.tasks.year_start_daily", "schedule": crontab(hour=0, minute=30)},
    # Locations (visits/geo/): forget where an address is once no family has it (moved, purged).
    "geocoded-addresses-sweep": {
        "task": "visits.geo.tasks.geocoded_addresses_sweep",
        "schedule": crontab(hour=3, minute=45),
    },
}
WORKER_HEARTBEAT_MAX_AGE = 180  # seconds before the health check calls the worker silent
# Beat and housekeeping tasks have their own queue, so the heartbeat, the sweeps and the purge
# never wait behind a backlog of messages on the default queue ("celery"). Every worker command
# names both queues (Procfile.dev, README "Deployment"): `celery worker -Q celery,periodic`, or
# a second small worker with `-Q periodic`.
CELERY_TASK_DEFAULT_QUEUE = "celery"
PERIODIC_QUEUE = "periodic"
CELERY_TASK_ROUTES = {entry["task"]: {"queue": PERIODIC_QUEUE} for entry in CELERY_BEAT_SCHEDULE.values()}
# Database connections in the worker: Celery's Django fix-up closes every connection before and
# after each task unless this is set; huisbezoek/celery.py applies Django's own rule instead
# (CONN_MAX_AGE with health checks, as around a web request), so a worker keeps its connection.
CELERY_DB_REUSE_MAX = 10**9

# --- Authentication and passwords --------------------------------------------------------

AUTH_USER_MODEL = "huisbezoek.User"
AUTHENTICATION_BACKENDS = [
    # django-axes first, so a locked-out user is refused before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Single sign-on (huisbezoek/sso.py): does nothing unless the OIDC_* variables are set.
    "huisbezoek.sso.StaffOIDCBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if MODE == "test":
    # Argon2 is deliberately slow; tests that do not test hashing use a fast hasher.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_RESET_TIMEOUT = 3 * 3600

# django-axes: lock an account from one address after repeated failures.
AXES_FAILURE_LIMIT = _number("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = _number("AXES_COOLOFF_HOURS", 0.5, float)  # hours
AXES_LOCKOUT_PARAMETERS = [["ip_address", "username"]]
AXES_USERNAME_FORM_FIELD = "username"  # the log-in form's field, which holds the e-mail address
AXES_USERNAME_CALLABLE = "huisbezoek.lockout.lockout_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_IPWARE_PROXY_COUNT = _number("PROXY_COUNT", 0)
AXES_VERBOSE = False
# A single sign-on attempt has no password to guess: the provider guards it (see lockout.py).
AXES_WHITELIST_CALLABLE = "huisbezoek.lockout.single_sign_on_attempt"

# Single sign-on with the school's accounts (OpenID Connect, huisbezoek/sso.py, mozilla-django-oidc):
# on when every OIDC_* variable below is set, off (no button, no URLs) when none is. It only logs in
# staff who already have an account here; the second factor stays required as after a password.
OIDC_RP_CLIENT_ID = env.str("OIDC_RP_CLIENT_ID", default="").strip()
OIDC_RP_CLIENT_SECRET = env.str("OIDC_RP_CLIENT_SECRET", default="").strip()
OIDC_OP_AUTHORIZATION_ENDPOINT = env.str("OIDC_OP_AUTHORIZATION_ENDPOINT", default="").strip()
OIDC_OP_TOKEN_ENDPOINT = env.str("OIDC_OP_TOKEN_ENDPOINT", default="").strip()
OIDC_OP_USER_ENDPOINT = env.str("OIDC_OP_USER_ENDPOINT", default="").strip()
OIDC_OP_JWKS_ENDPOINT = env.str("OIDC_OP_JWKS_ENDPOINT", default="").strip()
OIDC_RP_SIGN_ALGO = env.str("OIDC_RP_SIGN_ALGO", default="RS256").strip()
OIDC_PROVIDER_NAME = env.str("OIDC_PROVIDER_NAME", default="").strip()  # on the button: "Inloggen met Microsoft"
_OIDC_SETTINGS = {
    "OIDC_RP_CLIENT_ID": OIDC_RP_CLIENT_ID,
    "OIDC_RP_CLIENT_SECRET": OIDC_RP_CLIENT_SECRET,
    "OIDC_OP_AUTHORIZATION_ENDPOINT": OIDC_OP_AUTHORIZATION_ENDPOINT,
    "OIDC_OP_TOKEN_ENDPOINT": OIDC_OP_TOKEN_ENDPOINT,
    "OIDC_OP_USER_ENDPOINT": OIDC_OP_USER_ENDPOINT,
    "OIDC_OP_JWKS_ENDPOINT": OIDC_OP_JWKS_ENDPOINT,
}
if any(_OIDC_SETTINGS.values()):
    _missing = [name for name, value in _OIDC_SETTINGS.items() if not value]
    if _missing:
        raise ImproperlyConfigured(f"Single sign-on needs every OIDC_* variable; missing: {', '.join(_missing)}.")
    if OIDC_RP_SIGN_ALGO not in ("RS256", "RS384", "RS512", "ES256", "ES384", "ES512"):
        raise ImproperlyConfigured(
            f"OIDC_RP_SIGN_ALGO must be RS256 (or another RS/ES algorithm); got {OIDC_RP_SIGN_ALGO!r}."
        )
    if PRODUCTION:
        for _name, _value in _OIDC_SETTINGS.items():
            if _name.startswith("OIDC_OP_") and urlsplit(_value).scheme != "https":
                raise ImproperlyConfigured(f"{_name} must be an https:// address in production.")
OIDC_RP_SCOPES = "openid email"
OIDC_USE_PKCE = True
OIDC_CREATE_USER = False  # accounts come from the school's invitation, never from a log-in
OIDC_TIMEOUT = _number("OIDC_TIMEOUT", 10, float)  # seconds to wait for the provider
OIDC_STORE_ACCESS_TOKEN = False
OIDC_STORE_ID_TOKEN = False

# Second factor (django-otp, huisbezoek/otp.py): required for directie, care coordinator and
# administrator, and for teachers where the school requires it. Each wrong code doubles the
# wait before the next check (2, 4, 8 ... seconds).
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Huisbezoek")
OTP_TOTP_THROTTLE_FACTOR = 2
OTP_STATIC_THROTTLE_FACTOR = 2
# Public pages an unverified, logged-in member of staff may still open: the parents' protocol
# and the parents' and pupils' questionnaires (they need no log-in at all).
SECOND_FACTOR_EXEMPT_PATHS = ["/ouders/", "/vragenlijst/", "/klas/"]

# --- Sessions, cookies and security headers ---------------------------------------------

# A session ends after SESSION_IDLE_MINUTES without a request and SESSION_ABSOLUTE_HOURS after
# the log-in, whatever happens (huisbezoek.middleware.SessionTimeoutMiddleware). 0 = off.
# Tests switch both off unless they set them, so tests that move the clock keep their session.
SESSION_IDLE_TIMEOUT = int(_number("SESSION_IDLE_MINUTES", 0 if MODE == "test" else 30) * 60)
SESSION_ABSOLUTE_TIMEOUT = int(_number("SESSION_ABSOLUTE_HOURS", 0 if MODE == "test" else 12, float) * 3600)
SESSION_COOKIE_AGE = _number("SESSION_COOKIE_AGE", 12 * 3600)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "huisbezoek.views.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = _bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = _number("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if _bool("BEHIND_TLS_PROXY", True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[f"https://{h}" for h in ALLOWED_HOSTS])

# Content-Security-Policy: only our own files; no inline script or style anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

# --- Language and time ------------------------------------------------------------------

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# --- Static files -----------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "static")))
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Bootstrap from the XStatic-Bootstrap package, served as /static/bootstrap/...
    ("bootstrap", xstatic.pkg.bootstrap.BASE_DIR),
]
STORAGES = {
    # Readable by the app's own user only: pending imports hold pupils' data; PDFs and logos are
    # served through the app's views.
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"file_permissions_mode": 0o600, "directory_permissions_mode": 0o700},
    },
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# In development and tests whitenoise serves straight from the finders (no collectstatic needed).
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
MEDIA_URL = "/media/"

# Stored files (rendered protocol PDFs, logos, pending imports) go through Django's storage API
# only, so web servers and workers on several machines can share them: with STORAGE_S3_BUCKET set
# they live in that S3-compatible bucket (django-storages), else under MEDIA_ROOT. Private: never
# served from the bucket directly, always through the app's views.
STORAGE_S3_BUCKET = env.str("STORAGE_S3_BUCKET", default="")


def s3_storage(
    *,
    bucket: str,
    endpoint_url: str = "",
    access_key: str = "",
    secret_key: str = "",
    region: str = "",
    addressing_style: str = "",
) -> dict[str, Any]:
    """The STORAGES entry of an S3-compatible bucket (also used by the tests, against moto)."""
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint_url or None,
            "access_key": access_key or None,
            "secret_key": secret_key or None,
            "region_name": region or None,
            "default_acl": "private",
            "file_overwrite": False,
            "querystring_auth": True,
            "addressing_style": addressing_style or None,  # "path" for most self-hosted S3 servers
        },
    }


if STORAGE_S3_BUCKET:
    STORAGES["default"] = s3_storage(
        bucket=STORAGE_S3_BUCKET,
        endpoint_url=env.str("STORAGE_S3_ENDPOINT_URL", default=""),
        access_key=env.str("STORAGE_S3_ACCESS_KEY_ID", default=""),
        secret_key=env.str("STORAGE_S3_SECRET_ACCESS_KEY", default=""),
        region=env.str("STORAGE_S3_REGION", default=""),
        addressing_style=env.str("STORAGE_S3_ADDRESSING_STYLE", default=""),
    )

# --- E-mail -----------------------------------------------------------------------------

if PRODUCTION:
    _required("EMAIL_URL")  # e.g. smtp+tls://user:password@mail.example.org:587
    globals().update(env.email_url("EMAIL_URL"))
else:
    globals().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Huisbezoek <noreply@huisbezoek.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Seconds to wait for the mail server; well below NOTIFICATION_SENDING_TIMEOUT, so a hanging
# server ends as a clear error instead of a message stuck in "being sent".
EMAIL_TIMEOUT = _number("EMAIL_TIMEOUT", 30, float)

# --- Messages and reminders (notifications app) -------------------------------------------

SMS_BACKENDS = ("console", "file", "twilio")
SMS_BACKEND = env.str("SMS_BACKEND", default="console").strip()
if SMS_BACKEND not in SMS_BACKENDS and "." not in SMS_BACKEND:
    raise ImproperlyConfigured(f"SMS_BACKEND must be one of {', '.join(SMS_BACKENDS)} or a dotted path.")
SMS_FILE_PATH = env.str("SMS_FILE_PATH", default=str(VAR_DIR / "sms"))
SMS_FROM = env.str("SMS_FROM", default="")  # sender number or name (max 11 letters) at the provider
SMS_TIMEOUT = _number("SMS_TIMEOUT", 10, float)
TWILIO_ACCOUNT_SID = env.str("TWILIO_ACCOUNT_SID", default="")
TWILIO_AUTH_TOKEN = env.str("TWILIO_AUTH_TOKEN", default="")
TWILIO_API_URL = env.str("TWILIO_API_URL", default="https://api.twilio.com")
if PRODUCTION and SMS_BACKEND == "twilio":
    for _name in ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "SMS_FROM"):
        _required(_name)
# WhatsApp Business Cloud API (notifications/whatsapp.py): off until the number id and token are set.
WHATSAPP_API_URL = env.str("WHATSAPP_API_URL", default="https://graph.facebook.com/v21.0")
WHATSAPP_PHONE_NUMBER_ID = env.str("WHATSAPP_PHONE_NUMBER_ID", default="")
WHATSAPP_TOKEN = env.str("WHATSAPP_TOKEN", default="")
WHATSAPP_TIMEOUT = _number("WHATSAPP_TIMEOUT", 10, float)
NOTIFICATION_MAX_ATTEMPTS = max(1, int(_number("NOTIFICATION_MAX_ATTEMPTS", 5)))
NOTIFICATION_RETRY_SECONDS = _number("NOTIFICATION_RETRY_SECONDS", 120)  # doubles after each failure
NOTIFICATION_SENDING_TIMEOUT = _number("NOTIFICATION_SENDING_TIMEOUT", 900)  # then "unknown: check"
# Messages one send task claims and sends over one SMTP connection / HTTP session. A worker that
# dies mid-batch leaves at most this many messages "unknown: check" (never sent twice).
NOTIFICATION_BATCH_SIZE = max(1, int(_number("NOTIFICATION_BATCH_SIZE", 50)))
# Families (and the interpreters who visit them) get messages only from the first hour up to the
# second, Amsterdam time: anything queued outside waits for the next morning.
PARENT_MESSAGE_HOURS = (8, 21)
if not 0 < EMAIL_TIMEOUT < NOTIFICATION_SENDING_TIMEOUT:
    raise ImproperlyConfigured("EMAIL_TIMEOUT must be more than 0 and less than NOTIFICATION_SENDING_TIMEOUT.")

# A staff invitation's link (staff app) works once, for this many days.
STAFF_INVITATION_DAYS = _number("STAFF_INVITATION_DAYS", 7)

# --- Where families live and travel times (visits/geo) ----------------------------------

# The geocoder: the Dutch government's free PDOK Locatieserver (one request per new address, only
# the postcode and house number). Empty: no lookups at all (families are pinned by hand); tests
# leave it empty unless they point it at a local fake server.
PDOK_LOCATIESERVER_URL = "https://api.pdok.nl/bzk/locatieserver/search/v3_1/free"
GEOCODER_URL = env.str("GEOCODER_URL", default="" if MODE == "test" else PDOK_LOCATIESERVER_URL).strip()
GEOCODER_TIMEOUT = _number("GEOCODER_TIMEOUT", 5, float)
GEOCODER_DELAY_SECONDS = _number("GEOCODER_DELAY_SECONDS", 0 if MODE == "test" else 0.2, float)  # between requests
# Road travel times from an OSRM server (optional; without it: straight line x 1.35).
OSRM_URL = env.str("OSRM_URL", default="").strip()
OSRM_TIMEOUT = _number("OSRM_TIMEOUT", 2, float)
OSRM_CACHE_SECONDS = int(_number("OSRM_CACHE_SECONDS", 7 * 24 * 3600))
OSRM_PAUSE_SECONDS = int(_number("OSRM_PAUSE_SECONDS", 60))  # after a failure, straight line for this long
for _name, _url in (("GEOCODER_URL", GEOCODER_URL), ("OSRM_URL", OSRM_URL)):
    if _url and urlsplit(_url).scheme not in ("http", "https"):
        raise ImproperlyConfigured(f"{_name} must start with http:// or https://; got {_url!r}.")

# --- Forms ------------------------------------------------------------------------------

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Logging: never log request bodies; errors to the console for the process manager ---

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "axes": {"level": "WARNING"},
        # WeasyPrint reports every rendering step (also its own style sheets, at import) at INFO.
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# --- Protocol PDFs (protocol app) ---------------------------------------------------------
# Fonts for the parent PDFs and pages come from Python packages (fontpkg), never from the
# system or the network; the Arabic font is also served to the parent pages.
import fontpkg  # noqa: E402

STATICFILES_DIRS += [("protocol/fonts/tajawal", fontpkg.path("Tajawal").parent)]
# Rendered PDFs and uploaded logos live in the default storage under protocol/ (served by the
# app's own views with cache headers, never as a public media folder).
# Static instances of the variable Noto Sans, one file per weight, made once (huisbezoek.pdf).
PDF_FONT_CACHE_DIR = Path(env.str("PDF_FONT_CACHE_DIR", default=str(VAR_DIR / "fonts")))
# Render a tiny PDF when a Celery worker process starts, so its first real PDF is warm.
PDF_WARM_UP_WORKER = env.bool("PDF_WARM_UP_WORKER", default=True)
# A worker process must report ready within this many seconds of starting (Celery's default, 4 s,
# is shorter than the warm-up's first font instancing on a busy machine; it would be restarted).
CELERY_WORKER_PROC_ALIVE_TIMEOUT = 60.0
PROTOCOL_PDF_RENDER_TIMEOUT = 120  # seconds a "being prepared" page waits before asking again
