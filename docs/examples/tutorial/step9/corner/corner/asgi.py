"""The ASGI entry point of corner, for ASGI servers.

    uvicorn corner.asgi:application
    granian --interface asgi corner.asgi:application

`python manage.py serve --interface asgi` does the same with tuned defaults.
"""

import os

from trestle.apps import build_app

os.environ.setdefault("TRESTLE_SETTINGS_MODULE", "corner.settings")

application = build_app()
