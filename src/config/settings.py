"""Django settings, all from the environment (twelve-factor): see docs/operations.md.

DATABASE_URL   default sqlite:///var/rongcuo.sqlite3 (the folder is created); postgresql://... in production
DJANGO_DEBUG   1 for development; off by default
RONGCUO_ENV    "production" under gunicorn (config.wsgi sets it): then DJANGO_SECRET_KEY,
               DJANGO_ALLOWED_HOSTS and the record's signing key must be given, or it will not start
DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS (comma-separated), DJANGO_CSRF_TRUSTED_ORIGINS
RONGCUO_SIGNING_KEY_FILE  the record's Ed25519 key (default <data dir>/keys/record-signing.key)
RONGCUO_TOKEN_HOURS       how long an API token lasts (default 8)
RONGCUO_SOFFICE           LibreOffice's program for PDFs (default: soffice on the PATH; empty: no PDF)
RONGCUO_DOCUMENT_*_FONT   fonts named in the documents (TITLE, BODY, HEADING, PAGE_NUMBER; default the official ones)
RONGCUO_IDENTITY_KEY_FILE the keys sealing reporters' identities, outside the database (default
               <data dir>/keys/identity.key; made on first use outside production, required in it)
RONGCUO_SMTP_HOST, RONGCUO_SMTP_PORT (25), RONGCUO_SMTP_USER, RONGCUO_SMTP_PASSWORD, RONGCUO_SMTP_TLS (0/1),
RONGCUO_TRUSTED_PROXIES   the reverse proxies (e.g. 127.0.0.1) whose X-Forwarded-For names the client
RONGCUO_MAIL_FROM          e-mail reminders (`rongcuo notify`); without RONGCUO_SMTP_HOST no mail is sent
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured

django_stubs_ext.monkeypatch()  # generic admin classes at run time, as django-stubs types them

BASE_DIR = Path(__file__).resolve().parents[2]  # the checkout (src/config/settings.py)
DATA_DIR = Path(os.environ.get("RONGCUO_DATA_DIR", BASE_DIR / "var"))
DATA_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = os.environ.get("DJANGO_DEBUG", "0") == "1"
RONGCUO_PRODUCTION = os.environ.get("RONGCUO_ENV", "development") == "production"
# A development key keeps `rongcuo` usable out of the box; production must set its own.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if RONGCUO_PRODUCTION and len(SECRET_KEY) < 32:
    raise ImproperlyConfigured("生产环境必须设置 DJANGO_SECRET_KEY（至少 32 个字符的随机串，见 docs/operations.md）")
SECRET_KEY = SECRET_KEY or "insecure-development-key-set-DJANGO_SECRET_KEY"
if RONGCUO_PRODUCTION and not os.environ.get("DJANGO_ALLOWED_HOSTS"):
    raise ImproperlyConfigured("生产环境必须设置 DJANGO_ALLOWED_HOSTS（本系统对外的域名或地址，逗号分隔）")
if RONGCUO_PRODUCTION and DEBUG:
    raise ImproperlyConfigured("生产环境不能开启 DJANGO_DEBUG")
ALLOWED_HOSTS = [h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]
RONGCUO_SIGNING_KEY_FILE = Path(os.environ.get("RONGCUO_SIGNING_KEY_FILE", DATA_DIR / "keys" / "record-signing.key"))
RONGCUO_TOKEN_HOURS = float(os.environ.get("RONGCUO_TOKEN_HOURS", "8"))
# LibreOffice for PDFs of the documents: found on the PATH unless RONGCUO_SOFFICE names it ("" turns PDF off).
RONGCUO_SOFFICE = os.environ.get("RONGCUO_SOFFICE")
# Fonts named in the documents (documents.layout.fonts): the official ones unless set, e.g.
# RONGCUO_DOCUMENT_TITLE_FONT="Noto Serif CJK SC" where the office standardises on free fonts.
RONGCUO_DOCUMENT_FONTS = {key: os.environ[f"RONGCUO_DOCUMENT_{key.upper()}_FONT"]
                          for key in ("title", "body", "heading", "page_number")
                          if os.environ.get(f"RONGCUO_DOCUMENT_{key.upper()}_FONT")}
RONGCUO_IDENTITY_KEY_FILE = Path(os.environ.get("RONGCUO_IDENTITY_KEY_FILE", DATA_DIR / "keys" / "identity.key"))
# E-mail reminders through the office's own SMTP server (Django's mail); none without a host.
RONGCUO_SMTP_HOST = os.environ.get("RONGCUO_SMTP_HOST", "")
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = RONGCUO_SMTP_HOST or "localhost"
EMAIL_PORT = int(os.environ.get("RONGCUO_SMTP_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("RONGCUO_SMTP_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("RONGCUO_SMTP_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("RONGCUO_SMTP_TLS", "0") == "1"
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = os.environ.get("RONGCUO_MAIL_FROM", "rongcuo@localhost")
# A ledger file at least this large is imported in the background, the page following its progress
RONGCUO_LEDGER_BACKGROUND_BYTES = int(os.environ.get("RONGCUO_LEDGER_BACKGROUND_BYTES", str(2 * 1024 * 1024)))
# Reverse proxies whose X-Forwarded-For is believed (per-client limits of the public portal)
RONGCUO_TRUSTED_PROXIES = [a.strip() for a in os.environ.get("RONGCUO_TRUSTED_PROXIES", "").split(",") if a.strip()]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "axes",
    "csp",
    "rongcuo.core",
    "rongcuo.cases",
    "rongcuo.documents",
    "rongcuo.ledger",
    "rongcuo.evaluation",
    "rongcuo.complaints",
    "rongcuo.portal",
    "rongcuo.notifications",
    "rongcuo.api",
    "rongcuo.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "rongcuo.web.middleware.LogRefusals",
    "rongcuo.web.middleware.CapRequestBody",
    "rongcuo.web.middleware.RejectControlCharacters",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "rongcuo.web.context.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'rongcuo.sqlite3'}", conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0"))
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # the demo database: pages read while an import writes
    DATABASES["default"].setdefault("OPTIONS", {}).update({"init_command": "PRAGMA journal_mode=WAL;", "timeout": 20})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"

AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/login/"
LOGIN_REDIRECT_URL = "/"

# Lockout after repeated failures (django-axes): 5 failures lock the username for 30 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_LOCKOUT_TEMPLATE = "web/locked.html"
AXES_RESET_ON_SUCCESS = True
# Offices sit behind one NAT address: locking by IP would lock out a whole bureau, so lock by account.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_URL = "media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Compressed, without a manifest: pages render even before `collectstatic` has run.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True  # serve app static files straight from the apps when not collected
STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# Request bodies: forms and JSON up to 1 MB; an upload request up to the file limit and its form.
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
RONGCUO_MAX_UPLOAD_REQUEST = int(os.environ.get("RONGCUO_MAX_UPLOAD_MB", "21")) * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",  # accounts made before Argon2 still sign in
]

# Every page asset is ours (government networks have no internet): nothing from elsewhere runs.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "rongcuo.core.logging.JsonFormatter"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "json"}},
    "loggers": {
        "django.request": {"handlers": ["stderr"], "level": "ERROR", "propagate": False},
        "django.security": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
        "rongcuo": {"handlers": ["stderr"], "level": os.environ.get("RONGCUO_LOG_LEVEL", "INFO"), "propagate": False},
        "axes": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
    },
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if os.environ.get("RONGCUO_HTTPS", "0") == "1":
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # token first: a refused token is answered 401 with WWW-Authenticate, not 403
        "rongcuo.api.authentication.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "rongcuo.api.errors.handle_exception",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "rongcuo 行政执法履职尽责容错纠错 API",
    "DESCRIPTION": "规则认定、案件程序、期限与留痕。错误统一为 {\"error\": {\"code\", \"message\"}}。",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI's files come from drf-spectacular-sidecar, served by us, never from a CDN
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "rongcuo.api.schema.document_errors"],
}
