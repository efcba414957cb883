#!/usr/bin/env python
"""`make loadtest`: the portal as `make serve` runs it, under locust on loopback.

Seeds the benchmark's data (bench/common.py: 50 published partnerships, 100,000
milestones) in a fresh PostgreSQL database, adds an editor (Editor group, a TOTP device)
and a draft partnership with 2,000 milestones for the editor to save, and starts gunicorn
as `make serve` does: production settings (DEBUG off, OTP_REQUIRED on, JSON logs at INFO,
the default rate limits), iurc_portal/gunicorn.conf.py's workers, timeout and
max-requests, on a free port; and the task worker where the project has one. Only
TRUSTED_PROXY_COUNT=1 is added: every client connects from 127.0.0.1 as a proxy in front
would, and names its own address in X-Forwarded-For (bench/locustfile.py).

Then two runs of locust --headless from a second process, one after the other:
1. mix: --clients (32) for --seconds (60): visitors, one cache-busting client and one
   editor saving through the admin.
2. flood: the cache-busting flood from one address at --flooders (32) connections, beside
   --flood-visitors (4) visitors, for --flood-seconds (60, as the rate limits count per
   minute): issue 9 §2's target is the visitors' p95 ≤ 250 ms with no 5xx.

Prints req/s, p50/p95/p99 per page and the errors (5xx, and any status that page should
not answer: a 400 for an invalid filter and a 429 for the flooding address are right),
then stops everything it started.

Usage: .venv/bin/python bench/loadtest.py [--seconds 60] [--clients 32] ...
Needs PostgreSQL at $BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/iurc_bench),
which it drops and recreates, and locust (requirements-bench.txt).
"""

import argparse
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

from common import MILESTONES, PARTNERSHIPS, ROOT, free_port, prepare, wait_for

P95_TARGET_MS = 250
DRAFT_MILESTONES = 2000

# Runs inside Django on the benchmark's database; prints what the editor's client needs.
STAFF = """
import datetime, json
import django
django.setup()
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django_otp.plugins.otp_totp.models import TOTPDevice
from partnerships.models import Milestone, Partnership
from iurc_portal.roles import EDITOR

user = get_user_model().objects.create_user("loadtest-editor", password=PASSWORD, is_staff=True)
user.groups.add(Group.objects.get(name=EDITOR))
device = TOTPDevice.objects.create(user=user, name="load test", confirmed=True)
model = Partnership.objects.get(slug="bench-7")
draft = Partnership.objects.create(
    slug="loadtest-draft",
    title_bg="Чернова за товарния тест",
    title_en="Draft for the load test",
    summary_bg="Чернова.",
    summary_en="A draft.",
    home_city=model.home_city,
    partner_country=model.partner_country,
    component=model.component,
    status=Partnership.Status.ACTIVE,
    start_date=datetime.date(2022, 1, 1),
)
draft.thematic_areas.set(model.thematic_areas.all())
start = datetime.date(2021, 1, 1)
Milestone.objects.bulk_create(
    Milestone(
        partnership=draft,
        kind=Milestone.Kind.MEETING,
        title_bg=f"Етап {n}",
        title_en=f"Milestone {n}",
        due_date=start + datetime.timedelta(days=n),
    )
    for n in range(COUNT)
)
print(json.dumps({"key": device.key, "device": device.persistent_id, "draft": draft.pk}))
"""


def add_staff(env):
    password = secrets.token_urlsafe(16)
    script = f"PASSWORD = {password!r}\nCOUNT = {DRAFT_MILESTONES}\n{STAFF}"
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    staff = json.loads(out.stdout.strip().splitlines()[-1])
    analyse = "import django; django.setup(); from bench.common import analyse; analyse()"
    subprocess.run([sys.executable, "-c", analyse], cwd=ROOT, env=env, check=True)
    return {
        "LOADTEST_EDITOR": "loadtest-editor",
        "LOADTEST_EDITOR_PASSWORD": password,
        "LOADTEST_EDITOR_TOTP_KEY": staff["key"],
        "LOADTEST_EDITOR_DEVICE": staff["device"],
        "LOADTEST_DRAFT_PK": str(staff["draft"]),
    }


