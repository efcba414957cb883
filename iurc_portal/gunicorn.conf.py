"""gunicorn's settings for `make serve` and a deployment (gunicorn -c iurc_portal/gunicorn.conf.py).

- bind: loopback (or a Unix socket), for a TLS proxy in front; GUNICORN_BIND overrides.
- workers: WEB_CONCURRENCY, default 2 per core plus one, sync workers.
- timeout 30 s: no request of the portal should run that long; a worker stuck longer is
  restarted. graceful_timeout lets requests in flight finish on a reload.
- max_requests with jitter: each worker is replaced after about 1,000 requests, so memory
  a long-lived worker gathers is given back, and not all workers restart at once.
- No access log: the portal logs one JSON line per request itself, without the client
  address or query string (iurc_portal/logs.py).
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1))
worker_class = "sync"
timeout = 30
graceful_timeout = 30
keepalive = 5
max_requests = 1000
max_requests_jitter = 100
accesslog = None
errorlog = "-"
loglevel = "warning"
