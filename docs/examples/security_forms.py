from html import escape

import trestle.security
import trestle.sessions
from trestle import App, HTMLResponse, Request, Settings
from trestle.security import csrf_token

settings = Settings(
    SECRET_KEY="read-me-from-the-environment-in-production-0123456789",
    ALLOWED_HOSTS=["testserver", "example.com"],
)
app = App(settings)
trestle.security.install(app)  # hosts, HTTPS and headers, then CSRF
trestle.sessions.install(app)  # the CSRF secret lives in the session when there is one

comments: list[str] = []


@app.get("/comments")
def comment_form(request: Request) -> HTMLResponse:
    # In a template this line is just {{ csrf_input }}.
    token = f'<input type="hidden" name="csrf_token" value="{csrf_token(request)}">'
    items = "".join(f"<li>{escape(text)}</li>" for text in comments)
    return HTMLResponse(
        f'<ul>{items}</ul><form method="post">{token}<textarea name="text"></textarea>'
        "<button>Send</button></form>"
    )


@app.post("/comments")
def add_comment(request: Request) -> HTMLResponse:
    comments.append(request.form["text"])
    return HTMLResponse("<p>Thanks!</p>", 201)
