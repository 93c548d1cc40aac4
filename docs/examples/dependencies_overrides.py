from typing import Annotated

from trestle import App, Depends


def weather_service() -> str:
    raise RuntimeError("no network in tests")  # the real one calls an API


app = App()


@app.get("/forecast")
def forecast(service: Annotated[str, Depends(weather_service)]) -> dict[str, str]:
    return {"forecast": service}
