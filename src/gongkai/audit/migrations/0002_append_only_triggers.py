"""Database-level guard: audit events cannot be changed (any database) or deleted (PostgreSQL).

The application already refuses (``AuditEvent.save``/``delete``, the queryset); these triggers also stop
a raw ``UPDATE``/``DELETE`` from SQL. ``TRUNCATE`` (used by ``flush`` and by ``gongkai restore --replace``)
is a whole-database operation and stays possible. SQLite gets the ``UPDATE`` trigger only, because its
``flush`` empties tables with ``DELETE``.
"""

from __future__ import annotations

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

POSTGRESQL_CREATE = [
    """
    CREATE OR REPLACE FUNCTION audit_auditevent_append_only() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION '操作记录只增不改：不能%%操作记录。',
            CASE TG_OP WHEN 'UPDATE' THEN '修改' ELSE '删除' END
            USING ERRCODE = 'insufficient_privilege';
    END;
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER audit_auditevent_append_only
        BEFORE UPDATE OR DELETE ON audit_auditevent
        FOR EACH ROW EXECUTE FUNCTION audit_auditevent_append_only()
    """,
]
POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS audit_auditevent_append_only ON audit_auditevent",
    "DROP FUNCTION IF EXISTS audit_auditevent_append_only()",
]
SQLITE_CREATE = [
    """
    CREATE TRIGGER audit_auditevent_append_only
        BEFORE UPDATE ON audit_auditevent
    BEGIN
        SELECT RAISE(ABORT, '操作记录只增不改：不能修改操作记录。');
    END
    """,
]
SQLITE_DROP = ["DROP TRIGGER IF EXISTS audit_auditevent_append_only"]


def _run(schema_editor: BaseDatabaseSchemaEditor, statements: dict[str, list[str]]) -> None:
    for statement in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def create_triggers(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _run(schema_editor, {"postgresql": POSTGRESQL_CREATE, "sqlite": SQLITE_CREATE})


def drop_triggers(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _run(schema_editor, {"postgresql": POSTGRESQL_DROP, "sqlite": SQLITE_DROP})


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
