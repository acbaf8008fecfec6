"""Schema changes Django's own migration operations make too dearly (used by migrations).

`IndexDropped`: a foreign key's own index dropped, its field now `db_index=False`, where
another index of the table leads with its column (tests/core/test_indexes.py). Django's
AlterField would drop and add back the foreign key itself (PostgreSQL then checks it again
over the whole table, under a lock that stops every write to it: minutes at a province's
million records) and, on SQLite, rebuild the table, which drops the triggers migrations put
on it (registry 0016: a child row's province follows its parent's). The index alone is what
changes: DROP INDEX by its name (a partitioned table's drops its partitions' too), CREATE
INDEX back.

`ColumnStatistics`: PostgreSQL told to keep a finer sample of one column's values (ALTER
TABLE … SET STATISTICS), where the default's estimate sends a page's query down the wrong
plan; nothing on SQLite, nothing in Django's state.
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


class ColumnStatistics(migrations.operations.base.Operation):
    """PostgreSQL's statistics target of `model_name`.`name`'s column set to `target` (the
    column's most common values kept, up to that many), the table analysed at once so that
    the next plan uses them; back to the server's default backwards. A plan's tasks are the
    case it was made for: 100,000 tasks in 200 plans of 500 and a few seed plans of 4, the
    default target keeps 100 plans' counts and guesses every other plan at the average
    (991 tasks for two plans of 4), and the home page's two queries over "the tasks of
    these plans" went to a parallel scan of every task (22 ms each, 0.7 ms by the index)."""

    reversible = True

    def __init__(self, model_name: str, name: str, target: int):
        self.model_name, self.name, self.target = model_name, name, target

    def deconstruct(self) -> tuple[str, Sequence[Any], dict[str, Any]]:
        kwargs = {"model_name": self.model_name, "name": self.name, "target": self.target}
        return self.__class__.__name__, [], kwargs

    def state_forwards(self, app_label: str, state: Any) -> None:
        pass  # the database's planner statistics only

    def _set(self, app_label: str, schema_editor: Any, state: Any, target: int) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        model = state.apps.get_model(app_label, self.model_name)
        table = schema_editor.quote_name(model._meta.db_table)
        column = schema_editor.quote_name(model._meta.get_field(self.name).column)
        schema_editor.execute(f"ALTER TABLE {table} ALTER COLUMN {column} SET STATISTICS {target}")
        schema_editor.execute(f"ANALYZE {table} ({column})")

    def database_forwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        self._set(app_label, schema_editor, to_state, self.target)

    def database_backwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        self._set(app_label, schema_editor, to_state, -1)  # -1: default_statistics_target

    def describe(self) -> str:
        return f"Statistics target {self.target} on {self.model_name}.{self.name}"
