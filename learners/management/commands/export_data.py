"""`manage.py export_data [--output FILE]`: every learner's history as one JSON document."""

from __future__ import annotations

import io
from pathlib import Path

from django.core.management.base import BaseCommand

from learners.transfer import history_export


class Command(BaseCommand):
    help = (
        "Export accounts, learners, their sessions and history, and the course rows it points at, "
        "as JSON (to stdout, or --output FILE). Load it elsewhere with import_data."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", type=Path, help="file to write (default: stdout)")

    def handle(self, *args, output: Path | None = None, **options):
        if output is None:
            buffer = io.StringIO()
            counts = history_export(stream=buffer)
            self.stdout.write(buffer.getvalue(), ending="")
        else:
            with output.open("w", encoding="utf-8") as stream:
                counts = history_export(stream=stream)
        summary = ", ".join(f"{label} {count}" for label, count in counts.items())
        self.stderr.write(f"Exported {sum(counts.values())} rows: {summary}")
