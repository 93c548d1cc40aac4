from trestle import App, Request, include, path


def post_list() -> list[str]:
    return ["hello-world", "second-post"]


def post_detail(request: Request, slug: str) -> dict[str, str]:
    return {"slug": slug, "url": request.url_for("blog:detail", slug=slug)}


def post_comment(request: Request, slug: str) -> tuple[dict[str, str], int]:
    return {"slug": slug, "comment": request.form["text"]}, 201


blog_patterns = [
    path("", post_list, name="list"),
    path("<slug:slug>/", post_detail, name="detail"),
    path("<slug:slug>/comments/", post_comment, name="comment", methods=["POST"]),
]


def home(request: Request) -> dict[str, str]:
    return {
        "blog": request.url_for("blog:list"),
        "first_post": request.url_for("blog:detail", slug="hello-world"),
        "second_page": request.url_for("blog:list", page=2),
    }


urlpatterns = [
    path("", home, name="home"),
    path("blog/", include(blog_patterns, namespace="blog")),
]

app = App(urlpatterns=urlpatterns)
