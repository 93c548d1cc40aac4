from trestle import App, Request

app = App()


@app.route("/notes/", methods=["GET", "POST"])
def notes(request: Request) -> object:
    if request.method == "POST":
        return {"created": True}, 201
    return ["Buy milk", "Write docs"]  # HEAD runs this view too, and sends no body
