"""`manage.py import_data FILE [--force]`: load an export_data file into this (migrated) database."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from learners.transfer import TransferError, history_import


class Command(BaseCommand):
    help = (
        "Import an export_data file into this database, in one transaction. The database must be "
        "migrated and have no accounts or learners yet (--force merges, overwriting rows with the "
        "same id). Use the DJANGO_SECRET_KEY of the old site, or signed-in sessions end."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the export (- for stdin)")
        parser.add_argument(
            "--force", action="store_true", help="import even if the database has learners"
        )

    def handle(self, *args, file: str, force: bool = False, **options):
        try:
            if file == "-":
                counts = history_import(stream=sys.stdin, force=force)
            else:
                path = Path(file)
                if not path.is_file():
                    raise CommandError(f"{file}: no such file")
                with path.open(encoding="utf-8") as stream:
                    counts = history_import(stream=stream, force=force)
        except TransferError as error:
            raise CommandError(str(error)) from None
        summary = ", ".join(f"{label} {count}" for label, count in counts.items())
        self.stdout.write(f"Imported {sum(counts.values())} rows: {summary}")
        self.stdout.write(
            "Now run `python manage.py sync_content` so the course matches this release's files."
        )
