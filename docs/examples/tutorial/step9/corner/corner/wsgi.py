"""The WSGI entry point of corner, for WSGI servers.

    gunicorn corner.wsgi:application
    granian --interface wsgi corner.wsgi:application

`python manage.py serve` does the same with tuned defaults.
"""

import os

from trestle.apps import build_app

os.environ.setdefault("TRESTLE_SETTINGS_MODULE", "corner.settings")

application = build_app()
