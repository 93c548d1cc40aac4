"""HTTP APIs: OpenAPI 3.1 with interactive docs, CORS, API authentication, resources.

A battery: nothing here is imported by ``import trestle``. Import what you use::

    from trestle.api import OpenAPI, CORSMiddleware, HTTPBearer, Resource
"""

from trestle.api.cors import CORSMiddleware as CORSMiddleware
from trestle.api.docs import OpenAPI as OpenAPI
from trestle.api.docs import openapi_urls as openapi_urls
from trestle.api.resources import Resource as Resource
from trestle.api.resources import resource_urls as resource_urls
from trestle.api.security import APIKeyCookie as APIKeyCookie
from trestle.api.security import APIKeyHeader as APIKeyHeader
from trestle.api.security import APIKeyQuery as APIKeyQuery
from trestle.api.security import HTTPBearer as HTTPBearer
from trestle.api.security import secret_equals as secret_equals
