"""SCAFFOLD: placeholder views, replaced by the app's real ones."""

from trestle import Request


def docs(request: Request) -> object:
    return {"docs": "soon"}
