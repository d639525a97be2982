"""What the database-trigger modules (lessons/versioning.py, learners/versioning.py) share.

Both have database triggers write a new random token whenever certain rows change, on the two
databases the site supports; the statements differ by database, so each step runs the list written
for the one it is migrating.
"""

from __future__ import annotations

# SQL for a new random 32-character hex token, on each database.
RANDOM_TOKEN = {
    "sqlite": "lower(hex(randomblob(16)))",
    "postgresql": "md5(random()::text || clock_timestamp()::text)",
}


def execute_for_vendor(schema_editor, statements: dict[str, list[str]], what: str) -> None:
    """Run the statements written for this database, or refuse one the site does not support."""
    vendor = schema_editor.connection.vendor
    if vendor not in statements:
        raise NotImplementedError(f"No {what} trigger for {vendor} databases.")
    for statement in statements[vendor]:
        schema_editor.execute(statement)
