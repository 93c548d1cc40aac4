"""Routing: converters, patterns, the compiled router and URL configuration lists."""

from trestle.routing.converters import Converter as Converter
from trestle.routing.patterns import RouteError as RouteError
from trestle.routing.patterns import URLBuildError as URLBuildError
from trestle.routing.router import CompiledRouter as CompiledRouter
from trestle.routing.router import Router as Router
from trestle.routing.urlconf import include as include
from trestle.routing.urlconf import path as path
