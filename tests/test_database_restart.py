"""A PostgreSQL restart under a running portal, on a throwaway cluster of the test's own
(initdb in a temporary folder, its own port; never the machine's shared server): our 503
page meanwhile, prose pages still served, and normal answers again within 5 s of the
database's return, without restarting the portal."""

import glob
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from iurc_portal.settings import BASE_DIR
from tests.conftest import require_system_package
from tests.test_serve import _free_port

BIN = sorted(glob.glob("/usr/lib/postgresql/*/bin"))


def _get(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers.get("Retry-After"), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Retry-After"), error.read().decode()


@pytest.fixture
def cluster():
    usable = bool(BIN) and os.geteuid() == 0 and shutil.which("runuser") is not None
    require_system_package(
        "PostgreSQL server binaries, run as root (initdb runs as postgres)", usable, "apt-get install -y postgresql"
    )
    # Outside pytest's own temporary folders, which only root may enter.
    folder = Path(tempfile.mkdtemp(prefix="iurc-cluster-"))
    folder.chmod(0o755)
    shutil.chown(folder, "postgres")
    data = folder / "data"
    data.mkdir()
    shutil.chown(data, "postgres")
    port = _free_port()

    def as_postgres(*command):
        return subprocess.run(
            ["runuser", "-u", "postgres", "--", *command], check=True, capture_output=True, timeout=120
        )

    as_postgres(f"{BIN[-1]}/initdb", "-D", str(data), "-A", "trust", "-U", "postgres")
    options = f"-p {port} -k {data} -c listen_addresses=127.0.0.1 -c fsync=off"

    def start():
        # -l: the server's output to a file, not to pipes this test would wait on.
        as_postgres(f"{BIN[-1]}/pg_ctl", "-D", str(data), "-l", str(folder / "log"), "-o", options, "-w", "start")

    def stop():
        as_postgres(f"{BIN[-1]}/pg_ctl", "-D", str(data), "-m", "fast", "-w", "stop")

    start()
    as_postgres(f"{BIN[-1]}/createdb", "-h", "127.0.0.1", "-p", str(port), "iurc")
    try:
        yield f"postgres://postgres@127.0.0.1:{port}/iurc", start, stop
    finally:
        subprocess.run(
            ["runuser", "-u", "postgres", "--", f"{BIN[-1]}/pg_ctl", "-D", str(data), "-m", "immediate", "stop"],
            capture_output=True,
        )


def test_the_portal_rides_out_a_database_restart(cluster, tmp_path):
    database_url, start, stop = cluster
    port = _free_port()
    env = {
        "PATH": os.environ["PATH"],
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": "test-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_ROOT": str(tmp_path / "static"),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
    }
    for command in (["migrate", "--no-input", "-v0"], ["load_demo"], ["collectstatic", "--no-input", "-v0"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=BASE_DIR, env=env, check=True, capture_output=True)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "iurc_portal/gunicorn.conf.py", "iurc_portal.wsgi"],
        cwd=BASE_DIR,
        env=env,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if _get(base + "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, "gunicorn did not start"
            time.sleep(0.3)
        before = _get(base + "/en/partnerships/sofia-seoul/")[0]

        stop()
        during = _get(base + "/en/partnerships/")
        prose = _get(base + "/en/about/")[0]
        health = _get(base + "/healthz")[0]
        start()
        back_at = time.monotonic()
        while _get(base + "/en/partnerships/")[0] != 200 and time.monotonic() - back_at < 10:
            time.sleep(0.2)
        recovered_in = time.monotonic() - back_at
    finally:
        server.terminate()
        server.wait(timeout=30)

    assert before == 200
    assert (during[0], during[1]) == (503, "30")
    assert "Temporarily unavailable" in during[2]
    assert (prose, health) == (200, 503)
    assert recovered_in < 5
