from trestle import App, Request, Settings
from trestle.mail import send_mail

settings = Settings(
    # Tests keep messages in memory; production says "smtp" with EMAIL_HOST and the rest,
    # and development with DEBUG prints them (the default when EMAIL_BACKEND is empty).
    EMAIL_BACKEND="memory",
    DEFAULT_FROM_EMAIL="Trestle Shop <shop@example.com>",
)
app = App(settings)


@app.post("/signup")
def signup(request: Request) -> dict[str, str]:
    address = request.form["email"]
    send_mail(
        "Welcome to the shop",
        f"Hello!\n\nYour account for {address} is ready.",
        None,  # DEFAULT_FROM_EMAIL
        [address],
        html=f"<p>Hello!</p><p>Your account for {address} is ready.</p>",
        app=request.app,
    )
    return {"sent_to": address}
