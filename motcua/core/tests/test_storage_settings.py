"""Stored files go to a local folder by default and to S3-compatible storage when configured."""

import os
import subprocess
import sys

SHOW_STORAGE = (
    "import django; django.setup(); "
    "from django.core.files.storage import default_storage as s; s._setup(); "
    "print(type(s._wrapped).__name__, getattr(s._wrapped, 'bucket_name', ''))"
)


def _storage_with(**overrides: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MOTCUA_S")}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.base", **overrides)
    result = subprocess.run(  # noqa: S603 (our own interpreter and a fixed script)
        [sys.executable, "-c", SHOW_STORAGE], env=env, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def test_s3_storage_is_configured_from_the_environment():
    out = _storage_with(
        MOTCUA_STORAGE_BACKEND="s3", MOTCUA_S3_BUCKET="hoso", MOTCUA_S3_ACCESS_KEY="k"
    )
    assert out == "S3Storage hoso"


def test_local_folder_is_the_default():
    assert _storage_with() == "FileSystemStorage"
