# blog/apps.py
from trestle.apps import AppConfig
from trestle.apps.checks import Warning


class BlogConfig(AppConfig):
    label = "blog"  # the default: the last part of the module name
    verbose_name = "Field notes"

    def ready(self) -> None:
        # Every installed app and its models are imported by now.
        from blog import models

        self.post_model = models.Post

    def install(self, app) -> None:
        # Called once the settings, the middleware and the project's URLs are in place.
        @app.get("/blog/feed.xml", name="blog:feed")
        def feed() -> str:
            return "<feed/>"

    def checks(self, app, *, deploy: bool):
        if deploy and not app.settings.get("BLOG_CONTACT_EMAIL"):
            yield Warning(
                "blog.W001",
                "BLOG_CONTACT_EMAIL is not set: the feed has no contact",
                "set BLOG_CONTACT_EMAIL in settings.py",
            )
