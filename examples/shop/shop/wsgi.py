"""The WSGI entry point of shop, for WSGI servers.

    gunicorn shop.wsgi:application
    granian --interface wsgi shop.wsgi:application

`python manage.py serve` does the same with tuned defaults.
"""

import os

from trestle.apps import build_app

os.environ.setdefault("TRESTLE_SETTINGS_MODULE", "shop.settings")

application = build_app()
