"""Settings read from the environment, with safe development defaults (SQLite under var/)."""

import datetime as dt
import os
from pathlib import Path

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("CONGVU_VAR_DIR", BASE_DIR.parent / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _flag(name: str, default: bool) -> bool:
    return os.environ.get(name, "1" if default else "0").lower() in {"1", "true", "yes", "on"}


DEBUG = _flag("CONGVU_DEBUG", False)
PRODUCTION = _flag("CONGVU_PRODUCTION", False)


def _secret_key() -> str:
    """Production must set CONGVU_SECRET_KEY; a local install keeps a generated key in var/."""
    key = os.environ.get("CONGVU_SECRET_KEY")
    if key:
        return key
    if PRODUCTION:
        raise ImproperlyConfigured("CONGVU_SECRET_KEY must be set when CONGVU_PRODUCTION=1.")
    path = VAR_DIR / "secret_key"
    if not path.exists():
        from django.core.management.utils import get_random_secret_key

        path.write_text(get_random_secret_key())
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = os.environ.get("CONGVU_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
CSRF_TRUSTED_ORIGINS = [
    o for o in os.environ.get("CONGVU_CSRF_TRUSTED_ORIGINS", "").split(",") if o
]

# congvu's apps come first: where two apps translate the same words, the one listed first wins,
# and congvu's pages must use congvu's words ("Lọc", not Django admin's "Bộ lọc").
INSTALLED_APPS = [
    "congvu.core",
    "congvu.org",
    "congvu.tasks",
    "congvu.findings",
    "congvu.dossiers",
    "congvu.investment",
    "congvu.reports",
    "congvu.web",
    "congvu.api",
    "congvu.demo",
    "congvu.people",
    "congvu.discipline",
    "congvu.innovation",
    "congvu.rewards",
    "django.contrib.admin",
    "axes",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.humanize",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "congvu.core.locale.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Text in Unicode NFC before forms and the API read it (issue 15).
    "congvu.core.text.NormaliseTextMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "congvu.org.middleware.OfficialMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After MessageMiddleware in the list, so before it on the way out: messages still pending.
    "congvu.web.middleware.HtmxMessagesMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "congvu.core.logins.IdleSessionMiddleware",
    # A file download tells the page it has arrived (the progress of long Excel exports).
    "congvu.web.downloads.DownloadTokenMiddleware",
    # Last, as axes requires: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "congvu.urls"
WSGI_APPLICATION = "congvu.wsgi.application"

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
                "django.template.context_processors.i18n",
                # The banner while `make run` still writes the demo province in the background.
                "congvu.demo.status.seeding",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'congvu.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONGVU_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets readers (the pages) go on while an action writes; IMMEDIATE makes a transaction take
    # the write lock at BEGIN, so two concurrent actions queue instead of failing with "database is
    # locked" halfway through.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Django's validators; their messages come in Vietnamese from Django's own catalogue.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "congvu.core.passwords.MinimumLengthValidator",
        "OPTIONS": {"min_length": int(os.environ.get("CONGVU_PASSWORD_MIN_LENGTH", "10"))},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login throttling (django-axes, see congvu/core/logins.py): an account is locked after
# CONGVU_LOGIN_FAILURES_PER_ACCOUNT failed logins, an address after
# CONGVU_LOGIN_FAILURES_PER_ADDRESS, for CONGVU_LOGIN_LOCKOUT_MINUTES. An administrator unlocks
# earlier by deleting the access attempt in the admin (Axes > Access attempts) or with
# `congvu axes_reset_username LOGIN`.
AUTHENTICATION_BACKENDS = [
    "congvu.core.logins.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "congvu.core.logins.AccountAndAddressHandler"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = int(os.environ.get("CONGVU_LOGIN_FAILURES_PER_ACCOUNT", "5"))
CONGVU_LOGIN_FAILURES_PER_ADDRESS = int(os.environ.get("CONGVU_LOGIN_FAILURES_PER_ADDRESS", "50"))
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(os.environ.get("CONGVU_LOGIN_LOCKOUT_MINUTES", "30")))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "congvu.core.logins.lockout_page"
AXES_VERBOSE = False

# A session ends after CONGVU_SESSION_IDLE_HOURS without a request (congvu.core.logins).
SESSION_COOKIE_AGE = int(float(os.environ.get("CONGVU_SESSION_IDLE_HOURS", "8")) * 3600)

# API tokens stop working this many days after they are issued.
CONGVU_API_TOKEN_DAYS = int(os.environ.get("CONGVU_API_TOKEN_DAYS", "180"))

# E-mail (password reset; issue 14's notices). Without CONGVU_EMAIL_HOST, mail is printed on the
# console, which is enough for a demo on one's own machine.
EMAIL_HOST = os.environ.get("CONGVU_EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = int(os.environ.get("CONGVU_EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("CONGVU_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("CONGVU_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = _flag("CONGVU_EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = os.environ.get("CONGVU_EMAIL_FROM", "congvu <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The address people reach the site at (links in e-mails), e.g. https://congvu.tinh.gov.vn; empty:
# the address of the request that sent the e-mail. CONGVU_BASE_URL is read as another name for it.
CONGVU_SITE_URL = (
    os.environ.get("CONGVU_SITE_URL") or os.environ.get("CONGVU_BASE_URL", "")
).rstrip("/")
PASSWORD_RESET_TIMEOUT = 3600 * 24
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["congvu.formats"]

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("CONGVU_STATIC_ROOT", BASE_DIR.parent / "staticfiles"))
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    # Behind the province's HTTPS reverse proxy, which sets X-Forwarded-Proto; HSTS for a year
    # (CONGVU_HSTS_SECONDS=0 while the certificate setup is being tried out).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = _flag("CONGVU_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("CONGVU_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = _flag("CONGVU_HSTS_PRELOAD", True)

# Content-Security-Policy (django-csp): scripts only from files this site serves (htmx is vendored
# under static/), never inline; inline styles stay allowed because htmx adds its indicator styles.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("CONGVU_LOG_LEVEL", "WARNING")},
}

# The demo province: seeded so that every fresh install shows the same province.
CONGVU_DEMO_SEED = int(os.environ.get("CONGVU_DEMO_SEED", "2025"))

# The one import path (congvu/core/imports.py): what one upload or import command may cost. A larger
# upload is refused from its Content-Length before its body is read; reading stops at the row limit;
# an import lists its first problems and counts the rest (docs/import.md).
IMPORT_MAX_BYTES = int(float(os.environ.get("CONGVU_IMPORT_MAX_MB", "10")) * 1024 * 1024)
IMPORT_MAX_ROWS = int(os.environ.get("CONGVU_IMPORT_MAX_ROWS", "100000"))
IMPORT_MAX_PROBLEMS = int(os.environ.get("CONGVU_IMPORT_MAX_PROBLEMS", "200"))
# An .xlsx is a zip: what its parts may unpack to, so that a small zip bomb is refused unread.
IMPORT_MAX_UNPACKED_BYTES = 20 * IMPORT_MAX_BYTES
# An event log uploaded for analysis (/dau-hieu/phan-tich-nhat-ky/) waits here for it, a day at most
# (congvu/findings/eventlogs.py).
EVENTLOG_UPLOAD_DIR = VAR_DIR / "uploads" / "eventlogs"

# Single sign-on with the province's OpenID Connect provider (Keycloak or its own; docs/sso.md,
# congvu/org/sso.py). On only with CONGVU_OIDC_CLIENT_ID, CONGVU_OIDC_CLIENT_SECRET and either
# CONGVU_OIDC_ISSUER (endpoints from its discovery document) or the endpoints one by one; otherwise
# nothing changes. Officials are matched by login, then e-mail; no account is ever created.
CONGVU_OIDC_ISSUER = os.environ.get("CONGVU_OIDC_ISSUER", "").rstrip("/")
OIDC_RP_CLIENT_ID = os.environ.get("CONGVU_OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("CONGVU_OIDC_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("CONGVU_OIDC_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("CONGVU_OIDC_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("CONGVU_OIDC_USERINFO_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("CONGVU_OIDC_JWKS_ENDPOINT", "")
CONGVU_OIDC_END_SESSION_ENDPOINT = os.environ.get("CONGVU_OIDC_END_SESSION_ENDPOINT", "")
CONGVU_SSO = bool(
    OIDC_RP_CLIENT_ID
    and OIDC_RP_CLIENT_SECRET
    and (CONGVU_OIDC_ISSUER or (OIDC_OP_AUTHORIZATION_ENDPOINT and OIDC_OP_TOKEN_ENDPOINT))
)
if CONGVU_SSO:
    AUTHENTICATION_BACKENDS = [*AUTHENTICATION_BACKENDS, "congvu.org.sso.OfficialOIDCBackend"]
    # congvu.org.sso.DEFAULTS has the rest (RS256, PKCE, no account created, ...).
    OIDC_RP_SIGN_ALGO = os.environ.get("CONGVU_OIDC_SIGN_ALGO", "RS256")
    OIDC_RP_SCOPES = os.environ.get("CONGVU_OIDC_SCOPES", "openid email profile")
    # Logging out redirects a form's POST to the provider: the CSP's form-action must allow it.
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"] = [
        "'self'",
        *sorted(
            {
                "/".join(url.split("/")[:3])  # the origin: scheme://host:port
                for url in (
                    CONGVU_OIDC_ISSUER,
                    OIDC_OP_AUTHORIZATION_ENDPOINT,
                    CONGVU_OIDC_END_SESSION_ENDPOINT,
                )
                if url
            }
        ),
    ]
