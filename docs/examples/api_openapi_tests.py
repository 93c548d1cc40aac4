def test_the_document(client):
    document = client.get("/openapi.json").json()
    assert document["openapi"] == "3.1.0"
    assert document["info"]["title"] == "Tea shop"
    assert list(document["paths"]) == ["/teas", "/teas/{id}"]  # not /health, nor /docs
    listing = document["paths"]["/teas"]["get"]
    assert listing["summary"] == "List the teas."
    assert listing["description"] == "The most popular first."
    assert listing["operationId"] == "list_teas"
    (limit,) = listing["parameters"]
    assert limit["description"] == "How many to return"
    assert limit["schema"] == {
        "type": "integer",
        "minimum": 1,
        "maximum": 100,
        "description": "How many to return",
        "default": 20,
    }
    created = document["paths"]["/teas"]["post"]["responses"]["201"]
    assert created["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Tea"}
    assert document["paths"]["/teas/{id}"]["get"]["responses"]["404"] == {
        "description": "No tea has this id"
    }


def test_the_docs_page(client):
    page = client.get("/docs")
    assert page.status_code == 200
    assert 'data-openapi-url="/openapi.json"' in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
