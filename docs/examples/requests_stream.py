import hashlib

from trestle import App, Request

app = App()


@app.put("/blobs/<name>")
def store_blob(request: Request, name: str) -> dict[str, object]:
    digest = hashlib.sha256()
    size = 0
    for chunk in request.stream():  # one chunk at a time, never the whole body in memory
        digest.update(chunk)
        size += len(chunk)
    return {"name": name, "size": size, "sha256": digest.hexdigest()}
