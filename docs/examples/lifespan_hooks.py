import asyncio

from trestle import App

events: list[str] = []


class Database:
    """Stands in for a real connection pool."""

    def __init__(self) -> None:
        self.connected = False

    async def connect(self) -> None:
        await asyncio.sleep(0)
        self.connected = True
        events.append("database connected")

    async def disconnect(self) -> None:
        await asyncio.sleep(0)
        self.connected = False
        events.append("database disconnected")


db = Database()
app = App()


@app.on_startup
async def open_database() -> None:
    await db.connect()


@app.on_startup
def load_settings_cache() -> None:
    events.append("cache loaded")


@app.on_shutdown
def drop_settings_cache() -> None:
    events.append("cache dropped")


@app.on_shutdown
async def close_database() -> None:
    await db.disconnect()


@app.get("/health")
def health() -> dict[str, bool]:
    return {"database": db.connected}
