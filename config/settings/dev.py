"""Development settings: DEBUG on, console mail."""

from config.settings.base import *  # noqa: F403

DEBUG = True
