"""Django settings, read from the environment (see README "Environment variables")."""

from __future__ import annotations

from pathlib import Path

from csp.constants import NONE, SELF, UNSAFE_INLINE

from mashangdu.env import (
    EnvError,
    env_bool,
    env_choices,
    env_database,
    env_int,
    env_list,
    env_origins,
    env_str,
    env_url,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("MSD_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)

# A development key exists only with DEBUG on; production refuses to start without a real one.
_DEV_SECRET_KEY = "dev-only-not-secret-mashangdu-0123456789-abcdefghijklmnopqrstuvwxyz"  # noqa: S105 - public on purpose; refused when DEBUG is off
SECRET_KEY = env_str("SECRET_KEY", _DEV_SECRET_KEY if DEBUG else None)
if not DEBUG and (len(SECRET_KEY) < 50 or SECRET_KEY == _DEV_SECRET_KEY):
    raise EnvError("Environment variable SECRET_KEY must be a random string of at least 50 characters.")

# Personal data (requesters' names and phones) is encrypted with SM4-GCM under keys derived from this
# secret; a blind index (HMAC-SM3) allows exact phone search. Losing it makes that data unreadable.
_DEV_PERSONAL_DATA_KEY = "dev-only-personal-data-key-0123456789abcdef"
PERSONAL_DATA_KEY = env_str("PERSONAL_DATA_KEY", _DEV_PERSONAL_DATA_KEY if DEBUG else None)
if not DEBUG and (len(PERSONAL_DATA_KEY) < 32 or PERSONAL_DATA_KEY == _DEV_PERSONAL_DATA_KEY):
    raise EnvError("Environment variable PERSONAL_DATA_KEY must be a random string of at least 32 characters.")
# Digests of values never kept (access codes, API tokens, client addresses) cannot be recomputed when
# PERSONAL_DATA_KEY is rotated: set this to the old key to keep them valid (decision 0025). Empty: the same.
PERSONAL_DATA_DIGEST_KEY = env_str("PERSONAL_DATA_DIGEST_KEY", "")
if not DEBUG and PERSONAL_DATA_DIGEST_KEY and len(PERSONAL_DATA_DIGEST_KEY) < 32:
    raise EnvError("Environment variable PERSONAL_DATA_DIGEST_KEY must be empty or at least 32 characters.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise EnvError("Environment variable ALLOWED_HOSTS is required when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env_origins("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "mashangdu.core",
    "mashangdu.enterprises",
    "mashangdu.appeals",
    "mashangdu.intake",
    "mashangdu.reports",
    "mashangdu.open311",
    "mashangdu.api",
    "mashangdu.routing",
    "mashangdu.keytasks",
    "mashangdu.visits",
    "mashangdu.meetings",
    "mashangdu.techmatch",
    "mashangdu.policies",
    "mashangdu.air",
    "mashangdu.water",
    "mashangdu.pollution",
    "mashangdu.rivers",
    "mashangdu.land",
    "mashangdu.efficiency",
    "mashangdu.villages",
    "mashangdu.demo",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI and ReDoc served from our static files, not a CDN
    "django_q",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "mashangdu.core.middleware.CleanInputMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified(): a second factor was given
    "mashangdu.core.otp.OtpRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "mashangdu.core.middleware.RequestContextMiddleware",
    "mashangdu.core.middleware.BadParameterMiddleware",  # a page's BadParameter → the 400 page naming it
    # Last, so it turns any locked-out login into the lockout page (django-axes' documented position).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "mashangdu.urls"
# Selects written in Python, not one template per option (decision 0050: the filter forms on every staff page).
FORM_RENDERER = "mashangdu.core.formrender.FastSelectRenderer"
WSGI_APPLICATION = "mashangdu.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "mashangdu" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "mashangdu.core.context_processors.shell",
                "mashangdu.menu.navigation",
            ],
        },
    },
]

# Database: SQLite under var/ by default, PostgreSQL in production and in the second CI run.
DATABASES = {"default": env_database("DATABASE_URL", f"sqlite:///{VAR_DIR / 'mashangdu.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets the web server and the job worker read while the other writes; IMMEDIATE makes a
    # write transaction take its lock at BEGIN, so two processes never deadlock on an upgrade.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;",
        "transaction_mode": "IMMEDIATE",
    }
else:
    # Persistent connections: measured 800 req/s with them, 175 req/s without (DEVELOPERS.md).
    DATABASES["default"]["CONN_MAX_AGE"] = env_int("DB_CONN_MAX_AGE", 60, minimum=0)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# An optional PostgreSQL streaming replica: dashboards, rankings, boards and exports read from it, everything
# else from "default" (mashangdu/core/replicas.py, decision 0043). Migrations never run on it.
if env_str("REPLICA_DATABASE_URL", ""):
    DATABASES["replica"] = env_database("REPLICA_DATABASE_URL", "")
    for _key in ("OPTIONS", "CONN_MAX_AGE", "CONN_HEALTH_CHECKS"):
        if _key in DATABASES["default"]:
            DATABASES["replica"][_key] = DATABASES["default"][_key]
READ_REPLICA = "replica" in DATABASES  # the router's switch (the test suite has a mirror alias with it off)
DATABASE_ROUTERS = ["mashangdu.core.replicas.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    # The database cache is shared by the web workers and the job worker on both databases, which
    # the login throttle needs; `manage.py createcachetable` creates its table.
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "msd_cache",
    }
}

