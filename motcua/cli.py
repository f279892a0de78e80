"""The `motcua` console script: the project's manage.py.

Sub-commands may be written with hyphens (`motcua import-procedures`); they map onto Django
management commands with underscores (`import_procedures`).
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Run a management command."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else argv)
    if len(args) > 1 and not args[1].startswith("-"):
        args[1] = args[1].replace("-", "_")
    args[0] = "motcua"
    execute_from_command_line(args)


if __name__ == "__main__":
    main()
