"""Typed views: parameters from type hints, validation, dependencies and response models.

The markers (``Query``, ``Header``, ``Depends``...) are plain records, importable without
pydantic; the call plans (:class:`CallPlan`) are compiled with pydantic when the app is
built. See docs/typed-views.md and docs/dependencies.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from trestle.params.errors import (
    RequestValidationError as RequestValidationError,
)
from trestle.params.errors import (
    ResponseValidationError as ResponseValidationError,
)
from trestle.params.errors import (
    validation_error_body as validation_error_body,
)
from trestle.params.errors import (
    validation_error_schema as validation_error_schema,
)
from trestle.params.markers import Body as Body
from trestle.params.markers import Cookie as Cookie
from trestle.params.markers import Depends as Depends
from trestle.params.markers import File as File
from trestle.params.markers import Form as Form
from trestle.params.markers import Header as Header
from trestle.params.markers import Param as Param
from trestle.params.markers import Path as Path
from trestle.params.markers import Query as Query
from trestle.params.markers import SecurityScheme as SecurityScheme

if TYPE_CHECKING:
    from trestle.params.plan import CallPlan as CallPlan
    from trestle.params.plan import InputSpec as InputSpec


def __getattr__(name: str) -> Any:
    # CallPlan and InputSpec live with the compiler, which needs pydantic and dataclasses:
    # loaded when first asked for, not on `import trestle`.
    if name in ("CallPlan", "InputSpec", "compile_plan"):
        from trestle.params import plan

        return getattr(plan, name)
    raise AttributeError(f"module 'trestle.params' has no attribute {name!r}")
