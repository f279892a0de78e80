"""All settings of motcua. The environment is read here and nowhere else (see .env.example)."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("MOTCUA_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    """Read a yes/no environment variable."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    """Read a comma-separated environment variable."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("MOTCUA_DEBUG", False)
# A fixed development key is only acceptable with DEBUG; production must set MOTCUA_SECRET_KEY.
SECRET_KEY = os.environ.get("MOTCUA_SECRET_KEY", "")
if not SECRET_KEY:
    SECRET_KEY = "dev-only-insecure-key-change-me"  # noqa: S105 (documented in .env.example)
ALLOWED_HOSTS = env_list("MOTCUA_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("MOTCUA_CSRF_TRUSTED_ORIGINS", "")
PUBLIC_BASE_URL = os.environ.get("MOTCUA_PUBLIC_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_tasks_db",
    "motcua.core",
    "motcua.accounts",
    "motcua.agencies",
    "motcua.catalog",
    "motcua.deadlines",
    "motcua.workflow",
    "motcua.dossiers",
    "motcua.documents",
    "motcua.payments",
    "motcua.signing",
    "motcua.notifications",
    "motcua.ratings",
    "motcua.reports",
    "motcua.api",
    "motcua.portal",
    "motcua.backoffice",
    "motcua.tickets",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "motcua.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "motcua" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Database: SQLite under var/ by default (the embedded mode), PostgreSQL in production.
DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'motcua.sqlite3'}")
_db = dj_database_url.parse(
    DATABASE_URL, conn_max_age=int(os.environ.get("MOTCUA_CONN_MAX_AGE", "60"))
)
if _db["ENGINE"] == "django.db.backends.postgresql":
    # JIT costs 150-700 ms on report queries (PERFORMANCE-FACTS.md); turn it off per connection.
    _db.setdefault("OPTIONS", {})["options"] = "-c jit=off"
    _db["CONN_HEALTH_CHECKS"] = True
elif _db["ENGINE"] == "django.db.backends.sqlite3":
    _db["CONN_MAX_AGE"] = 0
    _db.setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
AUTHENTICATION_BACKENDS = [
    "motcua.accounts.backends.EmailOrPhoneBackend",
    "motcua.accounts.oidc.VNeIDBackend",
]
# Citizen login through VNeID by OpenID Connect (ADR 0007); off while the client id is empty.
OIDC_RP_CLIENT_ID = os.environ.get("MOTCUA_OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("MOTCUA_OIDC_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("MOTCUA_OIDC_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("MOTCUA_OIDC_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("MOTCUA_OIDC_USERINFO_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("MOTCUA_OIDC_JWKS_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = os.environ.get("MOTCUA_OIDC_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get("MOTCUA_OIDC_SCOPES", "openid profile email")
OIDC_ID_NO_CLAIM = os.environ.get("MOTCUA_OIDC_ID_NO_CLAIM", "personal_id")
OIDC_USE_PKCE = True
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:oidc_callback"
LOGIN_REDIRECT_URL_FAILURE = "/accounts/login/?vneid=failed"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# Vietnamese first, English available.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "motcua" / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# Front-end packages installed from npm at set-up time (see package.json); never a CDN.
_NODE = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "motcua" / "static",
    ("vendor/htmx", _NODE / "htmx.org" / "dist"),
    ("vendor/pico", _NODE / "@picocss" / "pico" / "css"),
    ("vendor/chartjs", _NODE / "chart.js" / "dist"),
    ("vendor/axe", _NODE / "axe-core"),
]
MEDIA_ROOT = Path(os.environ.get("MOTCUA_MEDIA_ROOT", VAR_DIR / "media"))
# Stored files (scans, results, issued forms): a local folder by default, S3-compatible object
# storage in production (MOTCUA_STORAGE_BACKEND=s3). Files are never served directly: every
# download goes through a view that checks permission.
_storage_backend = os.environ.get("MOTCUA_STORAGE_BACKEND", "filesystem")
_default_storage: dict[str, object]
if _storage_backend == "s3":
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ.get("MOTCUA_S3_BUCKET", ""),
            "endpoint_url": os.environ.get("MOTCUA_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("MOTCUA_S3_REGION") or None,
            "access_key": os.environ.get("MOTCUA_S3_ACCESS_KEY", ""),
            "secret_key": os.environ.get("MOTCUA_S3_SECRET_KEY", ""),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
elif _storage_backend == "filesystem":
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
else:
    _default_storage = {"BACKEND": _storage_backend}
STORAGES = {
    "default": _default_storage,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
UPLOAD_MAX_BYTES = int(os.environ.get("MOTCUA_UPLOAD_MAX_BYTES", str(20 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Cache shared by all processes of one server (rate limits, the calendar version check).
# Several servers: point MOTCUA_CACHE_BACKEND at django.core.cache.backends.db.DatabaseCache
# (after `motcua createcachetable`) or a Redis cache.
CACHES = {
    "default": {
        "BACKEND": os.environ.get(
            "MOTCUA_CACHE_BACKEND", "django.core.cache.backends.filebased.FileBasedCache"
        ),
        "LOCATION": os.environ.get("MOTCUA_CACHE_LOCATION", str(VAR_DIR / "cache")),
    }
}

# Background work: Django's tasks framework with the database backend (ADR 0002).
TASKS = {
    "default": {
        "BACKEND": os.environ.get("MOTCUA_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# E-mail through Django's MAILERS (SMTP in production, files under var/mail in development).
_mail_backend = os.environ.get(
    "MOTCUA_EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend"
)
_mail_options: dict[str, object] = {}
if _mail_backend.endswith("filebased.EmailBackend"):
    _mail_options = {"file_path": str(VAR_DIR / "mail")}
elif _mail_backend.endswith("smtp.EmailBackend"):
    _mail_options = {
        "host": os.environ.get("MOTCUA_EMAIL_HOST", "localhost"),
        "port": int(os.environ.get("MOTCUA_EMAIL_PORT", "25")),
        "username": os.environ.get("MOTCUA_EMAIL_HOST_USER", ""),
        "password": os.environ.get("MOTCUA_EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("MOTCUA_EMAIL_USE_TLS", False),
        "timeout": 20,
    }
MAILERS = {"default": {"BACKEND": _mail_backend, "OPTIONS": _mail_options}}
DEFAULT_FROM_EMAIL = os.environ.get("MOTCUA_DEFAULT_FROM_EMAIL", "motcua@localhost")
SMS_BACKEND = os.environ.get("MOTCUA_SMS_BACKEND", "motcua.notifications.sms.LoggingBackend")
SMS_GATEWAY_URL = os.environ.get("MOTCUA_SMS_GATEWAY_URL", "")
SMS_GATEWAY_TOKEN = os.environ.get("MOTCUA_SMS_GATEWAY_TOKEN", "")

SIGNING_KEY_FILE = os.environ.get("MOTCUA_SIGNING_KEY_FILE", "")
SIGNING_CERT_FILE = os.environ.get("MOTCUA_SIGNING_CERT_FILE", "")
PAYMENT_PROVIDER = os.environ.get("MOTCUA_PAYMENT_PROVIDER", "motcua.payments.providers.Sandbox")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "motcua.api.auth.ApiKeyAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "motcua.api.errors.problem_exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "motcua API",
    "DESCRIPTION": "Public REST API of the motcua electronic one-stop shop.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI from the sidecar package, served locally: centres often run on closed networks.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("MOTCUA_LOG_LEVEL", "INFO")},
}

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("MOTCUA_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
