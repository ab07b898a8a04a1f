"""What an operator's files do: .env.example loads in bash (and so in systemd), GUNICORN_*
in .env reach gunicorn.conf.py, several workers need Redis, /healthz answers by IP."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_env_example_loads_in_bash_to_the_last_line():
    script = 'set -a; . ./.env.example; set +a; printf "%s|%s" "$DEFAULT_FROM_EMAIL" "$LOG_LEVEL"'
    result = subprocess.run(["bash", "-c", script], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "中国开发区协会 <noreply@example.org>|INFO"


def _gunicorn_config(tmp_path, dotenv: str, **environ) -> subprocess.CompletedProcess:
    shutil.copy(ROOT / "gunicorn.conf.py", tmp_path / "gunicorn.conf.py")
    (tmp_path / ".env").write_text(dotenv, encoding="utf-8")
    code = "import runpy; c = runpy.run_path('gunicorn.conf.py'); print(c['workers'], c['bind'])"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GUNICORN_", "REDIS_"))}
    env.pop("DEBUG", None)
    env.update(environ)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True
    )


def test_gunicorn_reads_its_settings_from_the_env_file(tmp_path):
    dotenv = (
        "GUNICORN_WORKERS=3\nGUNICORN_BIND=127.0.0.1:8123\nREDIS_URL=redis://127.0.0.1:6379/0\n"
    )
    result = _gunicorn_config(tmp_path, dotenv)
    assert result.stdout.split() == ["3", "127.0.0.1:8123"], result.stderr
    # the environment wins over the file
    result = _gunicorn_config(tmp_path, dotenv, GUNICORN_WORKERS="2")
    assert result.stdout.split()[0] == "2", result.stderr


@pytest.mark.parametrize("workers", ["2", "5"])
def test_several_workers_without_redis_refuse_to_start(tmp_path, workers):
    result = _gunicorn_config(tmp_path, f"GUNICORN_WORKERS={workers}\n")
    assert result.returncode != 0
    assert "REDIS_URL" in result.stderr and result.stdout == ""


def test_one_worker_without_redis_starts(tmp_path):
    result = _gunicorn_config(tmp_path, "GUNICORN_WORKERS=1\n")
    assert result.returncode == 0 and result.stdout.split()[0] == "1", result.stderr


@pytest.mark.django_db
def test_health_check_answers_a_load_balancer_asking_by_ip_address(client):
    response = client.get("/healthz", HTTP_HOST="10.20.30.40")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "redis": "local"}
    assert client.get("/", HTTP_HOST="10.20.30.40").status_code == 400  # only /healthz


def _reader_params(resolver=None) -> set[str]:
    from django.urls import URLResolver, get_resolver

    names: set[str] = set()
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            names |= _reader_params(entry)
        else:
            names |= set(getattr(entry.callback, "reader_params", ()) or ())
    return names


def test_nginx_stores_queries_with_exactly_the_parameters_reader_pages_read():
    """deploy/nginx/portal.conf's list of parameters it may cache: a page with a new
    parameter would otherwise never be stored, a stale name would keep junk."""
    import re

    conf = (ROOT / "deploy" / "nginx" / "portal.conf").read_text(encoding="utf-8")
    odd_args = conf[conf.index("map $args $portal_odd_args") :]
    lists = re.findall(r"\(((?:[a-z]+\|)+[a-z]+)\)=", odd_args.split("}", 1)[0])
    assert len(lists) == 2 and lists[0] == lists[1]
    assert set(lists[0].split("|")) == _reader_params() == {
        "page", "q", "kind", "section", "from", "to", "region", "province", "level", "type",
        "industry", "member",
    }  # fmt: skip


def test_nginx_keeps_one_copy_per_script_as_the_app_reads_the_cookie():
    """简/繁: nginx's key holds the script the page cache keys on (portal.traditional), read
    from the same cookie and value; it stores a copy only when the app's Content-Language
    says the copy is in the key's script. tests/deploy/ runs it."""
    import re

    from portal import traditional

    conf = (ROOT / "deploy" / "nginx" / "portal.conf").read_text(encoding="utf-8")
    script_map = re.search(r"map \$cookie_(\w+) \$portal_script \{([^}]*)\}", conf)
    assert script_map[1] == traditional.COOKIE
    assert re.findall(r'"~\^(\w+)\$"\s+(\w+);', script_map[2]) == [(traditional.HANT,) * 2]
    key = re.search(r"proxy_cache_key (\S+);", conf)[1]
    assert key.endswith("$portal_script") and "$request_uri" in key
    no_cache = re.search(r"proxy_no_cache ([^;]+);", conf)[1].split()
    assert "$portal_wrong_script" in no_cache
    wrong = re.search(r"\$portal_wrong_script \{([^}]*)\}", conf)[1]
    assert f'"~^{traditional.HANT}:{traditional.LANG[traditional.HANT]}$"  0;' in wrong
