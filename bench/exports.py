#!/usr/bin/env python
"""Benchmark of the milestones report: every format, over HTTP and as a command, beside
PostgreSQL's own COPY (the floor) and django-import-export (what most Django projects use).

Seeds 50 partnerships and 100,000 milestones in a fresh PostgreSQL database. Measures, in
one run: each format downloaded over HTTP from one gunicorn worker (time to first byte,
total time, how much the worker's memory grows during the download), each format written
by a whole `export_report` process (wall time, peak memory), the floor as a whole process
(psycopg `COPY (SELECT ...) TO STDOUT` of the same rows), django-import-export's CSV and
XLSX of the same rows as a whole process, and the portfolio PDF for 50 partnerships.

Usage: .venv/bin/python bench/exports.py [--repeat 3]
"""

import argparse
import http.client
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from common import MILESTONES, PARTNERSHIPS, ROOT, prepare, start_gunicorn

FORMATS = ["csv", "json", "xlsx"]
TARGETS = {"csv": 1.5, "json": 2.0, "xlsx": 8.0}
WORKER_GROWTH_LIMIT_MB = 50
COMMAND_LIMIT_MB = 120
PDF_LIMIT_S = 5.0

FLOOR = """
import sys, psycopg
with psycopg.connect(sys.argv[1]) as connection, open("/dev/null", "wb") as out:
    with connection.cursor().copy(sys.argv[2]) as copy:
        for block in copy:
            out.write(block)
"""

IMPORT_EXPORT = """
import sys, django
django.setup()
from import_export import fields, resources
from partnerships.models import Milestone

class MilestoneResource(resources.ModelResource):
    partnership = fields.Field(attribute="partnership__title_en", column_name="Partnership")
    partner_city = fields.Field(attribute="partnership__partner_city__name_en", column_name="Partner city")
    title = fields.Field(attribute="title_en", column_name="Milestone")
    kind = fields.Field(attribute="get_kind_display", column_name="Kind")
    status = fields.Field(attribute="get_status_display", column_name="Status")
    thematic_area = fields.Field(attribute="thematic_area__name_en", column_name="Thematic area")
    due_date = fields.Field(attribute="due_date", column_name="Due date")
    completed_on = fields.Field(attribute="completed_on", column_name="Completion date")
    is_public = fields.Field(attribute="is_public", column_name="Public")

    class Meta:
        model = Milestone
        fields = ("partnership", "partner_city", "title", "kind", "status", "thematic_area", "due_date", "completed_on", "is_public")

queryset = Milestone.objects.select_related("partnership__partner_city", "thematic_area").order_by("partnership_id", "due_date", "pk")
dataset = MilestoneResource().export(queryset)
data = dataset.export(sys.argv[1])
with open("/dev/null", "wb") as out:
    out.write(data if isinstance(data, bytes) else data.encode())
"""


def run_process(arguments, env):
    """Wall time (s) and peak resident memory (MB) of a whole process."""
    started = time.perf_counter()
    process = subprocess.Popen(arguments, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{arguments} failed")
    return elapsed, usage.ru_maxrss / 1024


def rss_mb(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def worker_pid(server):
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    if len(children) != 1:
        raise SystemExit(f"expected one gunicorn worker, found {children}")
    return int(children[0])


def download(base, path, cookie, pid):
    """Time to first byte, total time, bytes, and the worker's memory growth while serving."""
    host, port = base.removeprefix("http://").split(":")
    before = rss_mb(pid)
    peak = [before]
    done = threading.Event()

    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], rss_mb(pid))
            time.sleep(0.005)

    sampler = threading.Thread(target=sample)
    sampler.start()
    connection = http.client.HTTPConnection(host, int(port), timeout=300)
    started = time.perf_counter()
    connection.request("GET", path, headers={"Cookie": f"sessionid={cookie}"})
    response = connection.getresponse()
    first = response.read(1)
    first_byte = time.perf_counter() - started
    size = len(first)
    while chunk := response.read(65536):
        size += len(chunk)
    total = time.perf_counter() - started
    done.set()
    sampler.join()
    if response.status != 200:
        raise SystemExit(f"{path}: HTTP {response.status}")
    return first_byte, total, size, peak[0] - before


