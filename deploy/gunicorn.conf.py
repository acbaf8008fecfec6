"""gunicorn configuration of dondoc (production): `gunicorn -c deploy/gunicorn.conf.py`.

Every value can be changed by an environment variable (systemd's EnvironmentFile, see
deploy/systemd/dondoc-web.service); the defaults suit one machine behind nginx.
"""

from __future__ import annotations

import multiprocessing
import os

wsgi_app = "dondoc.wsgi:application"

# Listen on the loopback only: nginx in front terminates TLS and forwards (deploy/nginx/).
bind = os.environ.get("DONDOC_BIND", "127.0.0.1:8000")

# Synchronous workers, the usual 2 × cores + 1: a page costs about 100 ms of CPU, and waits on
# PostgreSQL in between. Each worker keeps its own small pool of database connections
# (DONDOC_DB_POOL_MAX, default 4): max_connections must hold workers × pool + the worker's.
workers = int(os.environ.get("DONDOC_WEB_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"

# The longest request left is an upload of the largest file (20 MB) and its check of at most
# DONDOC_BACKGROUND_ROWS rows (larger imports and exports go to `dondoc db_worker`), a few
# seconds; 120 s leaves a wide margin while a stuck request is still ended.
timeout = int(os.environ.get("DONDOC_WEB_TIMEOUT", 120))
graceful_timeout = 30
keepalive = 5

# Recycle workers now and then (memory a long-running Python process gathers).
max_requests = 2000
max_requests_jitter = 200

# Trust X-Forwarded-* from nginx on the same machine only.
forwarded_allow_ips = os.environ.get("DONDOC_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Access log to stdout (journald): method, path without the query string (which may hold a
# searched name), status, size, duration in ms. No client address or user agent here.
accesslog = "-"
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
loglevel = os.environ.get("DONDOC_WEB_LOG_LEVEL", "info")
proc_name = "dondoc-web"
