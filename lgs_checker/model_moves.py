"""Moving a model from one app to another without touching its rows: the migrations' one helper.

A model that changes app keeps its table (its `Meta.db_table` names the table it always had), so
the move is a change of Django's state only: `SeparateDatabaseAndState` deletes it from the old
app's state and creates it in the new one's, and the database is left alone. What the database does
know the app label by is the model's content type, and through it the permissions given to users
and groups and the admin's log entries: `moved_content_types` carries those over to the new label
(and back when the migration is unapplied). docs/architecture.md says which models moved and why.
"""

from __future__ import annotations

from functools import partial

from django.db import migrations


def _relabel(apps, schema_editor, *, source: str, target: str, models: tuple[str, ...]) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_types = ContentType.objects.using(schema_editor.connection.alias)
    for model in models:
        moving = content_types.filter(app_label=source, model=model).first()
        if moving is None:
            continue  # a database that never had it (a new one: `migrate` creates it afterwards)
        # A `migrate` run since the code moved may have created an empty one under the new label;
        # the old one, which the permissions given and the log entries point at, takes its place.
        content_types.filter(app_label=target, model=model).delete()
        moving.app_label = target
        moving.save(update_fields=["app_label"])


def moved_content_types(source: str, target: str, models: list[str]) -> migrations.RunPython:
    """The content types of `models` (lower-case model names) move from app `source` to `target`."""
    return migrations.RunPython(
        partial(_relabel, source=source, target=target, models=tuple(models)),
        partial(_relabel, source=target, target=source, models=tuple(models)),
    )
