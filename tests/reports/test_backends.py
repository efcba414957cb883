"""TASKS_BACKEND chooses where the queue lives: the portal's database (the default) or the
Redis of REDIS_URL through RQ, for several app servers. A real job runs through each."""

import json
import os
import socket
import subprocess
import sys

import pytest

from iurc_portal.settings import BASE_DIR
from tests.conftest import require_system_package

SHOW = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "from django.tasks import task_backends; "
    "print(json.dumps([s.TASKS, getattr(s, 'RQ_QUEUES', None), 'django_rq' in s.INSTALLED_APPS, "
    "type(task_backends['default']).__module__ + '.' + type(task_backends['default']).__name__]))"
)


def _run(arguments, **env):
    environment = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "iurc_portal.settings", **env}
    return subprocess.run(
        [sys.executable, *arguments], cwd=BASE_DIR, env=environment, capture_output=True, text=True, timeout=120
    )


def test_tasks_default_to_the_database_backend():
    result = _run(["-c", SHOW])

    assert json.loads(result.stdout) == [
        {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}},
        None,
        False,
        "django_tasks_db.backend.DatabaseBackend",
    ]


def test_tasks_backend_rq_puts_the_queue_on_the_redis_of_redis_url():
    result = _run(["-c", SHOW], TASKS_BACKEND="rq", REDIS_URL="redis://127.0.0.1:6379/13")

    assert json.loads(result.stdout) == [
        {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}},
        {"default": {"URL": "redis://127.0.0.1:6379/13", "DEFAULT_TIMEOUT": 1800}},
        True,
        "django_tasks_rq.backend.RQBackend",
    ]


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"TASKS_BACKEND": "rq"}, "TASKS_BACKEND=rq needs REDIS_URL, the Redis that holds the queue."),
        ({"TASKS_BACKEND": "celery"}, "TASKS_BACKEND must be database or rq, not 'celery'."),
        ({"REPORT_FILE_HOURS": "0"}, "REPORT_FILE_HOURS must be at least 1, not 0."),
    ],
)
def test_a_wrong_tasks_setting_stops_start_up_naming_it(env, message):
    result = _run(["manage.py", "check"], **env)

    assert (result.returncode, result.stderr) == (2, f"Configuration error: {message}\n")


REQUEST = """
import django; django.setup()
from django.contrib.auth.models import Permission, User
from django.test import Client
user = User.objects.create_user("official", is_staff=True)
user.user_permissions.add(Permission.objects.get(codename="export_reports"))
client = Client()
client.force_login(user)
response = client.get("/reports/download/", {"report": "milestones", "export_format": "xlsx", "language": "en"})
print(response.status_code, response["Location"])
"""

RESULT = """
import django; django.setup()
from reports.models import ReportJob
from partnerships.models import ExportLog
job = ReportJob.objects.get()
print(job.state, job.rows_done, job.rows_total, job.file.storage.exists(job.file.name), ExportLog.objects.count())
"""


@pytest.mark.parametrize("backend", ["database", "rq"])
def test_a_report_job_runs_through_the_worker_of_each_backend(tmp_path, backend):
    """As deployed: a request in one process, the worker (`manage.py task_worker`) in another,
    on a SQLite file, with RQ on Redis database 13 (the two-server test uses 14)."""
    env = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "REPORT_FILES_DIR": str(tmp_path / "files"),
        "REPORT_BACKGROUND_ROWS": "0",
        "ALLOWED_HOSTS": "testserver",
        "TASKS_BACKEND": backend,
    }
    if backend == "rq":
        with socket.socket() as probe:
            reachable = probe.connect_ex(("127.0.0.1", 6379)) == 0
        require_system_package("Redis at 127.0.0.1:6379", reachable, "apt-get install -y redis-server")
        env["REDIS_URL"] = "redis://127.0.0.1:6379/13"
        _run(["-c", "import redis; redis.Redis(db=13).flushdb()"])
    for step in (["manage.py", "migrate", "-v0"], ["manage.py", "load_demo"]):
        assert _run(step, **env).returncode == 0

    requested = _run(["-c", REQUEST], **env)
    worked = _run(["manage.py", "task_worker", "--burst"], **env)
    result = _run(["-c", RESULT], **env)

    assert requested.stdout.strip() == "302 /reports/jobs/1/"
    assert worked.returncode == 0, worked.stderr
    assert result.stdout.strip() == "ready 3 3 True 1"
    if backend == "rq":
        assert "Successfully completed reports.tasks.build_report(1)" in worked.stderr
        _run(["-c", "import redis; redis.Redis(db=13).flushdb()"])
