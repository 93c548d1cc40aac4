"""``dumpdata`` and ``loaddata``: rows as JSON, for fixtures, seeding and moving data.

The format is a list of records, one per row::

    [{"model": "blog.post", "pk": 1, "fields": {"title": "Hello", "author_id": 3}}]

``model`` is ``<app label>.<class name in lower case>``; ``fields`` holds every column but
the primary key, by attribute name. Dates and times are ISO 8601 text, decimals and UUIDs
text, bytes base64. Loading writes each row over the row with the same key (or adds it),
parents before children, all in one transaction: a file with an error loads nothing.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import decimal
import json
import uuid
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError, StatementError
from sqlalchemy.orm import Mapper

from trestle.db.config import DEFAULT
from trestle.db.migrations.ownership import Ownership
from trestle.db.migrations.project import AppsLike
from trestle.db.model import Model

if TYPE_CHECKING:
    from trestle.db.database import Database


class FixtureError(Exception):
    """Data that cannot be dumped or loaded; the message says which record and why."""


def model_label(mapper: Mapper[Any], owner: str) -> str:
    """``blog.post`` for the model Post of the app blog."""
    return f"{owner}.{mapper.class_.__name__.lower()}"


def installed_models(apps: AppsLike) -> dict[str, Mapper[Any]]:
    """Every model of the installed apps by its label, parents before children."""
    configs = list(apps.get_app_configs())
    ownership = Ownership(configs)
    order = {table.name: n for n, table in enumerate(ownership.metadata.sorted_tables)}
    found: list[tuple[int, str, Mapper[Any]]] = []
    for mapper in Model.registry.mappers:
        table = mapper.local_table
        owner = ownership.owner_of.get(str(getattr(table, "name", "")))
        current = ownership.metadata.tables.get(str(getattr(table, "key", "")))
        if owner is None or mapper.inherits is not None or current is not table:
            continue
        found.append(
            (order.get(str(getattr(table, "name", "")), 0), model_label(mapper, owner), mapper)
        )
    return {label: mapper for _, label, mapper in sorted(found, key=lambda item: item[:2])}


def dump_data(
    database: Database,
    apps: AppsLike,
    targets: Sequence[str] = (),
    *,
    database_name: str = DEFAULT,
) -> list[dict[str, Any]]:
    """The records of every installed model, or of the apps / models named in ``targets``."""
    models = installed_models(apps)
    chosen = _choose(models, targets)
    records: list[dict[str, Any]] = []
    with database.session(database_name) as session:
        for label in chosen:
            mapper = models[label]
            keys = _key_attributes(mapper)
            attributes = [attr for attr in mapper.column_attrs if attr.key not in keys]
            statement = select(mapper).order_by(*mapper.primary_key)
            for row in session.scalars(statement):
                pk_values = [_to_json(getattr(row, key)) for key in keys]
                records.append(
                    {
                        "model": label,
                        "pk": pk_values[0] if len(pk_values) == 1 else pk_values,
                        "fields": {
                            attr.key: _to_json(getattr(row, attr.key)) for attr in attributes
                        },
                    }
                )
            session.expunge_all()
    return records


def dumps(records: list[dict[str, Any]], indent: int | None = 2) -> str:
    """The records as JSON text."""
    return json.dumps(records, indent=indent, ensure_ascii=False) + "\n"


def load_data(
    database: Database,
    apps: AppsLike,
    sources: Iterable[str | Path],
    *,
    database_name: str = DEFAULT,
) -> int:
    """Load fixture files (or JSON text given as ``str``... paths only); the rows written."""
    models = installed_models(apps)
    records: list[tuple[str, int, dict[str, Any]]] = []
    for source in sources:
        path = Path(source)
        records.extend((str(path), n, record) for n, record in enumerate(_read(path)))
    order = {label: n for n, label in enumerate(models)}
    prepared = [_prepare(models, where, n, record) for where, n, record in records]
    prepared.sort(key=lambda item: order[item[0]])
    touched: set[str] = set()
    with database.session(database_name) as session:
        try:
            for label, key, values in prepared:
                mapper = models[label]
                row = session.get(mapper, key) if key is not None else None
                if row is None:
                    session.add(mapper.class_(**values))
                else:
                    for name, value in values.items():
                        setattr(row, name, value)
                touched.add(label)
            session.flush()
            _reset_sequences(session, [models[label] for label in touched])
            session.commit()
        except (DBAPIError, StatementError) as error:
            session.rollback()
            reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
            raise FixtureError(
                f"the database refused the data, nothing was loaded: {reason}"
            ) from None
    return len(prepared)


def _choose(models: dict[str, Mapper[Any]], targets: Sequence[str]) -> list[str]:
    if not targets:
        return list(models)
    chosen: list[str] = []
    apps = {label.split(".")[0] for label in models}
    for target in targets:
        wanted = target.strip().lower()
        if "." in wanted:
            if wanted not in models:
                raise FixtureError(_unknown_model(wanted, models))
            matches = [wanted]
        else:
            if wanted not in apps:
                known = ", ".join(sorted(apps)) or "none"
                raise FixtureError(f"no installed app {target!r} with models (apps: {known})")
            matches = [label for label in models if label.split(".")[0] == wanted]
        chosen.extend(label for label in matches if label not in chosen)
    return [label for label in models if label in chosen]  # keep dependency order


def _unknown_model(wanted: str, models: dict[str, Mapper[Any]]) -> str:
    import difflib

    close = difflib.get_close_matches(wanted, list(models), n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return f"no model {wanted!r}{hint} (models are named app.model, e.g. blog.post)"


def _read(path: Path) -> list[Any]:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise FixtureError(f"cannot read {path}: {error.strerror or error}") from None
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as error:
        raise FixtureError(f"{path} is not valid JSON: {error}") from None
    if not isinstance(data, list):
        raise FixtureError(
            f"{path}: a fixture is a JSON list of records, not {type(data).__name__}"
        )
    return data


def _prepare(
    models: dict[str, Mapper[Any]], where: str, n: int, record: Any
) -> tuple[str, Any, dict[str, Any]]:
    """``(model label, primary key or None, attribute values)`` for one record, checked."""
    at = f"{where}, record {n + 1}"
    if not isinstance(record, dict):
        raise FixtureError(f"{at}: a record is an object with model, pk and fields")
    label = record.get("model")
    if not isinstance(label, str):
        raise FixtureError(f'{at}: the record has no "model" (like "blog.post")')
    label = label.lower()
    if label not in models:
        raise FixtureError(f"{at}: {_unknown_model(label, models)}")
    mapper = models[label]
    fields = record.get("fields", {})
    if not isinstance(fields, dict):
        raise FixtureError(f'{at}: "fields" must be an object')
    columns = {attr.key: attr.columns[0] for attr in mapper.column_attrs}
    keys = _key_attributes(mapper)
    values: dict[str, Any] = {}
    for name, value in fields.items():
        column = columns.get(name)
        if column is None or name in keys:
            known = ", ".join(sorted(set(columns) - set(keys)))
            raise FixtureError(f"{at}: {label} has no field {name!r} (fields: {known})")
        values[name] = _from_json(column, value, f"{at}, field {name!r}")
    pk = record.get("pk")
    key: Any = None
    if pk is not None:
        pk_values = pk if isinstance(pk, list) else [pk]
        if len(pk_values) != len(keys):
            raise FixtureError(f"{at}: pk must have {len(keys)} value(s)")
        converted = [
            _from_json(columns[name], value, f"{at}, pk")
            for name, value in zip(keys, pk_values, strict=True)
        ]
        values.update(zip(keys, converted, strict=True))
        key = tuple(converted) if len(converted) > 1 else converted[0]
    return label, key, values


def _key_attributes(mapper: Mapper[Any]) -> list[str]:
    """The attribute names of the primary key columns."""
    return [mapper.get_property_by_column(column).key for column in mapper.primary_key]


def _to_json(value: Any) -> Any:
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, datetime.timedelta):
        return value.total_seconds()
    if hasattr(value, "value") and hasattr(value, "name"):  # an Enum member
        return value.name
    return value


def _from_json(column: Any, value: Any, at: str) -> Any:
    """A JSON value as the column's Python type; a FixtureError naming ``at`` if it is not."""
    if value is None:
        if not column.nullable and not column.primary_key:
            raise FixtureError(f"{at}: may not be null")
        return None
    try:
        python_type = column.type.python_type
    except NotImplementedError:
        return value
    try:
        return _convert(python_type, value, column)
    except (TypeError, ValueError, ArithmeticError, binascii.Error, KeyError):
        raise FixtureError(
            f"{at}: {json.dumps(value)[:60]} is not a valid {python_type.__name__}"
        ) from None


