"""Trestle: a batteries-included Python web framework.

The public API, kept small on purpose (tests/test_public_api.py guards it)::

    from trestle import App, Request, Response, abort, path, include
    from trestle import Query, Header, Cookie, Body, Form, File, Depends
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
from trestle.params.markers import Body as Body
from trestle.params.markers import Cookie as Cookie
from trestle.params.markers import Depends as Depends
from trestle.params.markers import File as File
from trestle.params.markers import Form as Form
from trestle.params.markers import Header as Header
from trestle.params.markers import Query as Query
from trestle.routing.converters import Converter as Converter
from trestle.routing.urlconf import include as include
from trestle.routing.urlconf import path as path
from trestle.views import View as View

__version__ = "0.1.0.dev0"
