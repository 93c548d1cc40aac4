from trestle import App, Request

app = App()


@app.get("/inspect/<path:rest>")
def inspect_request(request: Request, rest: str) -> dict[str, object]:
    return {
        "method": request.method,
        "path": request.path,
        "path_params": request.path_params,
        "query_string": request.query_string,
        "page": request.query.get("page"),
        "tags": request.query.getlist("tag"),
        "user_agent": request.headers.get("user-agent"),
        "theme": request.cookies.get("theme", "light"),
        "url": request.url,
        "scheme": request.scheme,
        "host": request.host,
        "client_host": request.client[0] if request.client else None,
    }
