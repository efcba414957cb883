"""With the database unreachable: our 503 page in the request's language with Retry-After,
prose pages still served, /healthz 503. A real refused connection (a closed port), in a
fresh interpreter, not a mock."""

import json
import os
import subprocess
import sys

import pytest

from iurc_portal.settings import BASE_DIR

SCRIPT = """
import json, django
django.setup()
from django.test import Client
client = Client(raise_request_exception=False)
out = {}
for path in ["/about/", "/en/about/", "/", "/en/partnerships/sofia-seoul/", "/healthz"]:
    response = client.get(path, HTTP_HOST="localhost")
    out[path] = [response.status_code, response.get("Retry-After"), response.content.decode()]
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def answers():
    environment = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "iurc_portal.settings",
        # Nothing listens on port 1: every connection is refused at once.
        "DATABASE_URL": "postgres://postgres@127.0.0.1:1/iurc",
    }
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=BASE_DIR, env=environment, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_prose_pages_keep_answering_without_the_database(answers):
    assert [answers[path][0] for path in ("/about/", "/en/about/")] == [200, 200]
    assert "About the IURC programme" in answers["/en/about/"][2]


@pytest.mark.parametrize(
    ("path", "text"),
    [("/", "Временно недостъпно"), ("/en/partnerships/sofia-seoul/", "Temporarily unavailable")],
)
def test_pages_that_need_data_answer_503_in_their_language_with_retry_after(answers, path, text):
    status, retry_after, html = answers[path]

    assert (status, retry_after) == (503, "30")
    assert text in html
    assert "Traceback" not in html


def test_healthz_says_the_database_is_unavailable(answers):
    status, _retry_after, body = answers["/healthz"]

    assert status == 503
    assert json.loads(body)["checks"]["database"] == "unavailable"


def test_healthz_answers_ok_with_the_database(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache default": "ok", "cache public_pages": "ok", "cache ratelimit": "ok"},
    }
    assert "no-store" in response["Cache-Control"]