def serve_environment(env, port):
    """`make serve`'s settings on the benchmark's database, behind a proxy on loopback."""
    env = {key: value for key, value in env.items() if not key.startswith(("RATELIMIT_", "BENCHMARK_"))}
    env.update(
        {
            "DEBUG": "0",
            "LOG_FORMAT": "json",
            "LOG_LEVEL": "INFO",
            "OTP_REQUIRED": "1",
            "TRUSTED_PROXY_COUNT": "1",
            "GUNICORN_BIND": f"127.0.0.1:{port}",
        }
    )
    env.pop("WEB_CONCURRENCY", None)
    return env


def worker_command(env):
    """The task worker that `make serve` starts beside gunicorn, where the project has one."""
    commands = subprocess.run(
        [sys.executable, "manage.py", "help", "--commands"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    return [sys.executable, "manage.py", "task_worker"] if "task_worker" in commands else None


def locust(base, env, *, phase, users, seconds, classes, folder, extra=None):
    record = folder / f"{phase}.json"
    log = folder / f"{phase}-locust.log"
    command = [
        sys.executable,
        "-m",
        "locust",
        "-f",
        str(ROOT / "bench" / "locustfile.py"),
        "--headless",
        "--users",
        str(users),
        "--spawn-rate",
        str(users),
        "--run-time",
        f"{seconds}s",
        "--stop-timeout",
        "10",
        "--host",
        base,
        "--only-summary",
        "--loglevel",
        "WARNING",
        *classes,
    ]
    locust_env = {**env, "LOADTEST_PHASE": phase, "LOADTEST_RECORD": str(record), **(extra or {})}
    with open(log, "w") as out:
        # locust exits 1 when any request failed: the figures below say which.
        subprocess.run(command, cwd=ROOT, env=locust_env, stdout=out, stderr=subprocess.STDOUT, timeout=seconds + 120)
    if not record.exists():
        raise SystemExit(f"locust wrote no records; see {log}")
    return json.loads(record.read_text())


def percentile(times, share):
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def expected_statuses(name):
    if name.startswith("flood:"):
        return {200, 429}
    if "invalid filter" in name:
        return {400}
    if name == "staff: sign in" or name == "staff: save a partnership":
        return {302}
    return {200}


def report(run, seconds, title):
    records = run["requests"]
    by_name = {}
    for name, status, elapsed in records:
        by_name.setdefault(name, []).append((status, elapsed))
    print(f"\n{title}\n")
    print("| page | requests | req/s | p50 ms | p95 ms | p99 ms | statuses | errors |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: |")
    errors = Counter()
    for name in sorted(by_name, key=lambda n: (n.split(":")[0] != "public", n)):
        rows = by_name[name]
        times = [elapsed for _status, elapsed in rows]
        statuses = Counter(status for status, _elapsed in rows)
        wrong = sum(count for status, count in statuses.items() if status not in expected_statuses(name))
        errors["5xx"] += sum(count for status, count in statuses.items() if status >= 500 or status == 0)
        errors["unexpected"] += wrong
        print(
            f"| {name} | {len(rows):,} | {len(rows) / seconds:,.1f} | {percentile(times, 0.5):,.0f} "
            f"| {percentile(times, 0.95):,.0f} | {percentile(times, 0.99):,.0f} "
            f"| {', '.join(f'{status}: {count:,}' for status, count in sorted(statuses.items()))} | {wrong:,} |"
        )
    public = [elapsed for name, _status, elapsed in records if name.startswith("public:")]
    # A client that raised (a page it could not read) counts as an error too.
    errors["unexpected"] += len(run["exceptions"])
    for exception, count in Counter(run["exceptions"]).items():
        print(f"client exception ({count}×): {exception}")
    print(
        f"\nall requests: {len(records):,} in {seconds} s = {len(records) / seconds:,.1f} req/s; public pages p95 "
        f"{percentile(public, 0.95):,.0f} ms (target < {P95_TARGET_MS} ms); errors: {errors['unexpected']:,} "
        f"(of which 5xx or no answer: {errors['5xx']:,}; target 0)"
    )
    return percentile(public, 0.95), errors


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--flood-seconds", type=int, default=60)
    parser.add_argument("--flooders", type=int, default=32)
    parser.add_argument("--flood-visitors", type=int, default=4)
    args = parser.parse_args()

    env = prepare()
    staff = add_staff(env)
    port = free_port()
    served = serve_environment(env, port)
    folder = Path(tempfile.mkdtemp(prefix="iurc-loadtest-"))
    started = []
    try:
        with open(folder / "gunicorn.log", "w") as log:
            command = [sys.executable, "-m", "gunicorn", "-c", "iurc_portal/gunicorn.conf.py", "iurc_portal.wsgi"]
            started.append(subprocess.Popen(command, cwd=ROOT, env=served, stdout=log, stderr=subprocess.STDOUT))
            worker = worker_command(served)
            if worker:
                started.append(subprocess.Popen(worker, cwd=ROOT, env=served, stdout=log, stderr=subprocess.STDOUT))
        base = f"http://127.0.0.1:{port}"
        wait_for(base + "/healthz", timeout=60)
        load = (os.getloadavg()[0], os.cpu_count())
        mix = locust(
            base,
            {**env, **staff},
            phase="mix",
            users=args.clients,
            seconds=args.seconds,
            classes=["Visitor", "CacheBuster", "Editor"],
            folder=folder,
        )
        flood = locust(
            base,
            env,
            phase="flood",
            users=args.flooders + args.flood_visitors,
            seconds=args.flood_seconds,
            classes=["Visitor", "CacheBuster"],
            folder=folder,
            extra={"LOADTEST_FLOODERS": str(args.flooders)},
        )
    finally:
        for process in reversed(started):
            process.send_signal(signal.SIGTERM)
        for process in started:
            try:
                process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(env["STATIC_ROOT"], ignore_errors=True)

    logged = [json.loads(line) for line in (folder / "gunicorn.log").read_text().splitlines() if line.startswith("{")]
    server_errors = [line for line in logged if line.get("level") in ("ERROR", "CRITICAL")]
    print(
        f"\n{PARTNERSHIPS} published partnerships, {MILESTONES:,} milestones on PostgreSQL; gunicorn as `make serve` "
        f"(iurc_portal/gunicorn.conf.py, {os.cpu_count() * 2 + 1} sync workers{', task worker' if worker else ''}); "
        f"locust --headless on the same machine (load average {load[0]:.2f} on {load[1]} cores before the run). "
        "Visitors have no pause between pages; the editor saves a draft with 2,000 milestones about every 6 s, "
        "and each save empties the page cache."
    )
    mix_p95, mix_errors = report(
        mix, args.seconds, f"mix: {args.clients} clients ({args.clients - 2} visitors, 1 cache buster, 1 editor)"
    )
    flood_p95, flood_errors = report(
        flood,
        args.flood_seconds,
        f"flood: {args.flooders} cache busters from one address beside {args.flood_visitors} visitors",
    )
    flood_5xx = sum(1 for _name, status, _elapsed in flood["requests"] if status >= 500 or status == 0)
    limited = sum(1 for name, status, _elapsed in flood["requests"] if name.startswith("flood:") and status == 429)
    flooded = sum(1 for name, _status, _elapsed in flood["requests"] if name.startswith("flood:"))
    print(
        f"\nduring the flood: other visitors' p95 {flood_p95:,.0f} ms (target ≤ {P95_TARGET_MS} ms); 5xx or no answer: "
        f"{flood_5xx:,} (target 0); the flooding address got 429 on {limited:,} of its {flooded:,} requests"
    )
    print(f"server log lines at ERROR: {len(server_errors)} (all logs in {folder})")
    met = (
        mix_p95 < P95_TARGET_MS
        and flood_p95 <= P95_TARGET_MS
        and not mix_errors["unexpected"]
        and not flood_errors["unexpected"]
        and not flood_5xx
    )
    print(f"targets: {'met' if met else 'NOT met'}")


if __name__ == "__main__":
    main()
