from trestle import App, Request, Response, abort

calls: list[str] = []


class Recorder:
    """Writes down when each of its hooks runs."""

    def __init__(self, name: str) -> None:
        self.name = name

    def before_request(self, request: Request) -> None:
        calls.append(f"{self.name}.before_request")

    def after_request(self, request: Request, response: Response) -> None:
        calls.append(f"{self.name}.after_request")

    def teardown(self, request: Request, error: BaseException | None) -> None:
        calls.append(f"{self.name}.teardown")


class RequireToken:
    """Answers 401 at once, without running the view, when the token is missing."""

    def before_request(self, request: Request) -> None:
        if request.headers.get("authorization") != "Bearer s3cret":
            abort(401, "a bearer token is required", headers={"WWW-Authenticate": "Bearer"})


app = App(middleware=[Recorder("outer"), RequireToken()])
app.add_middleware(Recorder, name="inner")


@app.get("/")
def index() -> str:
    calls.append("view")
    return "Hello"
