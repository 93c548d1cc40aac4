from datetime import date

from trestle import App, Converter


class DateConverter(Converter):
    """An ISO date such as 2024-02-29, given to the view as a datetime.date."""

    regex = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"

    def to_python(self, value: str) -> date:
        return date.fromisoformat(value)  # ValueError for 2024-02-30: a 404

    def to_url(self, value: date) -> str:
        return value.isoformat()


app = App()
app.register_converter("date", DateConverter)


@app.get("/diary/<date:day>")
def diary(day: date) -> dict[str, str]:
    return {"day": day.isoformat(), "weekday": day.strftime("%A")}
