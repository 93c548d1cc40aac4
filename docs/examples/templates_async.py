import asyncio
from pathlib import Path

from trestle import App, Request
from trestle.templating import Templates, render_async

app = App()
templates = Templates(app, directory=Path(__file__).parent / "templates")


async def count(table: str) -> int:
    await asyncio.sleep(0)  # a query to an async database, say
    return {"posts": 2, "comments": 5}[table]


templates.add_global("await_count", count)


@app.get("/stats")
async def stats(request: Request):
    return await render_async(request, "blog/stats.html")
