#!/usr/bin/env python
"""Benchmark of the public pages: requests per second and latency beside Django's floor.

Seeds 50 published partnerships and 100,000 milestones in a fresh PostgreSQL database,
serves the portal with gunicorn on 127.0.0.1, loads each page with wrk, and prints a
table. The floor is /_bench/floor/: one of our pages rendered by Django in the same
worker processes without the database or the cache.

Usage: .venv/bin/python bench/public.py [--seconds 10] [--connections 8] [--workers 2]
Needs PostgreSQL at $BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/iurc_bench)
and wrk (apt-get install -y wrk).
"""

import argparse
import datetime
import os
import re
import shutil
import signal
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
        "STATIC_ROOT": str(static_root),
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "iurc_portal.settings",
    }


def recreate_database():
    import psycopg

    name = DATABASE_URL.rsplit("/", 1)[1]
    with psycopg.connect(DATABASE_URL.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def seed():
    """Runs inside Django: 50 published partnerships, 100,000 public milestones."""
    import django

    django.setup()
    from django.db import transaction

    from cities.models import City, Organisation
    from partnerships.demo import load_demo
    from partnerships.models import Milestone, Participation, Partnership, ThematicArea

    load_demo()
    sofia = City.objects.get(is_home=True)
    areas = list(ThematicArea.objects.all())
    component = Partnership.objects.first().component
    statuses = [Milestone.Status.DONE, Milestone.Status.PLANNED, Milestone.Status.IN_PROGRESS, Milestone.Status.DELAYED]
    with transaction.atomic():
        existing = Partnership.objects.count()
        for n in range(existing, PARTNERSHIPS):
            city = City.objects.create(
                name_bg=f"Град {n}",
                name_en=f"City {n}",
                slug=f"bench-city-{n}",
                country="KR" if n % 2 else "CN",
                latitude=30 + n % 20,
                longitude=100 + n % 40,
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
                    name_bg=f"Организация {n} {helix}", name_en=f"Organisation {n} {helix}", city=city, helix=helix
                )
                Participation.objects.create(partnership=partnership, organisation=organisation)
        partnerships = list(Partnership.objects.order_by("pk"))
        start = datetime.date(2021, 1, 1)
        batch = []
        for n in range(MILESTONES - Milestone.objects.count()):
            partnership = partnerships[n % len(partnerships)]
            status = statuses[n % len(statuses)]
            due = start + datetime.timedelta(days=n % 3650)
            batch.append(
                Milestone(
                    partnership=partnership,
                    kind=Milestone.Kind.MEETING,
                    title_bg=f"Етап {n}",
                    title_en=f"Milestone {n}",
                    due_date=due,
                    status=status,
                    completed_on=due if status == Milestone.Status.DONE else None,
                )
            )
            if len(batch) == 5000:
                Milestone.objects.bulk_create(batch)
                batch = []
        Milestone.objects.bulk_create(batch)
    print(
        f"seeded: {Partnership.objects.published().count()} published partnerships, {Milestone.objects.count()} milestones"
    )


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


def wrk(url, seconds, connections):
    output = subprocess.run(
        ["wrk", "--latency", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))

    def latency(percent):
        value, unit = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors:
        raise SystemExit(f"{url}: {errors.group(1)} error responses\n{output}")
    return rps, latency(50), latency(99)


def first_request_ms(url):
    started = time.perf_counter()
    with urllib.request.urlopen(url) as response:
        response.read()
    return (time.perf_counter() - started) * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install -y wrk")

    static_root = Path(tempfile.mkdtemp(prefix="iurc-bench-static-"))
    env = environment(static_root)
    python = sys.executable
    recreate_database()
    subprocess.run([python, "manage.py", "migrate", "--no-input", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([python, "manage.py", "collectstatic", "--no-input", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([python, __file__, "--seed"], cwd=ROOT, env=env, check=True)

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            python,
            "-m",
            "gunicorn",
            "iurc_portal.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
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
    try:
        wait_for(base + "/_bench/floor/")
        pages = [
            ("floor (no database)", "/_bench/floor/"),
            ("home", "/"),
            ("partnership list", "/partnerships/"),
            ("partnership detail", "/partnerships/bench-7/"),
            ("milestones", "/milestones/"),
            ("milestones, filtered", "/en/milestones/?when=done&page=3"),
        ]
        cold = {path: first_request_ms(base + path) for _name, path in pages}
        results = {path: wrk(base + path, args.seconds, args.connections) for _name, path in pages}
        floor_rps = results["/_bench/floor/"][0]
        print(
            f"\n{PARTNERSHIPS} partnerships, {MILESTONES:,} milestones on PostgreSQL; gunicorn {args.workers} sync "
            f"workers; wrk 2 threads, {args.connections} connections, {args.seconds} s a page\n"
        )
        print("| page | req/s | p50 ms | p99 ms | of floor | first request ms |")
        print("| --- | ---: | ---: | ---: | ---: | ---: |")
        for name, path in pages:
            rps, p50, p99 = results[path]
            print(
                f"| {name} `{path}` | {rps:,.0f} | {p50:.2f} | {p99:.2f} | {100 * rps / floor_rps:.0f} % | {cold[path]:.0f} |"
            )
        check_publication(base, env)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(static_root, ignore_errors=True)


def check_publication(base, env):
    """A published change is visible on the very next request."""
    url = base + "/en/partnerships/bench-7/"
    with urllib.request.urlopen(url) as response:
        response.read()
    title = f"Renamed at {time.time():.0f}"
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            f"from partnerships.models import Partnership as P; p = P.objects.get(slug='bench-7'); p.title_en = {title!r}; p.save()",
        ],
        cwd=ROOT,
        env=env,
        check=True,
    )
    with urllib.request.urlopen(url) as response:
        seen = title in response.read().decode()
    print(f"\npublished change visible on the next request: {'yes' if seen else 'NO'}")
    if not seen:
        raise SystemExit(1)


if __name__ == "__main__":
    if sys.argv[1:] == ["--seed"]:
        sys.path.insert(0, str(ROOT))
        seed()
    else:
        main()
