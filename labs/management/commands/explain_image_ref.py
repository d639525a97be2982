"""Explain image references as Docker reads them: the command-line face of the explorer lab."""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from labs.simulators.image_reference import explain


class Command(BaseCommand):
    help = (
        "Split image references into domain, path, tag and digest as Docker's reference grammar "
        'does. --json prints one JSON object per reference; --jsonl reads {"input": REF} lines '
        "from standard input and answers each on its own line."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("references", nargs="*", metavar="REF", help="e.g. nginx, app:5000")
        parser.add_argument("--json", action="store_true", help="print one JSON object per REF")
        parser.add_argument(
            "--jsonl", action="store_true", help='read {"input": REF} lines from standard input'
        )

    def handle(self, *args, **options) -> None:
        if options["jsonl"]:
            if options["references"]:
                raise CommandError("--jsonl reads references from standard input, not arguments.")
            return self._batch()
        if not options["references"]:
            raise CommandError("Give at least one image reference (or --jsonl).")
        for reference in options["references"]:
            result = explain(reference)
            if options["json"]:
                self.stdout.write(json.dumps(result.as_dict()))
            else:
                self._human(result)

    def _batch(self) -> None:
        for number, line in enumerate(sys.stdin, start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                if not isinstance(item, dict) or not isinstance(item.get("input"), str):
                    raise ValueError('each line needs an "input" string')
            except ValueError as error:
                self.stdout.write(json.dumps({"line": number, "error": str(error)}))
                continue
            self.stdout.write(json.dumps(explain(item["input"]).as_dict()))

    def _human(self, result) -> None:
        if not result.valid:
            self.stdout.write(f"{result.input}: invalid: {result.error}")
            return
        self.stdout.write(f"{result.input} -> {result.normalized}")
        for part in result.parts:
            self.stdout.write(f"  {part.name:<16} {part.value or '-'}")
        for request in result.requests:
            self.stdout.write(f"  {request.method:<4} {request.url}")
