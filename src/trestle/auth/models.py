"""The models of trestle.auth: users, groups and permissions.

``User`` is the default user model. A project that needs other fields swaps it: it defines
its own model on :class:`AbstractUser` (all of User's fields and behaviour) in one of its
apps and names it in ``AUTH_USER_MODEL = "accounts.Member"``. The default ``auth_user``
table is still created by the auth app's migrations, and stays empty.

Permissions are rows named ``<app label>.<codename>`` (``"blog.add_post"``): ``migrate``
creates ``view``, ``add``, ``change`` and ``delete`` for every model, plus those a model
lists in ``__permissions__`` (see :mod:`trestle.auth.permissions`). A user has a permission
given to them directly or to one of their groups; an active superuser has them all.

Two-factor state lives on the user row, so a swapped model carries it too: the TOTP secret,
the last time step used (for replay protection), and the digests of the unused recovery
codes. Both single-use checks are compare-and-swap UPDATEs, atomic across workers.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Double,
    ForeignKey,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
    true,
)
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from trestle.db import Model

__all__ = [
    "AbstractBaseUser",
    "AbstractUser",
    "AnonymousUser",
    "Group",
    "LoginAttempt",
    "Permission",
    "PermissionsMixin",
    "User",
]


def utcnow() -> datetime:
    """The current time, timezone-aware (UTC)."""
    return datetime.now(UTC)


class Permission(Model):
    """A thing a user may do: ``app_label.codename`` (``blog.publish_post``)."""

    __tablename__ = "auth_permission"
    __table_args__ = (UniqueConstraint("app_label", "codename"),)

    #: The app the permission belongs to (``blog``).
    app_label: Mapped[str] = mapped_column(String(100))
    #: The name code checks (``add_post``).
    codename: Mapped[str] = mapped_column(String(100))
    #: A sentence for people (``Can add post``).
    name: Mapped[str] = mapped_column(String(255))
    #: The model it is about (``post``); empty for permissions of no one model.
    model: Mapped[str] = mapped_column(String(100), default="")

    @property
    def full_name(self) -> str:
        """``app_label.codename``: what ``has_perm`` is asked for."""
        return f"{self.app_label}.{self.codename}"

    def __str__(self) -> str:
        return self.full_name


group_permissions = Table(
    "auth_group_permissions",
    Model.metadata,
    Column("group_id", ForeignKey("auth_group.id", ondelete="CASCADE"), primary_key=True),
    Column("permission_id", ForeignKey("auth_permission.id", ondelete="CASCADE"), primary_key=True),
    info={"app_label": "auth"},
)


class Group(Model):
    """A named set of permissions given to its members together (``editors``)."""

    __tablename__ = "auth_group"

    name: Mapped[str] = mapped_column(String(150), unique=True)
    permissions: Mapped[list[Permission]] = relationship(
        secondary=group_permissions, lazy="selectin"
    )

    def __str__(self) -> str:
        return self.name


class AbstractBaseUser(Model):
    """The least a user model has: a password, activity, and the last login."""

    __abstract__ = True

    #: The field people log in with.
    USERNAME_FIELD: ClassVar[str] = "username"
    #: The field password-reset mail goes to.
    EMAIL_FIELD: ClassVar[str] = "email"
    #: Fields ``createsuperuser`` asks for besides the username and password.
    REQUIRED_FIELDS: ClassVar[tuple[str, ...]] = ("email",)

    #: The argon2id hash (see :mod:`trestle.auth.hashers`), or ``!...`` for no password.
    password: Mapped[str] = mapped_column(String(255), default="")
    is_active: Mapped[bool] = mapped_column(default=True, server_default=true())
    last_login: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)

    #: The TOTP secret (base32) once two-factor login is on; None when it is off.
    totp_secret: Mapped[str | None] = mapped_column(String(64), default=None)
    #: The time step of the last accepted TOTP code: older or equal ones are refused.
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger, default=None)
    #: The SHA-256 digests of the unused recovery codes, space-separated.
    recovery_codes: Mapped[str] = mapped_column(Text, default="")

    is_authenticated: ClassVar[bool] = True
    is_anonymous: ClassVar[bool] = False

    @property
    def pk(self) -> Any:
        """The primary key's value, whatever the key column is called."""
        return getattr(self, primary_key_attribute(type(self)))

    def get_username(self) -> str:
        """The value of the field people log in with."""
        return str(getattr(self, self.USERNAME_FIELD))

    def get_email(self) -> str:
        """Where password-reset mail goes (``""`` when there is none)."""
        return str(getattr(self, self.EMAIL_FIELD, "") or "")

    @property
    def has_two_factor(self) -> bool:
        """Whether logging in also needs a TOTP (or recovery) code."""
        return bool(self.totp_secret)

    @property
    def recovery_codes_left(self) -> int:
        """How many unused recovery codes the user has."""
        return len(self.recovery_codes.split()) if self.recovery_codes else 0

    # Permissions: a user model without PermissionsMixin has none, except superusers.
    def get_all_permissions(self) -> frozenset[str]:
        """Every permission the user has (``{"blog.add_post", ...}``)."""
        return frozenset()

    def has_perm(self, perm: str) -> bool:
        """Whether the user may do ``perm`` (``"blog.add_post"``)."""
        if not self.is_active:
            return False
        if getattr(self, "is_superuser", False):
            return True
        return perm in self.get_all_permissions()

    def has_perms(self, perms: Any) -> bool:
        """Whether the user has every permission in ``perms``."""
        return all(self.has_perm(perm) for perm in perms)

    def has_module_perms(self, app_label: str) -> bool:
        """Whether the user has any permission in the app ``app_label``."""
        if not self.is_active:
            return False
        if getattr(self, "is_superuser", False):
            return True
        prefix = app_label + "."
        return any(perm.startswith(prefix) for perm in self.get_all_permissions())

    def __str__(self) -> str:
        try:
            return self.get_username()
        except AttributeError:
            return super().__str__()


