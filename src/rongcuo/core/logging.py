"""One JSON object per log line (time, level, logger, message and the record's extra fields), so
that a log collector can count refusals and errors without parsing prose."""

from __future__ import annotations

import json
import logging
import re
from typing import Any

# A complaint's receipt is a reporter's key: it never reaches a log line, right or wrong.
RECEIPT_IN_PATH = re.compile(r"(/api/public/complaints/)[^/]+")


def logged_path(path: str) -> str:
    return RECEIPT_IN_PATH.sub(r"\1…", path)[:300]


_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": RECEIPT_IN_PATH.sub(r"\1…", record.getMessage()),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_") and key != "request":
                line[key] = value if isinstance(value, str | int | float | bool | None) else str(value)
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            line["path"] = logged_path(request.path)
            line["method"] = request.method
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)
