"""Templates (Jinja2): a search path per project, ``render()``, globals and context processors.

::

    from trestle.templating import Templates, render

    templates = Templates(app, directory="templates")

    @app.get("/")
    def home(request):
        return render(request, "home.html", {"title": "Welcome"})
"""

from trestle.templating.environment import RenderedTemplate as RenderedTemplate
from trestle.templating.environment import Templates as Templates
from trestle.templating.response import TemplateResponse as TemplateResponse
from trestle.templating.response import render as render
from trestle.templating.response import render_async as render_async

__all__ = ["RenderedTemplate", "TemplateResponse", "Templates", "render", "render_async"]
