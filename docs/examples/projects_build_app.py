from trestle import Request, Settings
from trestle.apps import build_app

# What wsgi.py does with the settings module; here, a Settings object made in code.
settings = Settings({"DEBUG": True, "INSTALLED_APPS": [], "SITE_NAME": "Field notes"})
app = build_app(settings)


@app.get("/")
def home(request: Request) -> dict[str, object]:
    apps = request.app.extensions["apps"]  # the app registry
    return {
        "site": request.app.settings.SITE_NAME,
        "apps": [config.label for config in apps.get_app_configs()],
    }
