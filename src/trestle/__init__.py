"""Trestle: a batteries-included Python web framework.

The public API, kept small on purpose (tests/test_public_api.py guards it)::

    from trestle import App, Request, Response, abort, path, include
"""

from trestle.app import App as App
from trestle.conf.settings import Settings as Settings
from trestle.http.exceptions import HTTPException as HTTPException
from trestle.http.exceptions import abort as abort
from trestle.http.files import FileResponse as FileResponse
from trestle.http.request import Request as Request
from trestle.http.response import HTMLResponse as HTMLResponse
from trestle.http.response import JSONResponse as JSONResponse
from trestle.http.response import PlainTextResponse as PlainTextResponse
from trestle.http.response import RedirectResponse as RedirectResponse
from trestle.http.response import Response as Response
from trestle.http.response import StreamingResponse as StreamingResponse
from trestle.routing.converters import Converter as Converter
from trestle.routing.urlconf import include as include
from trestle.routing.urlconf import path as path
from trestle.views import View as View

__version__ = "0.1.0.dev0"
