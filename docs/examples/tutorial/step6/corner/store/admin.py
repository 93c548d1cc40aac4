"""Register the store app's models with the admin site here."""
