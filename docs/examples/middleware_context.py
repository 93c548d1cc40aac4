import contextvars
import logging
import time
from collections.abc import Iterator

from trestle import App, Request, Response, StreamingResponse

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
log = logging.getLogger("myapp")


class RequestContext:
    """Tags everything a request does with its id, and times it."""

    def before_request(self, request: Request) -> None:
        request.state.started = time.perf_counter()
        request_id.set(request.id)

    def after_request(self, request: Request, response: Response) -> None:
        response.headers["X-Request-ID"] = request_id.get()

    def teardown(self, request: Request, error: BaseException | None) -> None:
        elapsed = time.perf_counter() - request.state.started
        log.info(
            "%s %s done in %.1f ms [%s]",
            request.method,
            request.path,
            elapsed * 1000,
            request_id.get(),
        )


app = App(middleware=[RequestContext()])


@app.get("/report")
def report() -> StreamingResponse:
    def lines() -> Iterator[str]:
        for n in range(3):
            # The body is produced after after_request has run, yet the contextvar is still set.
            yield f"line {n} of request {request_id.get()}\n"

    return StreamingResponse(lines(), media_type="text/plain; charset=utf-8")
