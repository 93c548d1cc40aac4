def test_form_fields(client):
    data = {"email": "ada@example.com", "age": "36", "interests": ["maths", "looms"]}
    assert client.post("/signup", data=data).json() == {
        "email": "ada@example.com",
        "age": 36,
        "interests": ["maths", "looms"],
        "newsletter": False,
    }
    response = client.post("/signup", data={"email": "nope", "age": "9"})
    assert [(e["in"], e["name"]) for e in response.json()["errors"]] == [
        ("form", "email"),
        ("form", "age"),
    ]


def test_uploads(client):
    files = {"image": ("me.png", b"\x89PNG...", "image/png")}
    response = client.post("/avatar", data={"user": "ada"}, files=files)
    assert response.json() == {"user": "ada", "filename": "me.png", "size": 7}
    missing = client.post("/avatar", data={"user": "ada"})
    assert missing.json()["errors"][0]["loc"] == ["file", "image"]
