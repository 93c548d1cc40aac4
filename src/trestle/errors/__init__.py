"""Errors: turning exceptions into responses, the default error pages and the DEBUG page."""
