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
threads = int(os.environ.get("GUNICORN_THREADS", 2))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 30
keepalive = 5
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
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
