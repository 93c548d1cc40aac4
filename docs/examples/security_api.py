import hashlib
import hmac

from trestle import App, Request, Settings, abort
from trestle.security import CSRFMiddleware, SecurityMiddleware, csrf_exempt

settings = Settings(
    SECRET_KEY="read-me-from-the-environment-in-production-0123456789",
    ALLOWED_HOSTS=["testserver"],
)
app = App(settings)
app.add_middleware(SecurityMiddleware(app.settings))
app.add_middleware(CSRFMiddleware(app.settings))

API_TOKENS = {"t-123": "ada"}
WEBHOOK_SECRET = b"shared-with-the-payment-provider"


@app.post("/api/notes")
def create_note(request: Request) -> dict[str, str]:
    # A browser never adds "Authorization: Bearer" by itself, so such calls need no
    # CSRF token: they cannot have been forged by another site.
    token = request.headers.get("authorization", "").removeprefix("Bearer ")
    user = API_TOKENS.get(token) or abort(401)
    return {"owner": user, "text": request.json["text"]}


@app.post("/webhooks/payments")
@csrf_exempt  # the provider signs its calls; it cannot send our CSRF token
def payment_webhook(request: Request) -> dict[str, bool]:
    expected = hmac.new(WEBHOOK_SECRET, request.body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, request.headers.get("x-signature", "")):
        abort(403)
    return {"received": True}
