"""The search entries, and the database's own full-text index over them.

SQLite: an FTS5 table whose rowid is the entry's id (porter stemming, accents folded), filled by
`search.services.search_index_rebuild`. PostgreSQL: a GIN index over the same weighted tsvector
expression that `search/backends.py` queries, so the planner can use it. Other databases get the
table only (the search then answers with a plain message; see backends.py).
"""

from django.db import migrations, models

SQLITE_CREATE = (
    "CREATE VIRTUAL TABLE search_fts USING fts5("
    "heading, body, tokenize = 'porter unicode61 remove_diacritics 2')"
)
SQLITE_DROP = "DROP TABLE IF EXISTS search_fts"
POSTGRES_CREATE = (
    "CREATE INDEX search_entry_document ON search_searchentry USING GIN (("
    "setweight(to_tsvector('english'::regconfig, heading), 'A') || "
    "setweight(to_tsvector('english'::regconfig, body), 'B')))"
)
POSTGRES_DROP = "DROP INDEX IF EXISTS search_entry_document"


def create_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_CREATE)
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRES_CREATE)


def drop_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_DROP)
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRES_DROP)


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("section", "Lesson section"),
                            ("question", "Quiz question"),
                            ("drill", "Interview drill"),
                        ],
                        max_length=10,
                    ),
                ),
                ("title", models.CharField(max_length=300)),
                ("heading", models.CharField(blank=True, max_length=300)),
                ("context", models.CharField(blank=True, max_length=300)),
                ("url", models.CharField(max_length=300)),
                ("section_url", models.CharField(blank=True, max_length=300)),
                ("body", models.TextField()),
                ("position", models.PositiveIntegerField()),
            ],
            options={"ordering": ["position"], "verbose_name_plural": "search entries"},
        ),
        migrations.RunPython(create_index, drop_index),
    ]
