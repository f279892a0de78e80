"""Settings of the intake benchmark's server: the app's settings plus a bare comparison view."""

from config.settings.base import *  # noqa: F403

ROOT_URLCONF = "bench.intake_urls"
DEBUG = False
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
