#!/usr/bin/env python
"""Django's command-line utility for the Contained site."""

import os
import sys


def main() -> None:
    if sys.version_info < (3, 12):  # noqa: UP036 (manage.py may be run by an older python3)
        sys.exit(
            f"Contained needs Python 3.12 or newer (this is {sys.version.split()[0]}). "
            "Run `make setup`, which creates .venv with the Python named in .python-version."
        )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
