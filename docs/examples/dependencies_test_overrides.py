import pytest
from weather import app, weather_service


@pytest.fixture
def client():
    app.dependency_overrides[weather_service] = lambda: "sunny"
    with app.test_client() as client:
        yield client
    app.dependency_overrides.clear()


def test_forecast(client):
    assert client.get("/forecast").json() == {"forecast": "sunny"}
