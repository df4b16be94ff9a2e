"""Moving models between apps in a migration, keeping every row.

A model that changes app keeps its data: the new app's migration declares the model in the
migration state only (``SeparateDatabaseAndState``), renames the table to the new app's name,
and points the model's content type at the new app, so that the audit trail, admin log
entries and permissions that reference it follow it. Reversible.
"""

from __future__ import annotations

from django.db import migrations


def _rename_sql(old: str, new: str) -> str:
    return f'ALTER TABLE "{old}" RENAME TO "{new}"'


def _move_content_types(old_app: str, new_app: str, models: list[str]):
    def forwards(apps, schema_editor):
        content_type = apps.get_model("contenttypes", "ContentType")
        alias = schema_editor.connection.alias
        for model in models:
            # A content type already created for the new app (by a post_migrate of an earlier run)
            # has nothing pointing at it yet; the old one carries the references.
            content_type.objects.using(alias).filter(app_label=new_app, model=model).delete()
            content_type.objects.using(alias).filter(app_label=old_app, model=model).update(app_label=new_app)

    return forwards


def move_models(old_app: str, new_app: str, models: list[str]) -> list[migrations.operations.base.Operation]:
    """Database operations that move ``models`` (lower-case names) from ``old_app`` to ``new_app``."""
    operations: list[migrations.operations.base.Operation] = [
        migrations.RunSQL(
            _rename_sql(f"{old_app}_{model}", f"{new_app}_{model}"),
            reverse_sql=_rename_sql(f"{new_app}_{model}", f"{old_app}_{model}"),
        )
        for model in models
    ]
    operations.append(
        migrations.RunPython(
            _move_content_types(old_app, new_app, models),
            _move_content_types(new_app, old_app, models),
        )
    )
    return operations
