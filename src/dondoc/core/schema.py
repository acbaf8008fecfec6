"""Schema changes Django's own migration operations make too dearly (used by migrations).

`IndexDropped`: a foreign key's own index dropped, its field now `db_index=False`, where
another index of the table leads with its column (tests/core/test_indexes.py). Django's
AlterField would drop and add back the foreign key itself (PostgreSQL then checks it again
over the whole table, under a lock that stops every write to it: minutes at a province's
million records) and, on SQLite, rebuild the table, which drops the triggers migrations put
on it (registry 0016: a child row's province follows its parent's). The index alone is what
changes: DROP INDEX by its name (a partitioned table's drops its partitions' too), CREATE
INDEX back.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import migrations, models


class IndexDropped(migrations.AlterField):
    """AlterField(model_name, name, field) for Django's state; in the database only the
    index `index` on the field's column is dropped (created again backwards)."""

    def __init__(self, model_name: str, name: str, field: models.Field[Any, Any], index: str):
        self.index = index
        super().__init__(model_name=model_name, name=name, field=field)

    def deconstruct(self) -> tuple[str, Sequence[Any], dict[str, Any]]:
        _, args, kwargs = super().deconstruct()
        return self.__class__.__name__, args, {**kwargs, "index": self.index}

    def _table_column(self, app_label: str, state: Any) -> tuple[str, str]:
        model = state.apps.get_model(app_label, self.model_name)
        return model._meta.db_table, model._meta.get_field(self.name).column

    def database_forwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        quote = schema_editor.quote_name
        schema_editor.execute(f"DROP INDEX IF EXISTS {quote(self.index)}")

    def database_backwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        quote = schema_editor.quote_name
        table, column = self._table_column(app_label, to_state)
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {quote(self.index)} ON {quote(table)} ({quote(column)})"
        )

    def describe(self) -> str:
        return f"Drop index {self.index} of {self.model_name}.{self.name}"
