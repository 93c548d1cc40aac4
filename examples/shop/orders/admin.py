"""Register the orders app's models with the admin site here."""
