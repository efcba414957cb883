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
import shutil
import signal
import subprocess
import sys
import time
import urllib.request

from common import MILESTONES, PARTNERSHIPS, ROOT, prepare, start_gunicorn, wrk


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

    env = prepare()
    pages = [
        ("home", "/"),
        ("partnership list", "/partnerships/"),
        ("partnership detail", "/partnerships/bench-7/"),
        ("milestones", "/milestones/"),
        ("milestones, filtered", "/en/milestones/?when=done&page=3"),
        ("milestones, `?q=` search", "/en/milestones/?q=visit"),
        ("thematic area", "/themes/innovation/"),
    ]
    floor = "/_bench/floor/"
    results = {}
    for mode, extra in (("cached", {}), ("cache off", {"BENCHMARK_CACHE_OFF": "1"})):
        server, base = start_gunicorn({**env, **extra}, workers=args.workers)
        try:
            for _name, path in [("floor", floor), *pages]:
                first_request_ms(base + path)  # fills the cache where there is one
                # The floor is measured in the same run as each page's figure.
                results[mode, path] = wrk(base + path, args.seconds, args.connections)
                results[mode, path, "floor"] = wrk(base + floor, max(2, args.seconds // 2), args.connections)[0]
            if mode == "cached":
                check_publication(base, env)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
    shutil.rmtree(env["STATIC_ROOT"], ignore_errors=True)
    print(
        f"\n{PARTNERSHIPS} partnerships, {MILESTONES:,} milestones on PostgreSQL; gunicorn {args.workers} sync "
        f"workers; wrk 2 threads, {args.connections} connections, {args.seconds} s a page. Each figure is req/s "
        "as a share of the floor (/_bench/floor/, no database, no cache) measured right after it.\n"
    )
    print("| page | cached | cache off | cache off req/s | cache off p50 ms | cache off p99 ms |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name, path in pages:
        cached = 100 * results["cached", path][0] / results["cached", path, "floor"]
        rps, p50, p99 = results["cache off", path]
        off = 100 * rps / results["cache off", path, "floor"]
        print(f"| {name} `{path}` | {cached:.1f} % | {off:.1f} % | {rps:,.1f} | {p50:.1f} | {p99:.1f} |")
    floor_rps = results["cached", floor][0]
    print(f"\nfloor: {floor_rps:,.0f} req/s")


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
    main()
