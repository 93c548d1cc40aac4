def test_mounted_under_a_prefix(client):
    document = client.get("/api/openapi.json").json()
    assert list(document["paths"]) == ["/ping"]
    assert document["paths"]["/ping"]["get"]["operationId"] == "ping"
    page = client.get("/api/docs").text
    assert 'data-openapi-url="/api/openapi.json"' in page
