"""`manage.py export_data [--output FILE]`: every learner's history as one JSON document.

The file holds accounts with their password hashes: it is written readable by its owner only
(mode 0600), also when it replaces an existing file. No browser sessions are exported.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

from django.core.management.base import BaseCommand

from learners.transfer import history_export


class Command(BaseCommand):
    help = (
        "Export accounts (with password hashes), learners, their history and the course rows it "
        "points at, as JSON (to stdout, or --output FILE, written with mode 0600). No sessions: "
        "after import_data everyone signs in again. Load it elsewhere with import_data."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", type=Path, help="file to write (default: stdout)")

    def handle(self, *args, output: Path | None = None, **options):
        if output is None:
            buffer = io.StringIO()
            counts = history_export(stream=buffer)
            self.stdout.write(buffer.getvalue(), ending="")
        else:
            # Created 0600, and narrowed to 0600 if the file was already there.
            descriptor = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            os.fchmod(descriptor, 0o600)
            with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
                counts = history_export(stream=stream)
        summary = ", ".join(f"{label} {count}" for label, count in counts.items())
        self.stderr.write(f"Exported {sum(counts.values())} rows: {summary}")
