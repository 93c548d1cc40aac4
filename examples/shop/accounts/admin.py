"""Register the accounts app's models with the admin site here."""