AUTH_USER_MODEL = "core.User"
# django-axes first: it refuses a locked (account, address) before any password is checked, on every
# path that calls authenticate() (site login, admin login). Decision 0015.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "mashangdu.core.auth.UsernameOrMobileBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "mashangdu.core.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "mashangdu.core.passwords.NotDemoNorUsernameValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Failed logins per (account, client address) before the account is locked for a while. The account is
# resolved (username and mobile of one user share a counter); the hooks live in core/auth.py.
LOGIN_MAX_FAILURES = env_int("LOGIN_MAX_FAILURES", 5, minimum=1)
LOGIN_LOCKOUT_SECONDS = env_int("LOGIN_LOCKOUT_SECONDS", 300, minimum=1)
# Wider counters (core.auth.LoginThrottleHandler): failures for one account from any address, and from
# one address for any account, each locking for LOGIN_LOCKOUT_SECONDS once reached.
LOGIN_ACCOUNT_MAX_FAILURES = env_int("LOGIN_ACCOUNT_MAX_FAILURES", 20, minimum=1)
LOGIN_ADDRESS_MAX_FAILURES = env_int("LOGIN_ADDRESS_MAX_FAILURES", 30, minimum=1)
# Second factor (TOTP, django-otp; decision 0019): admins and supervisors may enrol; roles listed here
# must (they reach only the enrolment page until they have).
OTP_REQUIRED_ROLES = env_choices("OTP_REQUIRED_ROLES", [], {"admin", "supervisor"})
OTP_TOTP_ISSUER = "码上督"
# Counters in the shared database cache (keys are SHA-256 digests: no address or phone stored in clear).
AXES_HANDLER = "mashangdu.core.auth.LoginThrottleHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "mashangdu.core.auth.throttle_identity"
AXES_CLIENT_IP_CALLABLE = "mashangdu.core.auth.throttle_address"
AXES_FAILURE_LIMIT = "mashangdu.core.auth.throttle_failure_limit"
AXES_COOLOFF_TIME = "mashangdu.core.auth.throttle_cool_off"
AXES_LOCKOUT_CALLABLE = "mashangdu.core.auth.lockout_response"
AXES_CLIENT_STR_CALLABLE = "mashangdu.core.auth.throttle_client_str"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ADMIN = False  # the cache handler keeps no rows for the admin to list
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "password"]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
_NODE = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    ("vendor/bootstrap", _NODE / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", _NODE / "bootstrap-icons" / "font"),
    ("vendor/echarts", _NODE / "echarts" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("STATIC_MANIFEST", not DEBUG)
            else "whitenoise.storage.CompressedStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# Email (used by the email notification backend and password resets).
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "码上督 <noreply@localhost>")

# Notifications: which channels deliver a message (see mashangdu/core/notifications/).
NOTIFICATION_BACKENDS = env_choices("NOTIFICATION_BACKENDS", ["inbox", "log"], {"inbox", "log", "email", "webhook"})
NOTIFICATION_WEBHOOK_URL = env_url("NOTIFICATION_WEBHOOK_URL")
NOTIFICATION_WEBHOOK_TOKEN = env_str("NOTIFICATION_WEBHOOK_TOKEN", "")
NOTIFICATION_WEBHOOK_MAX_ATTEMPTS = env_int("NOTIFICATION_WEBHOOK_MAX_ATTEMPTS", 6, minimum=1)
# Days a finished delivery keeps its payload (phones, access codes) for support questions; then emptied.
NOTIFICATION_WEBHOOK_RETENTION_DAYS = env_int("NOTIFICATION_WEBHOOK_RETENTION_DAYS", 7, minimum=1)
if "webhook" in NOTIFICATION_BACKENDS and not NOTIFICATION_WEBHOOK_URL:
    raise EnvError("Environment variable NOTIFICATION_WEBHOOK_URL is required when NOTIFICATION_BACKENDS has webhook.")

# The county this installation serves; shown in the header, posters and reports.
COUNTY_NAME = env_str("COUNTY_NAME", "沧河县")
SERVICE_HOTLINE = env_str("SERVICE_HOTLINE", "0317-12345")

# Public intake (码上督 codes). The address printed in QR codes; empty = the address staff use to reach
# the site when they make the poster (right when staff and the public reach the same host).
PUBLIC_BASE_URL = env_url("PUBLIC_BASE_URL")
# Rate limits on public submissions: at most MAX per WINDOW seconds per client address and per phone.
INTAKE_IP_MAX = env_int("INTAKE_IP_MAX", 20, minimum=1)
INTAKE_IP_WINDOW = env_int("INTAKE_IP_WINDOW", 3600, minimum=1)
INTAKE_PHONE_MAX = env_int("INTAKE_PHONE_MAX", 5, minimum=1)
INTAKE_PHONE_WINDOW = env_int("INTAKE_PHONE_WINDOW", 86400, minimum=1)
# Failed look-ups on the public tracking page before a client address must wait.
TRACK_MAX_FAILURES = env_int("TRACK_MAX_FAILURES", 10, minimum=1)
TRACK_LOCKOUT_SECONDS = env_int("TRACK_LOCKOUT_SECONDS", 900, minimum=1)

# Open311 GeoReport v2: the jurisdiction_id clients may send (any other is refused with 404).
OPEN311_JURISDICTION = env_str("OPEN311_JURISDICTION", "canghe.gov.cn")
# Days a client system's api_key is valid from its issue or rotation (系统管理 → 接口客户端).
OPEN311_KEY_DAYS = env_int("OPEN311_KEY_DAYS", 365, minimum=1)

# Key tasks: an indicator this many percent of the way behind its straight line is yellow; twice, red.
TASK_INDICATOR_TOLERANCE = env_int("TASK_INDICATOR_TOLERANCE", 10, minimum=1)

# Background jobs: django-q2 with the ORM broker (no Redis needed), on two queues (core/queue.py, decision
# 0028). `retry` is how long a task taken by a worker that died waits before it is run again; it must exceed
# the cluster's `timeout`. The quick queue (routing, notifications, the schedules) retries in seconds; the
# long one (exports, posters, circulars, training) runs as a second cluster: `Q_CLUSTER_NAME=mashangdu-long
# manage.py qcluster`.
Q_CLUSTER = {
    "name": "mashangdu",
    "orm": "default",
    "workers": env_int("Q_WORKERS", 2, minimum=1),
    # Tasks one poll of the ORM broker claims; more than 1 lets several worker machines share the queue
    # with less contention on its first row (bench/jobs_broker.py, docs/deployment.md).
    "bulk": env_int("Q_BULK", 1, minimum=1),
    "timeout": 60,
    "retry": 75,
    "max_attempts": 5,
    "catch_up": False,
    "sync": env_bool("Q_SYNC", False),
    "label": "后台任务",
    "ALT_CLUSTERS": {
        "mashangdu-long": {
            "workers": env_int("Q_LONG_WORKERS", 1, minimum=1),
            "timeout": 1200,
            "retry": 1320,
            "max_attempts": 2,
        },
    },
}

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "mashangdu.api.auth.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # DRF's own parsers plus the text cleaning of core/text.py (no control characters, no lone surrogates)
    "DEFAULT_PARSER_CLASSES": [
        "mashangdu.api.parsers.JSONParser",
        "mashangdu.api.parsers.FormParser",
        "mashangdu.api.parsers.MultiPartParser",
    ],
    "DEFAULT_RENDERER_CLASSES": [
        "mashangdu.api.renderers.JSONRenderer",  # DRF's, cleaning what was stored before (core/text.py)
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_FILTER_BACKENDS": ["mashangdu.api.filters.ValidatedFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "EXCEPTION_HANDLER": "mashangdu.api.errors.api_exception_handler",
    "PAGE_SIZE": 50,
}
# Staff API tokens: hashed, and valid this many days from issue (decision 0017).
API_TOKEN_DAYS = env_int("API_TOKEN_DAYS", 90, minimum=1)
# County intranets have no internet access: the API docs load Swagger UI from our own static files.
SPECTACULAR_SETTINGS = {
    "TITLE": "码上督 API",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Appeals and units both have a field "kind": name each choice set, so the schema's names are stable.
    "ENUM_NAME_OVERRIDES": {
        "AppealKindEnum": "mashangdu.appeals.models.appeals.Kind",
        "UnitKindEnum": "mashangdu.core.models.units.UnitKind",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {
        "mask_phones": {"()": "mashangdu.core.logfilters.MaskPhones"},
        "client_errors": {"()": "mashangdu.core.logfilters.ClientErrorsWithoutTraceback"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["mask_phones", "client_errors"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Our handler only: Django's own (a second, unformatted copy of each line when DEBUG is on) is replaced.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "WARNING"},
        # The development server's request lines, through the console handler that masks phone numbers.
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # WeasyPrint logs every layout step at INFO: thousands of lines for a batch of posters.
        "weasyprint": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Security: production values pass `manage.py check --deploy` with no warning (tested).
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600, minimum=60)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy on every response (django-csp; decision 0018): scripts only from our own static
# files, never inline (no <script> body, no on*= handler, no javascript: URL). Style attributes are
# allowed (style-src-attr), <style> elements are not: templates and ECharts' tooltips use style
# attributes, which cannot run script or load anything the other directives forbid.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    if env_bool("BEHIND_TLS_PROXY", True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
