"""gunicorn settings; every value can be overridden with GUNICORN_* variables, set in the
environment or in the `.env` file beside this one (read here too, since gunicorn reads
this file before Django starts; the environment wins over the file)."""

import multiprocessing
import os
from pathlib import Path

import environ

_env_file = Path(__file__).resolve().with_name(".env")
if _env_file.is_file():
    environ.Env.read_env(_env_file)

wsgi_app = "portal.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
# Threads (gunicorn's gthread worker) rather than one request per process (sync): in
# interleaved runs at 16 connections, 4 threads answered about twice the cached pages
# and three times the article pages of sync workers (docs/benchmarks.md): a thread's
# wait for Redis or PostgreSQL is another thread's turn.
threads = int(os.environ.get("GUNICORN_THREADS", 4))
# A worker takes no more connections than it has threads. gthread's default (1000) let a
# worker accept every waiting connection into its own queue, so killing it (a crash, the
# OOM killer, the timeout) lost all of them; now the others wait in the listening
# socket's backlog, which every worker shares, and only the requests being executed are
# lost. Connections are not kept open between requests then (nginx opens one per request
# anyway: its upstream has no `keepalive`), which is what gunicorn's start-up warning "No
# keepalived connections can be handled" says.
worker_connections = threads
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 30
keepalive = 5
# No worker recycling. Each restart re-imports Django and re-opens connections, and
# under load a request limit restarted every worker every few seconds and cost much of
# the cached throughput (docs/benchmarks.md). Nothing here leaks;
# should something ever do, set a limit far above a minute's requests, e.g.
# GUNICORN_CMD_ARGS="--max-requests 1000000 --max-requests-jitter 50000".
max_requests = 0
# No access log from gunicorn: nginx in front logs every request already, and formatting
# gunicorn's log line cost a measurable share of a cached hit (docs/benchmarks.md). To
# have it anyway: GUNICORN_CMD_ARGS="--access-logfile -". Errors still go to stderr.
accesslog = None
errorlog = "-"
# The workers' heartbeat file is touched on every request: keep it in memory.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# Load Django and the search dictionary once, in the master, before forking: workers
# share those pages instead of each loading its own copy (jieba alone is about 58 MB
# and 0.9 s, otherwise paid in every worker on its first search). A code change
# therefore needs a restart of the service (systemctl restart portal), not a HUP.
preload_app = True


forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")

_debug = os.environ.get("DEBUG", "").lower() in ("1", "true", "yes", "on")
if workers > 1 and not os.environ.get("REDIS_URL") and not _debug:
    # Without a shared cache every worker keeps its own pages, menus and rate limits: an
    # edit would show on one worker and not on the others.
    raise SystemExit(
        f"配置错误：gunicorn 要启动 {workers} 个进程，但没有设置 REDIS_URL。"
        "多个进程必须共用 Redis 缓存，否则编辑后各进程显示的内容不一致；"
        "请设置 REDIS_URL，或设 GUNICORN_WORKERS=1。"
    )


def when_ready(server):
    """In the master, after the app is loaded and before the first fork."""
    import gc

    from django.db import connections

    # jieba's dictionary is loaded already: portal/wsgi.py loads it with the app.
    connections.close_all()  # each worker opens its own
    # Keep the cyclic GC off the objects loaded so far: a collection in a worker would
    # otherwise write to (and so copy) every shared page holding them.
    gc.collect()
    gc.freeze()
