"""The body's token in every entry and in the full-text index (see ``models.SearchEntry.scope``).

SQLite: the FTS5 table and its triggers are made again with the third column, then rebuilt from
the entries. PostgreSQL: the generated ``document`` column is made again with the scope token at
weight D, and its GIN index.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations, models

FILL = "UPDATE search_searchentry SET scope = 'b' || body_id"

SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS search_fts_update",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TABLE IF EXISTS search_fts",
]


def _sqlite_create(columns: list[str]) -> list[str]:
    names = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    return [
        f"CREATE VIRTUAL TABLE search_fts USING fts5({names}, "
        "content='search_searchentry', content_rowid='id', tokenize='unicode61')",
        "CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchentry BEGIN "
        f"INSERT INTO search_fts(rowid, {names}) VALUES (new.id, {new}); END",
        "CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchentry BEGIN "
        f"INSERT INTO search_fts(search_fts, rowid, {names}) "
        f"VALUES ('delete', old.id, {old}); END",
        "CREATE TRIGGER search_fts_update AFTER UPDATE ON search_searchentry BEGIN "
        f"INSERT INTO search_fts(search_fts, rowid, {names}) "
        f"VALUES ('delete', old.id, {old}); "
        f"INSERT INTO search_fts(rowid, {names}) VALUES (new.id, {new}); END",
        "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
    ]


def _postgres_document(with_scope: bool) -> list[str]:
    scope = " || setweight(to_tsvector('simple'::regconfig, scope), 'D')" if with_scope else ""
    return [
        "DROP INDEX IF EXISTS search_entry_document",
        "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS document",
        "ALTER TABLE search_searchentry ADD COLUMN document tsvector GENERATED ALWAYS AS ("
        "setweight(to_tsvector('simple'::regconfig, title_tokens), 'A') || "
        f"setweight(to_tsvector('simple'::regconfig, tokens), 'B'){scope}) STORED",
        "CREATE INDEX search_entry_document ON search_searchentry USING gin (document)",
    ]


FORWARD = {
    "sqlite": [FILL, *SQLITE_DROP, *_sqlite_create(["title_tokens", "tokens", "scope"])],
    "postgresql": [FILL, *_postgres_document(with_scope=True)],
}
BACKWARD = {
    "sqlite": [*SQLITE_DROP, *_sqlite_create(["title_tokens", "tokens"])],
    "postgresql": _postgres_document(with_scope=False),
}


def _run(statements: dict[str, list[str]]) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_search_entries")]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="scope",
            field=models.CharField(
                blank=True,
                help_text="机关词元（b 加机关编号），使限于若干机关的检索也由全文索引完成。",
                max_length=40,
                verbose_name="范围词元",
            ),
        ),
        migrations.RunPython(_run(FORWARD), _run(BACKWARD)),
    ]
