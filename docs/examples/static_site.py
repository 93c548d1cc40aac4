from pathlib import Path

from trestle import App, Request
from trestle.staticfiles import StaticFiles
from trestle.templating import Templates, render

HERE = Path(__file__).parent

app = App({"DEBUG": True})
Templates(app, directory=HERE / "templates")
StaticFiles(app, [HERE / "static"])


@app.get("/")
def home(request: Request):
    return render(request, "home.html")
