from trestle import App, Request

app = App()


@app.get("/")
def index() -> str:
    return "<h1>Hello from Trestle</h1>"


@app.get("/hello/<name>")
def hello(request: Request, name: str) -> dict[str, str]:
    punctuation = "!" if "excited" in request.query else "."
    return {"greeting": f"Hello, {name}{punctuation}"}
