import asyncio
from collections.abc import AsyncIterator, Iterator

from trestle import App, StreamingResponse

app = App()


@app.get("/export.csv")
def export() -> StreamingResponse:
    def rows() -> Iterator[str]:
        yield "id,name\n"
        for id, name in enumerate(["Ada", "Grace", "Edsger"], start=1):
            yield f"{id},{name}\n"

    return StreamingResponse(
        rows(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="export.csv"'},
    )


@app.get("/countdown")
async def countdown() -> StreamingResponse:
    async def ticks() -> AsyncIterator[bytes]:
        for n in range(3, 0, -1):
            yield f"{n}\n".encode()
            await asyncio.sleep(0.01)
        yield b"liftoff\n"

    return StreamingResponse(ticks(), media_type="text/plain; charset=utf-8")
