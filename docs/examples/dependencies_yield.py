from collections.abc import Iterator
from typing import Annotated

from trestle import App, Depends, abort

app = App()
LOG: list[str] = []


class Session:
    """Stands in for a database session."""

    def __init__(self) -> None:
        self.pending: list[str] = []

    def add(self, thing: str) -> None:
        self.pending.append(thing)


def session() -> Iterator[Session]:
    db = Session()
    LOG.append("begin")
    try:
        yield db  # the view runs, and its response is sent, here
    except Exception as error:
        LOG.append(f"rollback ({error})")
        raise
    else:
        LOG.append(f"commit {db.pending}")
    finally:
        LOG.append("close")


DB = Annotated[Session, Depends(session)]


@app.post("/notes/<text>")
def add_note(text: str, db: DB) -> dict[str, str]:
    db.add(text)
    if text == "forbidden":
        abort(409, "not that one")
    LOG.append("view done")
    return {"added": text}
