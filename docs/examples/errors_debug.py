from trestle import App

app = App({"DEBUG": True})  # development only: the error page shows source and variables


@app.get("/ratio/<int:a>/<int:b>")
def ratio(a: int, b: int) -> dict[str, float]:
    return {"ratio": a / b}
