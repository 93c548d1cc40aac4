"""Register the cart app's models with the admin site here."""
