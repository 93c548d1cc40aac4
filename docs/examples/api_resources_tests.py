STAFF = {"Authorization": "Bearer staff-token"}


def test_the_routes_of_a_resource(client):
    created = client.post("/products", json={"name": "Teapot", "price_cents": 2500}, headers=STAFF)
    assert created.status_code == 201
    product_id = created.json()["id"]
    assert client.get(f"/products/{product_id}", headers=STAFF).json()["name"] == "Teapot"
    replaced = client.put(
        f"/products/{product_id}", json={"name": "Kettle", "price_cents": 4000}, headers=STAFF
    )
    assert replaced.json()["name"] == "Kettle"
    assert client.delete(f"/products/{product_id}", headers=STAFF).status_code == 204
    assert client.get(f"/products/{product_id}", headers=STAFF).status_code == 404
    assert client.patch(f"/products/{product_id}", headers=STAFF).status_code == 405


def test_every_method_runs_the_shared_dependencies(client):
    assert client.get("/products").status_code == 401
    assert client.get("/products", headers={"Authorization": "Bearer guest"}).status_code == 403


def test_named_routes(client):
    app = client.app
    assert app.url_for("products-list") == "/products"
    assert app.url_for("products-detail", id=7) == "/products/7"
