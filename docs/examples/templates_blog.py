from datetime import datetime
from pathlib import Path

from trestle import App, Request
from trestle.templating import Templates, render

app = App()
templates = Templates(app, directory=Path(__file__).parent / "templates")

POSTS = {
    "hello": {"slug": "hello", "title": "Hello, world", "words": 450, "body": "<b>Hi</b>"},
    "jinja": {"slug": "jinja", "title": "Templates & you", "words": 1300, "body": "..."},
}


def reading_time(words: int) -> str:
    return f"{max(1, round(words / 230))} min read"


templates.add_filter("reading_time", reading_time)
templates.add_test("night_owl", lambda name: datetime.now().hour < 5)
templates.add_global("site_name", "My blog")
templates.add_context_processor(lambda request: {"visitor": request.cookies.get("name", "")})


@app.get("/posts/")
def post_list(request: Request):
    return render(request, "blog/list.html", {"title": "Posts", "posts": POSTS.values()})


@app.get("/posts/<slug>")
def post_detail(request: Request, slug: str):
    post = POSTS.get(slug)
    if post is None:
        return render(request, "blog/list.html", {"title": "Not found", "posts": []}, status=404)
    return render(request, "blog/detail.html", {"title": post["title"], "body": post["body"]})


@app.get("/feed.xml")
def feed(request: Request):
    return render(request, "blog/feed.xml", {"posts": POSTS.values()})
