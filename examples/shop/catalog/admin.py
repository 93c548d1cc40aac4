"""Register the catalog app's models with the admin site here."""
