"""Compare Docker resource flags with Kubernetes quantities: the resource-limit lab's command."""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from labs.simulators.resource_limits import convert


class Command(BaseCommand):
    help = (
        'Read {"docker": FLAGS, "k8s": QUANTITY, "field": "limits.memory" | "requests.memory" | '
        '"limits.cpu" | "requests.cpu"} lines from standard input (--jsonl) and print, per line, '
        'the Docker values, the Kubernetes quantity ({"valid", "canonical", "bytes" or '
        '"millicores"}) and whether both give the same amount ("equivalent").'
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--jsonl", action="store_true", help="read JSON lines from standard input (required)"
        )

    def handle(self, *args, **options) -> None:
        if not options["jsonl"]:
            raise CommandError('Use --jsonl and send {"docker", "k8s", "field"} lines on stdin.')
        for number, line in enumerate(sys.stdin, start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                if not isinstance(item, dict):
                    raise ValueError("each line must be a JSON object")
                answer = convert(item)
            except ValueError as error:
                answer = {"line": number, "error": str(error)}
            self.stdout.write(json.dumps(answer))
