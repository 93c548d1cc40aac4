"""The ASGI entry point of shop, for ASGI servers.

    uvicorn shop.asgi:application
    granian --interface asgi shop.asgi:application

`python manage.py serve --interface asgi` does the same with tuned defaults.
"""

import os

from trestle.apps import build_app

os.environ.setdefault("TRESTLE_SETTINGS_MODULE", "shop.settings")

application = build_app()
