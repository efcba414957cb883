"""Structured logs: one JSON object per line, each with the request's id.

``RequestIdMiddleware`` gives every request an id (the proxy's ``X-Request-ID`` when it is
a plain token, else a new one), returns it in the response header and logs one line per
request: method, path, status, duration. Nothing personal goes in: no query string, no
client address, no cookies, sessions, passwords or tokens (the formatter writes only the
fields below, never a request object).
"""

import contextvars
import json
import logging
import re
import time
import uuid

request_id = contextvars.ContextVar("request_id", default="-")
_TOKEN = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
logger = logging.getLogger("iurc_portal.request")


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.request_id = request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    FIELDS = ("method", "path", "status", "duration_ms")

    def format(self, record):
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", "-"),
            "message": record.getMessage(),
        }
        entry |= {name: getattr(record, name) for name in self.FIELDS if hasattr(record, name)}
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get("X-Request-ID", "")
        # Set for the whole request, Django's own log lines after this middleware included;
        # the next request in this worker sets its own.
        request_id.set(given if _TOKEN.match(given) else uuid.uuid4().hex)
        started = time.monotonic()
        response = self.get_response(request)
        response["X-Request-ID"] = request_id.get()
        logger.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.monotonic() - started) * 1000, 1),
            },
        )
        return response
