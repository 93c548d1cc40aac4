from trestle import App, Settings

settings = Settings(
    DEBUG=False,
    SECRET_KEY="read-me-from-the-environment-in-production",
    REQUEST_MAX_BODY_SIZE=2 * 1024 * 1024,
    TRUSTED_PROXIES=["10.0.0.0/8"],
    SHOP_CURRENCY="EUR",  # a setting of your own: any upper-case name
)
app = App(settings)

assert app.settings.REQUEST_MAX_BODY_SIZE == 2_097_152
assert app.settings.REDIRECT_SLASHES is True  # a default
assert app.settings.SHOP_CURRENCY == "EUR"
assert app.settings.get("SHOP_COUNTRY", "NL") == "NL"

# A plain mapping works too; two apps with different settings can live side by side.
debug_app = App({"DEBUG": True})
assert debug_app.debug and not app.debug