class PermissionsMixin:
    """``is_superuser``, groups and per-user permissions, with their link tables.

    The link tables are named after the user table (``auth_user_groups``,
    ``auth_user_permissions``), so a swapped user model gets its own.
    """

    is_superuser: Mapped[bool] = mapped_column(default=False, server_default=false())

    #: Filled by :func:`trestle.auth.permissions.load_permissions` (once per request).
    _permission_cache: frozenset[str] | None = None

    @declared_attr
    def groups(cls) -> Mapped[list[Group]]:
        """The groups the user belongs to."""
        return relationship(Group, secondary=_link_table(cls, "groups", "group", Group))

    @declared_attr
    def user_permissions(cls) -> Mapped[list[Permission]]:
        """Permissions given to this user directly (not through a group)."""
        return relationship(
            Permission, secondary=_link_table(cls, "permissions", "permission", Permission)
        )

    def get_all_permissions(self) -> frozenset[str]:
        """Every permission the user has, directly or through a group (loaded once)."""
        cache = self._permission_cache
        if cache is None:
            from sqlalchemy.orm import object_session

            from trestle.auth.permissions import load_permissions

            session = object_session(self)
            if session is None:
                raise RuntimeError(
                    "this user is not attached to a database session: load its permissions "
                    "with trestle.auth.permissions.load_permissions(session, user) "
                    "(or `await aload_permissions(session, user)` in async code)"
                )
            cache = load_permissions(session, self)
        return cache


def primary_key_attribute(model: type[Any]) -> str:
    """The attribute name of a model's (single-column) primary key."""
    name: str | None = model.__dict__.get("_trestle_pk_attribute")
    if name is None:
        from sqlalchemy import inspect

        mapper = inspect(model)
        name = mapper.get_property_by_column(mapper.primary_key[0]).key
        model._trestle_pk_attribute = name
    return name


def _link_table(cls: Any, suffix: str, other: str, model: type[Model]) -> Table:
    user_table = cls.__tablename__
    name = f"{user_table}_{suffix}"
    metadata = Model.metadata
    if name in metadata.tables:
        return metadata.tables[name]
    return Table(
        name,
        metadata,
        Column("user_id", ForeignKey(f"{user_table}.id", ondelete="CASCADE"), primary_key=True),
        Column(
            f"{other}_id",
            ForeignKey(f"{model.__tablename__}.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        info={"app_label": cls.__app_label__},
    )


class AbstractUser(PermissionsMixin, AbstractBaseUser):
    """Everything the default User has; subclass it for a user model of your own."""

    __abstract__ = True

    username: Mapped[str] = mapped_column(String(150), unique=True)
    email: Mapped[str] = mapped_column(String(254), default="", index=True)
    is_staff: Mapped[bool] = mapped_column(default=False, server_default=false())
    date_joined: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class User(AbstractUser):
    """The default user model (table ``auth_user``)."""

    __tablename__ = "auth_user"


class LoginAttempt(Model):
    """A login-throttle counter (``LOGIN_THROTTLE_STORE = "database"``): one row per key."""

    __tablename__ = "auth_login_attempt"

    #: ``account:<digest>`` or ``ip:<digest>`` (see :mod:`trestle.auth.throttling`).
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    #: Seconds since the epoch until which the key is locked (0: not locked).
    locked_until: Mapped[float] = mapped_column(Double, default=0.0)
    #: Seconds since the epoch after which the row is forgotten.
    expires_at: Mapped[float] = mapped_column(Double, index=True)


class AnonymousUser:
    """Who ``request.user`` is when nobody is logged in: no identity, no permissions."""

    __slots__ = ()

    pk = None
    id = None
    username = ""
    email = ""
    is_active = False
    is_staff = False
    is_superuser = False
    is_authenticated = False
    is_anonymous = True
    has_two_factor = False

    def get_username(self) -> str:
        """An anonymous user has no username."""
        return ""

    def get_all_permissions(self) -> frozenset[str]:
        """No permissions."""
        return frozenset()

    def has_perm(self, perm: str) -> bool:
        """Never."""
        return False

    def has_perms(self, perms: Any) -> bool:
        """Never (unless asked for nothing)."""
        return not list(perms)

    def has_module_perms(self, app_label: str) -> bool:
        """Never."""
        return False

    def __eq__(self, other: object) -> bool:
        return isinstance(other, AnonymousUser)

    def __hash__(self) -> int:
        return 1

    def __bool__(self) -> bool:
        # `if request.user:` reads as "if someone is logged in".
        return False

    def __str__(self) -> str:
        return "AnonymousUser"

    def __repr__(self) -> str:
        return "<AnonymousUser>"
