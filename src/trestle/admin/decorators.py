"""``@display`` and ``@action``: how a ModelAdmin method shows in a list, or acts on rows."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar, overload

F = TypeVar("F", bound=Callable[..., Any])

#: The permissions an action may require.
ACTION_PERMISSIONS = frozenset({"view", "add", "change", "delete"})


@overload
def display(function: F, /) -> F: ...


@overload
def display(
    *,
    description: str | None = None,
    ordering: str | None = None,
    boolean: bool = False,
    empty_value: str | None = None,
) -> Callable[[F], F]: ...


def display(
    function: F | None = None,
    /,
    *,
    description: str | None = None,
    ordering: str | None = None,
    boolean: bool = False,
    empty_value: str | None = None,
) -> Any:
    """Describe a list column made by a callable: its header, how it sorts, a yes/no icon.

    ::

        @admin.display(description="Words", ordering="length")
        def word_count(self, post): ...
    """

    def mark(target: F) -> F:
        if description is not None:
            target.short_description = description  # type: ignore[attr-defined]
        if ordering is not None:
            target.admin_order_field = ordering  # type: ignore[attr-defined]
        target.boolean = boolean  # type: ignore[attr-defined]
        if empty_value is not None:
            target.empty_value_display = empty_value  # type: ignore[attr-defined]
        return target

    return mark(function) if function is not None else mark


@overload
def action(function: F, /) -> F: ...


@overload
def action(
    *, description: str | None = None, permissions: Sequence[str] = ("change",)
) -> Callable[[F], F]: ...


def action(
    function: F | None = None,
    /,
    *,
    description: str | None = None,
    permissions: Sequence[str] = ("change",),
) -> Any:
    """Make a function a bulk action: ``def publish(model_admin, request, rows)``.

    ``permissions`` are those the user needs on the model to see and run it (``"change"``
    by default). The action runs in one transaction; it may return a response (a page, a
    download), or None to go back to the list.
    """

    def mark(target: F) -> F:
        unknown = set(permissions) - ACTION_PERMISSIONS
        if unknown:
            raise ValueError(
                f"action permissions are among {sorted(ACTION_PERMISSIONS)}, not {sorted(unknown)}"
            )
        target.short_description = (  # type: ignore[attr-defined]
            description or target.__name__.replace("_", " ").capitalize()
        )
        target.allowed_permissions = tuple(permissions)  # type: ignore[attr-defined]
        return target

    return mark(function) if function is not None else mark
