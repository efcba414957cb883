"""Trigram indexes for the public search (?q=), on PostgreSQL only.

Django's icontains reads UPPER(column::text) LIKE UPPER(%q%), which no B-tree index
serves; a GIN index of trigrams on that expression does. SQLite has no such index and
searches its small databases by scanning. The extension pg_trgm is trusted: the
database's owner may create it.
"""

from django.db import migrations

COLUMNS = {
    "partnerships_milestone": ["title_bg", "title_en", "description_bg", "description_en"],
    "partnerships_partnership": ["title_bg", "title_en", "summary_bg", "summary_en", "description_bg", "description_en"],
    "cities_city": ["name_bg", "name_en"],
}


def _name(table, column):
    return f"{table.split('_', 1)[1]}_{column}_trgm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table, columns in COLUMNS.items():
        for column in columns:
            schema_editor.execute(
                f'CREATE INDEX IF NOT EXISTS "{_name(table, column)}" ON "{table}" '
                f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
            )


def drop(apps, schema_editor):
    """Faithful: the indexes hold nothing the tables do not."""
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, columns in COLUMNS.items():
        for column in columns:
            schema_editor.execute(f'DROP INDEX IF EXISTS "{_name(table, column)}"')


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0007_download_count"),
        ("cities", "0006_organisation_publication"),
    ]

    operations = [migrations.RunPython(create, drop)]
