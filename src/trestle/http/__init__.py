"""The HTTP layer: requests, responses, headers, cookies, forms. It knows no app and no settings."""

from trestle.http.exceptions import HTTPException as HTTPException
from trestle.http.exceptions import abort as abort
from trestle.http.files import FileResponse as FileResponse
from trestle.http.headers import Headers as Headers
from trestle.http.headers import MutableHeaders as MutableHeaders
from trestle.http.multidict import MultiDict as MultiDict
from trestle.http.request import Request as Request
from trestle.http.response import HTMLResponse as HTMLResponse
from trestle.http.response import JSONResponse as JSONResponse
from trestle.http.response import PlainTextResponse as PlainTextResponse
from trestle.http.response import RedirectResponse as RedirectResponse
from trestle.http.response import Response as Response
from trestle.http.response import StreamingResponse as StreamingResponse
