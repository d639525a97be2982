"""Database triggers that give each learner's progress a token (Learner.progress_token).

The lesson pages and the course home show a learner's progress: the lessons they marked read, their
place in each lesson, their best scores in finished quizzes, the lab exercises they solved. Reading
it takes three queries on every page a learner opens, yet it changes only when they do something. So
each worker keeps what it read by the learner and this token (lessons/caching.py, `kept_progress`),
and the token must change whenever any of it does.

Rather than trusting every writer to say so (the services, the transfer of anonymous work to an
account, an import, the admin, a test that makes rows), the database says it, as it does for the
content's version (lessons/versioning.py): after an insert, update or delete of a row the pages show
in the tables below, a trigger writes a new random token into the learner's row, in the same
transaction. When a row moves from one learner to another, both get one. A random token, not a
counter: a rolled-back transaction cannot bring an old number back to mean different rows.

On PostgreSQL the trigger's write waits for a transaction holding the learner's row
(`learner_claim_anonymous` locks it while it moves the anonymous records to an account). A write
the pages show, sent from another tab at that very moment (a place saved while scrolling, a read
mark, a quiz's last answer, a lab solve), can then deadlock with the claim, and PostgreSQL fails one
of the two requests; nothing is saved half-way. Answers in the middle of a quiz and unsolved lab
attempts do not touch the learner's row.

Used from a migration (learners 0003), so what this module writes must stay valid SQL for SQLite and
PostgreSQL, the two databases the site supports.
"""

from __future__ import annotations

import secrets

from config.triggers import RANDOM_TOKEN, execute_for_vendor

LEARNERS = "learners_learner"
FUNCTION = "learners_progress_changed"
# The tables whose rows the course pages show as a learner's progress (each has a learner_id), and
# which of their rows they show: a quiz run counts once finished, a lab result once solved. Writing
# a row the pages do not show (an answer in the middle of a quiz, an unsolved lab attempt) leaves
# the token alone, so it costs no second write.
PROGRESS_TABLES = {
    "lessons_lessonread": "TRUE",
    "lessons_readingposition": "TRUE",
    "quiz_quizrun": "{row}.finished_at IS NOT NULL",
    "labs_labresult": "{row}.solved_at IS NOT NULL",
}


def _shown(table: str, row: str) -> str:
    return PROGRESS_TABLES[table].format(row=row)


def _when(table: str, event: str) -> str:
    """When a row written by `event` is one the pages show, before or after."""
    if event == "INSERT":
        return _shown(table, "NEW")
    if event == "DELETE":
        return _shown(table, "OLD")
    return f"{_shown(table, 'OLD')} OR {_shown(table, 'NEW')}"


def new_progress_token() -> str:
    """A learner's first token (the triggers write the later ones)."""
    return secrets.token_hex(16)


def _sqlite_statements(table: str) -> list[str]:
    # A row moved to another learner changes both learners' progress.
    learners = {"INSERT": "NEW.learner_id", "UPDATE": "NEW.learner_id, OLD.learner_id"}
    return [
        f"CREATE TRIGGER {table}_{event.lower()}_progress AFTER {event} ON {table} "
        f"FOR EACH ROW WHEN {_when(table, event)} BEGIN "
        f"UPDATE {LEARNERS} SET progress_token = {RANDOM_TOKEN['sqlite']}"
        f" WHERE id IN ({learners.get(event, 'OLD.learner_id')}); END"
        for event in ("INSERT", "UPDATE", "DELETE")
    ]


def _postgresql_statements(table: str) -> list[str]:
    return [
        f"CREATE TRIGGER {table}_{event.lower()}_progress AFTER {event} ON {table} "
        f"FOR EACH ROW WHEN ({_when(table, event)}) EXECUTE FUNCTION {FUNCTION}()"
        for event in ("INSERT", "UPDATE", "DELETE")
    ]


def progress_function_create(apps, schema_editor) -> None:
    """On PostgreSQL, the function every progress table's trigger calls."""
    if schema_editor.connection.vendor == "postgresql":
        renew = f"UPDATE {LEARNERS} SET progress_token = {RANDOM_TOKEN['postgresql']}"
        schema_editor.execute(
            f"CREATE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"IF TG_OP <> 'INSERT' THEN {renew} WHERE id = OLD.learner_id; END IF; "
            "IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.learner_id <> OLD.learner_id) THEN "
            f"{renew} WHERE id = NEW.learner_id; END IF; "
            "RETURN NULL; END $$"
        )


def progress_function_drop(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()")


def triggers_create(apps, schema_editor) -> None:
    """A migration step: every progress table's changes give its learner a new token."""
    statements = {
        "sqlite": [s for table in PROGRESS_TABLES for s in _sqlite_statements(table)],
        "postgresql": [s for table in PROGRESS_TABLES for s in _postgresql_statements(table)],
    }
    execute_for_vendor(schema_editor, statements, "learner-progress")


def triggers_drop(apps, schema_editor) -> None:
    on_table = schema_editor.connection.vendor == "postgresql"
    for table in PROGRESS_TABLES:
        for event in ("insert", "update", "delete"):
            name = f"{table}_{event}_progress"
            schema_editor.execute(
                f"DROP TRIGGER IF EXISTS {name}{f' ON {table}' if on_table else ''}"
            )
