"""What the benchmarks share: a fresh PostgreSQL database with the benchmark's data, the
environment the portal runs in, and a gunicorn server on loopback."""

import datetime
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/iurc_bench")
PARTNERSHIPS = 50
MILESTONES = 100_000


def environment(static_root):
    return {
        **os.environ,
        "DATABASE_URL": DATABASE_URL,
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "BENCHMARK_FLOOR_VIEW": "1",
        # Loopback has no TLS: production's redirect to HTTPS would send the load nowhere.
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_ROOT": str(static_root),
        "LOG_LEVEL": "WARNING",
        # The benchmark measures throughput from one address, not the limits.
        "RATELIMIT_PUBLIC_PAGES": "1000000/s",
        "RATELIMIT_PUBLIC_DOWNLOADS": "1000000/s",
        "DJANGO_SETTINGS_MODULE": "iurc_portal.settings",
        "PYTHONPATH": str(ROOT),
    }


def recreate_database():
    import psycopg

    name = DATABASE_URL.rsplit("/", 1)[1]
    with psycopg.connect(DATABASE_URL.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def prepare():
    """A fresh database with the data, collected static files; returns the environment."""
    static_root = Path(tempfile.mkdtemp(prefix="iurc-bench-static-"))
    env = environment(static_root)
    recreate_database()
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "--no-input", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([python, "manage.py", "collectstatic", "--no-input", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([python, "-c", "from bench.common import seed; seed()"], cwd=ROOT, env=env, check=True)
    return env


def seed():
    """Runs inside Django: 50 published partnerships, 100,000 public milestones."""
    import django

    django.setup()
    from django.db import transaction

    from cities.models import City, Organisation
    from partnerships.demo import load_demo
    from partnerships.models import Milestone, Participation, Partnership, ThematicArea
    from partnerships.services import milestone_counts_refresh

    load_demo()
    sofia = City.objects.get(is_home=True)
    areas = list(ThematicArea.objects.all())
    component = Partnership.objects.first().component
    statuses = [Milestone.Status.DONE, Milestone.Status.PLANNED, Milestone.Status.IN_PROGRESS, Milestone.Status.DELAYED]
    with transaction.atomic():
        for n in range(Partnership.objects.count(), PARTNERSHIPS):
            city = City.objects.create(
                name_bg=f"Град {n}",
                name_en=f"City {n}",
                slug=f"bench-city-{n}",
                country="KR" if n % 2 else "CN",
                latitude=30 + n % 20,
                longitude=100 + n % 40,
                publication="published",
            )
            partnership = Partnership.objects.create(
                slug=f"bench-{n}",
                title_bg=f"София – Град {n}",
                title_en=f"Sofia – City {n}",
                summary_bg="Партньорство за сравнителния тест.",
                summary_en="A partnership for the benchmark.",
                home_city=sofia,
                partner_city=city,
                partner_country=city.country,
                component=component,
                status=Partnership.Status.ACTIVE,
                start_date=datetime.date(2022, 1, 1),
                publication=Partnership.Publication.PUBLISHED,
            )
            partnership.thematic_areas.set(areas[: 1 + n % len(areas)])
            for helix in Organisation.Helix:
                organisation = Organisation.objects.create(
                    name_bg=f"Организация {n} {helix}",
                    name_en=f"Organisation {n} {helix}",
                    city=city,
                    helix=helix,
                    publication="published",
                )
                Participation.objects.create(partnership=partnership, organisation=organisation)
        partnerships = list(Partnership.objects.order_by("pk"))
        start = datetime.date(2021, 1, 1)
        batch = []
        for n in range(MILESTONES - Milestone.objects.count()):
            status = statuses[n % len(statuses)]
            due = start + datetime.timedelta(days=n % 3650)
            batch.append(
                Milestone(
                    partnership=partnerships[n % len(partnerships)],
                    kind=Milestone.Kind.MEETING,
                    title_bg=f"Етап {n}",
                    title_en=f"Milestone {n}",
                    thematic_area=areas[n % len(areas)],
                    due_date=due,
                    status=status,
                    completed_on=due if status == Milestone.Status.DONE else None,
                    publication="published",
                )
            )
            if len(batch) == 5000:
                Milestone.objects.bulk_create(batch)
                batch = []
        Milestone.objects.bulk_create(batch)
        # bulk_create bypasses save(), and with it the partnerships' milestone counts.
        milestone_counts_refresh()
    analyse()
    print(
        f"seeded: {Partnership.objects.published().count()} published partnerships, {Milestone.objects.count()} milestones"
    )


def analyse():
    """Leave the database as autovacuum would after a bulk load: the planner's statistics
    current (a stale plan turned a 13 ms page into 1.2 s), the visibility map set for
    index-only counts, and the trigram indexes' pending entries merged. After ANALYZE
    alone, the planner scanned all 100,000 milestones for a ?q= search (43 ms) instead of
    using the trigram indexes. VACUUM runs outside a transaction: autocommit here."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.status
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer {url} within {timeout} s")


def start_gunicorn(env, *, workers):
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "iurc_portal.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--timeout",
            "120",
            "--access-logfile",
            "/dev/null",
            "--error-logfile",
            "-",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    wait_for(base + "/robots.txt")
    return server, base


def wrk(url, seconds, connections, *, headers=()):
    """req/s, p50 and p99 in ms; any answer other than 2xx/3xx stops the benchmark."""
    command = ["wrk", "--latency", "-t", "2", "-c", str(connections), "-d", f"{seconds}s"]
    for header in headers:
        command += ["-H", header]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))

    def latency(percent):
        value, unit = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors:
        raise SystemExit(f"{url}: {errors.group(1)} error responses\n{output}")
    return rps, latency(50), latency(99)
