"""The JSON log formatter: one parseable object per record, with request details but no query strings."""

from __future__ import annotations

import json
import logging
import sys

from django.test import RequestFactory

from config.logging import JsonFormatter


def record(message: str = "hello %s", args=("world",), **extra) -> logging.LogRecord:
    made = logging.LogRecord("django.request", logging.WARNING, __file__, 1, message, args, None)
    made.__dict__.update(extra)
    return made


def formatted(made: logging.LogRecord) -> dict:
    return json.loads(JsonFormatter().format(made))


def test_a_record_becomes_one_json_object_with_time_level_logger_and_message():
    entry = formatted(record())
    assert entry["message"] == "hello world"
    assert (entry["level"], entry["logger"]) == ("WARNING", "django.request")
    assert entry["time"].endswith("+00:00")


def test_a_request_record_names_the_method_path_and_status_without_the_query_string():
    request = RequestFactory().get("/accounts/reset/?token=secret")
    entry = formatted(record(request=request, status_code=404))
    assert (entry["method"], entry["path"], entry["status"]) == ("GET", "/accounts/reset/", 404)
    assert "secret" not in json.dumps(entry)


def test_an_exception_is_kept_as_text():
    try:
        raise ValueError("boom")
    except ValueError:
        made = record(exc_info=sys.exc_info())
    assert "ValueError: boom" in formatted(made)["exception"]


def test_a_multi_line_message_stays_on_one_line():
    assert "\n" not in JsonFormatter().format(record("line one\nline two", ()))
