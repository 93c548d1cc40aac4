def test_the_best_type_for_each_client(client):
    assert client.get("/teas").json() == ["Sencha", "Assam", "Oolong"]  # no Accept: our first
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    assert client.get("/teas", headers={"Accept": browser}).text.startswith("<ul>")
    plain = client.get("/teas", headers={"Accept": "text/plain, application/json;q=0.5"})
    assert plain.text == "Sencha\nAssam\nOolong"
    assert plain.headers["vary"] == "Accept"
    refused = client.get("/teas", headers={"Accept": "image/png"})
    assert refused.status_code == 406


def test_accepts(client):
    assert client.get("/report").json() == {"csv_ok": True}
    assert client.get("/report", headers={"Accept": "text/*"}).json() == {"csv_ok": True}
    refused = client.get("/report", headers={"Accept": "text/*, text/csv;q=0"})
    assert refused.json() == {"csv_ok": False}
