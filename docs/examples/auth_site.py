import trestle.security
import trestle.sessions
from trestle import App, Request, Settings
from trestle.auth import Auth, login_required, permission_required
from trestle.auth.models import User
from trestle.db import Database
from trestle.templating import Templates

settings = Settings(
    SECRET_KEY="read-me-from-the-environment-in-production-0123456789",
    ALLOWED_HOSTS=["testserver"],
    DATABASE_URL="sqlite://",  # in memory, for this example
    EMAIL_BACKEND="memory",  # keep sent mail in a list, for this example
)
app = App(settings)
Templates(app)
database = Database(app)
trestle.sessions.install(app)  # logins live in the session...
trestle.security.install(app)  # ...and forms carry CSRF tokens
auth = Auth.install(app)  # request.user, and the pages under /accounts/
database.create_all()  # a project runs `trestle migrate` instead

with database.session() as session:  # a project runs `trestle createsuperuser` instead
    password = auth.hasher.hash("correct-horse-battery")
    session.add(User(username="ada", email="ada@example.com", password=password))
    session.commit()


@app.get("/")
def home(request: Request) -> str:
    if request.user.is_authenticated:
        return f"Hello, {request.user.username}."
    return "Hello, stranger."


@app.get("/account")
@login_required
def account(request: Request) -> dict[str, object]:
    user = request.user
    return {"username": user.username, "two_factor": user.has_two_factor}


@app.get("/reports")
@permission_required("auth.view_user")
def reports() -> str:
    return "Only users with auth.view_user see this."
