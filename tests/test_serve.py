"""What `make serve` runs: gunicorn with iurc_portal/gunicorn.conf.py, DEBUG off, static
files compressed and fingerprinted, JSON logs, /healthz."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from iurc_portal.settings import BASE_DIR


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def served(tmp_path):
    port = _free_port()
    env = {
        "PATH": os.environ["PATH"],
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DEBUG": "0",
        "SECRET_KEY": "test-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "LOG_FORMAT": "json",
        "STATIC_ROOT": str(tmp_path / "static"),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
    }
    for command in (["migrate", "--no-input", "-v0"], ["collectstatic", "--no-input", "-v0"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=BASE_DIR, env=env, check=True, timeout=300)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "iurc_portal/gunicorn.conf.py", "iurc_portal.wsgi"],
        cwd=BASE_DIR,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(base + "/healthz", timeout=2).close()
            break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                raise
            time.sleep(0.3)
    try:
        yield base, server, tmp_path / "static"
    finally:
        server.terminate()
        server.wait(timeout=30)
        server.stderr.close()


def test_serve_answers_health_and_pages_and_logs_json(served):
    base, server, static = served

    with urllib.request.urlopen(base + "/healthz", timeout=10) as response:
        health = (response.status, json.loads(response.read())["status"])
    with urllib.request.urlopen(base + "/en/about/", timeout=10) as response:
        about = (response.status, response.headers["X-Request-ID"] is not None)
    server.terminate()
    lines = [json.loads(line) for line in server.stderr.read().splitlines() if line.startswith("{")]

    assert health == (200, "ok")
    assert about == (200, True)
    assert {(line["path"], line["status"]) for line in lines if line["logger"] == "iurc_portal.request"} >= {
        ("/healthz", 200),
        ("/en/about/", 200),
    }
    # WhiteNoise serves fingerprinted files with compressed copies beside them.
    assert any(path.name.endswith(".css.gz") for path in static.rglob("*.css.gz"))
