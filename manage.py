#!/usr/bin/env python
"""Django's manage.py; the same as the `motcua` console script."""

from motcua.cli import main

if __name__ == "__main__":
    main()
