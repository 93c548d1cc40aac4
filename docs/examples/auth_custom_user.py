# accounts/models.py, with AUTH_USER_MODEL = "accounts.Member" in the settings
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from trestle.auth.models import AbstractUser


class Member(AbstractUser):
    """Everything User has (username, email, password...), and a display name."""

    __app_label__ = "accounts"  # (set by the accounts/ folder in a project)

    display_name: Mapped[str] = mapped_column(String(100), default="")
