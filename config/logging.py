"""Structured logs: one JSON object per line on standard error, for what collects the container's output.

Every line has `time` (UTC, ISO 8601), `level`, `logger` and `message`; a logged exception adds
`exception` (the traceback as text). Records about a request add its `method`, `path` (never the
query string, which can carry tokens) and `status`. gunicorn's access log adds the `remote`
address, `duration_ms` and `bytes`.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            entry["method"] = request.method
            entry["path"] = request.path
        status = getattr(record, "status_code", None)
        if status is not None:
            entry["status"] = status
        if record.name == "gunicorn.access" and isinstance(record.args, dict):
            # gunicorn passes the access-log atoms as the record's args: h host, m method,
            # U path, s status, B bytes, M duration in milliseconds.
            atoms = record.args
            entry.update(
                remote=atoms.get("h"),
                method=atoms.get("m"),
                path=atoms.get("U"),
                status=_number(atoms.get("s")),
                bytes=_number(atoms.get("B")),
                duration_ms=_number(atoms.get("M")),
            )
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


def _number(value: object) -> object:
    """gunicorn gives atoms as strings ('200', '-' for no body); numbers stay numbers in the log."""
    try:
        return int(str(value))
    except ValueError:
        return value
