#!/usr/bin/env python
"""The command line of corner: `python manage.py --help` lists the commands."""

import os
import sys


def main() -> None:
    """Run a Trestle command with this project's settings."""
    os.environ.setdefault("TRESTLE_SETTINGS_MODULE", "corner.settings")
    try:
        from trestle.cli import main as trestle
    except ImportError:
        sys.exit(
            "Trestle is not installed in this Python. Activate the project's virtual "
            "environment, or install it: pip install -r requirements.txt"
        )
    trestle(prog_name="manage.py")


if __name__ == "__main__":
    main()