def login_session(env):
    """A session for a staff member with the export permission, made in the database."""
    code = (
        "import django; django.setup()\n"
        "from django.contrib.auth.models import Permission, User\n"
        "from django.contrib.sessions.backends.db import SessionStore\n"
        "user, _ = User.objects.get_or_create(username='bench-official', defaults={'is_staff': True})\n"
        "user.user_permissions.add(Permission.objects.get(codename='export_reports'))\n"
        "session = SessionStore(); session['_auth_user_id'] = str(user.pk)\n"
        "session['_auth_user_backend'] = 'django.contrib.auth.backends.ModelBackend'\n"
        "session['_auth_user_hash'] = user.get_session_auth_hash(); session.create(); print(session.session_key)\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout.strip()


def floor_sql(env):
    code = (
        "import django; django.setup()\n"
        "from partnerships.exports import Export\n"
        "e = Export('milestones', language='en', fmt='csv')\n"
        "q = e._human_queryset(e.columns())\n"
        "sql, params = q.query.sql_with_params()\n"
        "from django.db import connection\n"
        "with connection.cursor() as c: print(c.mogrify(sql, params).decode() if isinstance(c.mogrify(sql, params), bytes) else c.mogrify(sql, params))\n"
    )
    sql = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout
    return f"COPY ({sql.strip()}) TO STDOUT (FORMAT csv)"


def best(values):
    return min(values, key=lambda value: value[0] if isinstance(value, tuple) else value)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measurement; the fastest counts")
    args = parser.parse_args()

    env = prepare()
    python = sys.executable
    cookie = login_session(env)
    copy_statement = floor_sql(env)
    floor = best(
        [run_process([python, "-c", FLOOR, env["DATABASE_URL"], copy_statement], env) for _ in range(args.repeat)]
    )
    django_start = best([run_process([python, "manage.py", "check", "-v0"], env) for _ in range(args.repeat)])

    server, base = start_gunicorn(env, workers=1)
    results = []
    try:
        pid = worker_pid(server)
        for fmt in FORMATS:
            path = f"/reports/download/?report=milestones&language=en&export_format={fmt}"
            download(base, path, cookie, pid)  # warm the worker once
            runs = [download(base, path, cookie, pid) for _ in range(args.repeat)]
            first_byte, total, size, _growth = min(runs, key=lambda run: run[1])
            growth = max(run[3] for run in runs)
            results.append((fmt, first_byte, total, size, growth))
        pdf_runs = [
            download(base, "/reports/download/?report=portfolio&language=bg&export_format=pdf", cookie, pid)
            for _ in range(args.repeat)
        ]
        pdf = min(pdf_runs, key=lambda run: run[1])
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    commands = {}
    for fmt in FORMATS:
        target = Path(env["STATIC_ROOT"]) / f"milestones.{fmt}"
        commands[fmt] = best(
            [
                run_process(
                    [
                        python,
                        "manage.py",
                        "export_report",
                        "milestones",
                        "--format",
                        fmt,
                        "--lang",
                        "en",
                        "-o",
                        str(target),
                    ],
                    env,
                )
                for _ in range(args.repeat)
            ]
        )
    import_export = {
        fmt: best([run_process([python, "-c", IMPORT_EXPORT, fmt], env) for _ in range(args.repeat)])
        for fmt in ("csv", "xlsx")
    }
    shutil.rmtree(env["STATIC_ROOT"], ignore_errors=True)

    floor_s, floor_mb = floor
    print(
        f"\nMilestones report, {MILESTONES:,} rows ({PARTNERSHIPS} partnerships) on PostgreSQL; fastest of {args.repeat} runs.\n"
    )
    print(
        f"Floor: psycopg COPY (SELECT ...) TO STDOUT as a whole process: {floor_s:.2f} s, {floor_mb:.0f} MB. "
        f"Django's start-up (manage.py check): {django_start[0]:.2f} s.\n"
    )
    print("| how | format | first byte s | total s | × floor | target | MB (worker growth / process peak) | limit |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    failures = []
    for fmt, first_byte, total, size, growth in results:
        ratio = total / floor_s
        print(
            f"| HTTP, gunicorn worker | {fmt} ({size / 1e6:.1f} MB) | {first_byte:.3f} | {total:.2f} | {ratio:.2f} | ≤ {TARGETS[fmt]} | {growth:.1f} | ≤ {WORKER_GROWTH_LIMIT_MB} |"
        )
        if ratio > TARGETS[fmt]:
            failures.append(f"HTTP {fmt} {ratio:.2f}× floor > {TARGETS[fmt]}")
        if growth > WORKER_GROWTH_LIMIT_MB:
            failures.append(f"HTTP {fmt} worker grew {growth:.0f} MB")
    for fmt, (seconds, peak) in commands.items():
        print(
            f"| export_report process | {fmt} | | {seconds:.2f} | {seconds / floor_s:.2f} | | {peak:.0f} | ≤ {COMMAND_LIMIT_MB} |"
        )
        if peak > COMMAND_LIMIT_MB:
            failures.append(f"export_report {fmt} peaked at {peak:.0f} MB")
    for fmt, (seconds, peak) in import_export.items():
        print(f"| django-import-export process | {fmt} | | {seconds:.2f} | {seconds / floor_s:.2f} | | {peak:.0f} | |")
    print(
        f"\nPortfolio PDF, {PARTNERSHIPS} partnerships, over HTTP: {pdf[1]:.2f} s ({pdf[2] / 1e3:.0f} kB), target ≤ {PDF_LIMIT_S} s."
    )
    if pdf[1] > PDF_LIMIT_S:
        failures.append(f"portfolio PDF {pdf[1]:.2f} s")
    print("\nTargets: " + ("all met." if not failures else "MISSED: " + "; ".join(failures)))


if __name__ == "__main__":
    main()
