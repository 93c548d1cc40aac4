import trestle.security
from trestle import App, HTMLResponse, Request, Settings
from trestle.security import csp_nonce

# What a production settings module sets (the defaults cover the rest).
settings = Settings(
    DEBUG=False,
    SECRET_KEY="read-me-from-the-environment-in-production-0123456789",
    ALLOWED_HOSTS=["example.com", ".example.com"],  # the domain and its subdomains
    TRUSTED_PROXIES=["10.0.0.0/8"],  # the load balancer, which terminates TLS
    SECURE_SSL_REDIRECT=True,
    SECURE_HSTS_SECONDS=31_536_000,
    SECURE_HSTS_INCLUDE_SUBDOMAINS=True,
    SESSION_COOKIE_SECURE=True,
    CSRF_COOKIE_SECURE=True,
    SECURE_CSP={
        "default-src": ["'self'"],
        "script-src": ["'self'", "'nonce'"],  # 'nonce' becomes this request's nonce
        "img-src": ["'self'", "https://images.example.com"],
        "frame-ancestors": ["'none'"],
    },
)
app = App(settings)
trestle.security.install(app)


@app.get("/")
def home(request: Request) -> HTMLResponse:
    # In a template: <script nonce="{{ csp_nonce }}">
    return HTMLResponse(f'<script nonce="{csp_nonce(request)}">console.log("hi")</script>')