def _convert(python_type: type, value: Any, column: Any) -> Any:
    if python_type is bool:
        if isinstance(value, bool):
            return value
        raise TypeError
    if python_type is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError
        return value
    if python_type is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise TypeError
        return float(value)
    if python_type is str:
        if not isinstance(value, str):
            raise TypeError
        length = getattr(column.type, "length", None)
        if length is not None and len(value) > length:
            raise ValueError
        return value
    if python_type is decimal.Decimal:
        if isinstance(value, bool):
            raise TypeError
        return decimal.Decimal(str(value))
    if python_type in (datetime.datetime, datetime.date, datetime.time):
        if not isinstance(value, str):
            raise TypeError
        return python_type.fromisoformat(value)
    if python_type is datetime.timedelta:
        return datetime.timedelta(seconds=float(value))
    if python_type is uuid.UUID:
        return uuid.UUID(str(value))
    if python_type is bytes:
        return base64.b64decode(str(value), validate=True)
    enum_class = getattr(column.type, "enum_class", None)
    if enum_class is not None:
        return enum_class[value]
    if isinstance(value, python_type):
        return value
    return value if python_type in (dict, list) else python_type(value)


def _reset_sequences(session: Any, mappers: Sequence[Mapper[Any]]) -> None:
    """PostgreSQL: move each serial key's sequence past the rows just loaded."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for mapper in mappers:
        columns = list(mapper.primary_key)
        if len(columns) != 1 or not getattr(columns[0], "autoincrement", False):
            continue
        table, column = str(getattr(mapper.local_table, "name", "")), str(columns[0].name)
        session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence(:table, :column), "
                f'COALESCE(MAX("{column}"), 1), MAX("{column}") IS NOT NULL) FROM "{table}"'
            ),
            {"table": table, "column": column},
        )
