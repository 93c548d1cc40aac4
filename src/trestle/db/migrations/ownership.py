"""Which installed app owns which table: the basis for writing migrations per app.

A model's table belongs to the app its module belongs to (the registry knows: a package
``mysite.blog`` labelled ``news`` owns ``mysite.blog.models``). A table without a model (an
association table made with ``Table(...)``) belongs to the app its ``info["app_label"]``
names, else to the app whose label starts its name (``blog_post_tags`` -> ``blog``). A table
found only in the database (its model was deleted) is matched by that name prefix too.
Tables no installed app owns are left alone: the database may hold other things.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import MetaData, Table

from trestle.db.migrations.project import AppConfigLike
from trestle.db.model import Model


class Ownership:
    """Tables by app label, for the installed apps."""

    def __init__(self, apps: Sequence[AppConfigLike], metadata: MetaData | None = None) -> None:
        self.apps = {config.label: config for config in apps}
        self.metadata = metadata if metadata is not None else Model.metadata
        by_module = sorted(apps, key=lambda config: len(config.name), reverse=True)
        self.owner_of: dict[str, str] = {}
        mapped_tables: set[str] = set()
        for mapper in Model.registry.mappers:
            table = mapper.local_table
            if not isinstance(table, Table) or self.metadata.tables.get(table.key) is not table:
                continue  # not one of ours, or a table taken out of the metadata
            mapped_tables.add(table.name)
            module = mapper.class_.__module__
            for config in by_module:
                if module == config.name or module.startswith(config.name + "."):
                    self.owner_of[table.name] = config.label
                    break
        for table in self.metadata.tables.values():
            if table.name in mapped_tables:
                continue
            label = table.info.get("app_label")
            owner = label if label in self.apps else self.owner_by_name(table.name)
            if owner is not None:
                self.owner_of[table.name] = owner

    def owner_by_name(self, table_name: str) -> str | None:
        """The installed app whose label (the longest that fits) prefixes ``table_name``."""
        best: str | None = None
        for label in self.apps:
            if table_name.startswith(label + "_") and (best is None or len(label) > len(best)):
                best = label
        return best

    def owner(self, table_name: str) -> str | None:
        """The app owning ``table_name`` (a model's table, or one left in the database)."""
        return self.owner_of.get(table_name) or (
            None if table_name in self.metadata.tables else self.owner_by_name(table_name)
        )

    def tables_of(self, label: str) -> list[Table]:
        """The model tables of one app, in dependency order."""
        return [t for t in self.metadata.sorted_tables if self.owner_of.get(t.name) == label]
