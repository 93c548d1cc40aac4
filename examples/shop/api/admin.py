"""API tokens in the admin: staff see who holds which token, and revoke one by deleting it."""

from trestle import Request, admin

from .models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are made only on their owner's page, where the token is shown once: here they
    are read and deleted, never added or edited, and the digest is never shown."""

    list_display = ("prefix", "name", "user", "created_at", "last_used_at")
    search_fields = ("prefix", "name")
    ordering = ("-created_at",)
    fields = ("prefix", "name", "user", "created_at", "last_used_at")
    readonly_fields = ("prefix", "name", "user", "created_at", "last_used_at")

    def has_add_permission(self, request: Request) -> bool:
        """Nobody: a token made here would have no one to be shown to."""
        return False

    def has_change_permission(self, request: Request, row: object = None) -> bool:
        """Nobody: there is nothing about a token to change."""
        return False
