"""Grade drill answers from the command line: one answer, a JSON-lines batch, the model answer, or
the calibration set.

Only the named drill's file is read (drills/content/<slug>.yaml), not the whole course: its links to
lessons are taken as written (check_content checks them), so one answer is graded in about a second
including Python's start. Standard output carries only the result; logs go to standard error.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from drills.corpus import corpus_report, load_corpus
from drills.grader import AnswerRejected, calibration_levels, grade_answer, model_submission
from drills.loading import DrillSpec, load_drill


def load_drill_spec(slug: str, drills_dir: Path | None = None) -> DrillSpec:
    """The drill named `slug`, read from its own file alone; CommandError if there is none."""
    drills_dir = Path(drills_dir or settings.DRILLS_CONTENT_DIR)
    known = sorted(path.stem for path in drills_dir.glob("*.yaml"))
    if slug not in known:
        raise CommandError(f"No drill '{slug}'. Drills: {', '.join(known) or 'none'}.")
    drill, problems = load_drill(drills_dir / f"{slug}.yaml", anchors=None)
    if drill is None:
        details = "\n".join(str(problem) for problem in problems)
        raise CommandError(f"The drill file has problems (run check_content):\n{details}")
    return drill


def calibration_report(drill: DrillSpec) -> tuple[dict[str, tuple[int, int]], list[str]]:
    """Per-criterion (agreeing, total) over the drill's calibration answers, and each disagreement."""
    agreement: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    disagreements = []
    for item in drill.calibration:
        result = grade_answer(drill, item.answer, item.dockerignore)
        got = calibration_levels(drill, result)
        for criterion, expected in item.expected.items():
            agreement[criterion][1] += 1
            if got[criterion] == expected:
                agreement[criterion][0] += 1
            else:
                disagreements.append(
                    f"{item.id} ({item.kind}): {criterion} expected {expected}, got {got[criterion]}"
                )
        flags = {flag["id"] for flag in result["red_flags"]}
        for flag in item.red_flags:
            if flag not in flags:
                disagreements.append(
                    f"{item.id} ({item.kind}): red flag '{flag}' expected, not reported"
                )
    return {k: (v[0], v[1]) for k, v in agreement.items()}, disagreements


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as error:
        raise CommandError(f"No file '{path}'.") from error
    except (OSError, UnicodeDecodeError) as error:
        raise CommandError(f"Cannot read '{path}': {error}") from error


class Command(BaseCommand):
    help = (
        "Grade an answer to a drill: from --file or standard input; --model for the drill's model "
        'answer; --jsonl for a batch ({"id": ..., "answer": ...} per line); --calibration to check '
        "the drill's labelled answers. Reads only that drill's file: one answer takes about a "
        "second of wall time, Python's start included (the budget is 1.5 s). With --json or "
        "--jsonl, standard output holds only JSON."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("drill", help="the drill's slug, e.g. containerize-service")
        parser.add_argument("--file", type=Path, help="read the answer from this file")
        parser.add_argument(
            "--dockerignore", type=Path, help="a .dockerignore for Dockerfile drills"
        )
        parser.add_argument("--json", action="store_true", help="print the result as JSON")
        parser.add_argument(
            "--jsonl", action="store_true", help="grade JSON lines from standard input"
        )
        parser.add_argument(
            "--calibration",
            action="store_true",
            help="agreement with the drill file's calibration answers and with the labelled corpus "
            "(drills/corpus/<slug>.yaml), per split: quadratic weighted kappa, exact agreement, "
            "over- and under-credit, per criterion and for the total",
        )
        parser.add_argument(
            "--model", action="store_true", help="grade the drill's own model answer"
        )

    def handle(self, *args, **options) -> None:
        drill = load_drill_spec(options["drill"])
        if options["calibration"]:
            return self._calibration(drill, as_json=options["json"])
        if options["jsonl"]:
            return self._batch(drill)
        if options["model"]:
            answer, dockerignore = model_submission(drill)
        else:
            answer = _read(options["file"]) if options["file"] else sys.stdin.read()
            dockerignore = _read(options["dockerignore"]) if options["dockerignore"] else ""
        try:
            result = grade_answer(drill, answer, dockerignore)
        except AnswerRejected as error:
            raise CommandError(str(error)) from error
        if options["json"]:
            self.stdout.write(json.dumps(result, indent=2))
            return
        self.stdout.write(f"{drill.title}: {result['score']} of {result['max_score']}")
        for criterion in result["criteria"]:
            verdict = criterion.get("level") or criterion.get("status")
            self.stdout.write(
                f"  {criterion['id']:<20} {verdict:<10} {criterion['points']}/{criterion['max_points']}"
            )
            for evidence in criterion["evidence"]:
                where = (
                    f"line {evidence['line']}" if "line" in evidence else evidence.get("role", "")
                )
                self.stdout.write(f"      {where}: {evidence['text']!r}")
        for flag in result["red_flags"]:
            self.stdout.write(f"  red flag: {flag['message']}")

    def _batch(self, drill: DrillSpec) -> None:
        for number, line in enumerate(sys.stdin, start=1):
            if not line.strip():
                continue
            item = None
            try:
                item = json.loads(line)
                if not isinstance(item, dict) or not isinstance(item.get("answer"), str):
                    raise ValueError("each line needs an 'answer' string")
                result = grade_answer(drill, item["answer"], str(item.get("dockerignore") or ""))
                output = {"id": item.get("id"), **result}
            except (ValueError, AnswerRejected) as error:
                output = {
                    "id": item.get("id") if isinstance(item, dict) else None,
                    "line": number,
                    "error": str(error),
                }
            self.stdout.write(json.dumps(output))

    def _calibration(self, drill: DrillSpec, *, as_json: bool) -> None:
        """The drill file's own calibration answers, then the labelled corpus, split by split."""
        agreement, disagreements = calibration_report(drill)
        answers = load_corpus(drill.slug) if drill.kind == "text" else []
        corpus = corpus_report(drill, answers) if answers else None
        if as_json:
            document = {
                "drill": drill.slug,
                "calibration": {
                    criterion: {"agree": agree, "total": total}
                    for criterion, (agree, total) in agreement.items()
                },
                "corpus": corpus.to_dict() if corpus else None,
            }
            self.stdout.write(json.dumps(document, indent=2))
            return
        self.stdout.write(
            f"{drill.slug}: {len(drill.calibration)} calibration answers in the drill file"
        )
        for criterion, (agree, total) in agreement.items():
            self.stdout.write(f"  {criterion:<24} {agree}/{total} ({100 * agree / total:.0f}%)")
        for line in disagreements:
            self.stdout.write(f"  disagrees: {line}")
        if corpus is None:
            self.stdout.write("No labelled corpus for this drill (drills/corpus/).")
            return
        for split, report in corpus.reports.items():
            total = report.total
            self.stdout.write(
                f"Corpus, {split} split: {total.n} answers. Total score: quadratic weighted kappa "
                f"{total.kappa:.2f}, exact agreement {total.exact:.0%}, over-credited "
                f"{total.over_credit}, under-credited {total.under_credit}."
            )
            self.stdout.write(
                f"  {'criterion':<24} {'kappa':>6} {'exact':>6} {'over':>5} {'under':>6}"
            )
            for criterion, figures in report.criteria.items():
                self.stdout.write(
                    f"  {criterion:<24} {figures.kappa:>6.2f} {figures.exact:>6.0%} "
                    f"{figures.over_credit:>5} {figures.under_credit:>6}"
                )
