"""Structured logs: JSON lines with the request's id, and nothing personal in them."""

import io
import json
import logging

import pytest
from django.contrib.auth.models import User

from iurc_portal.logs import JsonFormatter, RequestIdFilter


@pytest.fixture
def log_lines():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    root.removeHandler(handler)


def test_each_request_logs_one_json_line_with_its_id(client, db, log_lines):
    response = client.get("/en/about/?q=private+search", HTTP_X_REQUEST_ID="proxy-42")

    lines = [line for line in log_lines() if line["logger"] == "iurc_portal.request"]
    assert response["X-Request-ID"] == "proxy-42"
    assert lines == [
        {
            "time": lines[0]["time"],
            "level": "INFO",
            "logger": "iurc_portal.request",
            "request_id": "proxy-42",
            "message": "GET /en/about/ 200",
            "method": "GET",
            "path": "/en/about/",
            "status": 200,
            "duration_ms": lines[0]["duration_ms"],
        }
    ]


def test_a_malformed_request_id_is_replaced(client, db):
    response = client.get("/en/about/", HTTP_X_REQUEST_ID="bad id\nwith newline")

    assert len(response["X-Request-ID"]) == 32


def test_a_failed_sign_in_logs_no_password_session_or_user_address(client, db, log_lines):
    User.objects.create_user("maria", password="correct-horse", is_staff=True)

    client.post("/admin/login/", {"username": "maria", "password": "Secret-Pa55word!"}, REMOTE_ADDR="203.0.113.9")
    client.post("/admin/login/", {"username": "maria", "password": "correct-horse"})
    client.get("/admin/")

    text = json.dumps(log_lines())
    session = client.cookies["sessionid"].value
    assert [leak for leak in ("Secret-Pa55word!", "correct-horse", session, "203.0.113.9") if leak in text] == []
