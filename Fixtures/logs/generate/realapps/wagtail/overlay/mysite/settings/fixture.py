# QueryLens fixture settings, layered on the `wagtail start` project's dev settings.
# Driven by environment variables set by generate.sh:
#   QL_DB=postgres|sqlite   QL_PG_PORT   QL_CONN_MAX_AGE=0|none   QL_SQLITE_PATH
#   QL_DJANGO_LOG (django.db.backends + django.server log file)
#   QL_ZEAL_LOG   (zeal / nplusone findings, one line per alert, with the request URL)
import logging
import os

from .dev import *  # noqa: F401,F403

DEBUG = True

if os.environ.get("QL_DB", "postgres") == "postgres":
    _age = os.environ.get("QL_CONN_MAX_AGE", "0")
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": os.environ.get("QL_PG_DB", "wagtail"),
            "USER": "postgres",
            "HOST": "127.0.0.1",
            "PORT": os.environ.get("QL_PG_PORT", "55493"),
            "CONN_MAX_AGE": None if _age == "none" else int(_age),
        }
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("QL_SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),  # noqa: F405
        }
    }

INSTALLED_APPS = INSTALLED_APPS + ["zeal", "nplusone.ext.django"]  # noqa: F405

# Outermost: records the URL for the detectors' log lines. Then zeal, then nplusone.
MIDDLEWARE = [
    "mysite.detector_log.request_url_middleware",
    "zeal.middleware.zeal_middleware",
    "nplusone.ext.django.NPlusOneMiddleware",
] + MIDDLEWARE  # noqa: F405

ZEAL_ENABLE = True
ZEAL_RAISE = False

NPLUSONE_LOGGER = logging.getLogger("nplusone")
NPLUSONE_LOG_LEVEL = logging.WARNING
NPLUSONE_RAISE = False

_handlers = {}
_loggers = {}
if os.environ.get("QL_DJANGO_LOG"):
    _handlers["djangofile"] = {
        "class": "logging.FileHandler",
        "filename": os.environ["QL_DJANGO_LOG"],
        "formatter": "ql",
    }
    _loggers["django.db.backends"] = {"handlers": ["djangofile"], "level": "DEBUG", "propagate": False}
    _loggers["django.server"] = {"handlers": ["djangofile"], "level": "INFO", "propagate": False}
if os.environ.get("QL_ZEAL_LOG"):
    _handlers["zealfile"] = {
        "class": "logging.FileHandler",
        "filename": os.environ["QL_ZEAL_LOG"],
        "formatter": "ql",
    }
    _loggers["ql.detectors"] = {"handlers": ["zealfile"], "level": "INFO", "propagate": False}
    _loggers["nplusone"] = {"handlers": ["zealfile"], "level": "INFO", "propagate": False}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "ql": {"format": "%(asctime)s [%(process)d:%(thread)d] %(name)s %(levelname)s: %(message)s"},
    },
    "handlers": _handlers,
    "loggers": _loggers,
}

if os.environ.get("QL_MEDIA_ROOT"):
    MEDIA_ROOT = os.environ["QL_MEDIA_ROOT"]

# populate.py submits pages to moderation; keep the notification mails off the console.
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
