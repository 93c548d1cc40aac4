"""Register the api app's models with the admin site here."""
