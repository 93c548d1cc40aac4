import trestle.sessions
from trestle import App, Request, Settings

# In a project these are lines of mysite/settings.py, with INSTALLED_APPS listing
# "trestle.sessions"; a one-file app passes them to Settings and calls install().
settings = Settings(
    SECRET_KEY="read-me-from-the-environment-in-production-0123456789",
    SESSION_ENGINE="redis",
    SESSION_REDIS_URL="redis://127.0.0.1:6379/0",
    SESSION_IDLE_TIMEOUT=30 * 60,  # 30 minutes without a request ends the session
    SESSION_ABSOLUTE_TIMEOUT=8 * 3600,  # and none lives longer than a working day
    SESSION_COOKIE_SECURE=True,
)
app = App(settings)
trestle.sessions.install(app)  # SessionMiddleware(app.settings), closed at shutdown


@app.get("/")
async def home(request: Request) -> dict[str, int]:
    # An async view: under ASGI the session was read in the thread pool before it ran.
    visits = request.session.get("visits", 0) + 1
    request.session["visits"] = visits
    return {"visits": visits}
