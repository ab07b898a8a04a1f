"""Settings come from the environment and fail clearly when a value is wrong."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "k3y-" + "x7Qp9vZr2LmN8sT4wYb6" * 3,
    "ALLOWED_HOSTS": "portal.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://portal.example.org",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/portal",
    "SECURE_SSL_REDIRECT": "true",
    "SESSION_COOKIE_SECURE": "true",
    "CSRF_COOKIE_SECURE": "true",
    "SECURE_HSTS_SECONDS": "31536000",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "SITE_URL": "https://portal.example.org",
    "TRUSTED_PROXIES": "127.0.0.1,::1",
}


def run_manage(*args, env):
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECURE_"))}
    for key in (
        "SECRET_KEY",
        "DEBUG",
        "DATABASE_URL",
        "REDIS_URL",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SERVE_MEDIA",
        "SITE_URL",
    ):
        base.pop(key, None)
    base.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=base,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy_without_warnings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_missing_site_url_with_debug_off_names_the_variable_in_one_line():
    result = run_manage("check", env={**PRODUCTION_ENV, "SITE_URL": ""})
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "SITE_URL" in lines[0], result.stderr


def test_hsts_preload_turned_off_on_purpose_passes_check_deploy():
    env = {**PRODUCTION_ENV, "SECURE_HSTS_PRELOAD": "false"}
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr


def test_missing_secret_key_with_debug_off_names_the_variable():
    env = {**PRODUCTION_ENV, "SECRET_KEY": ""}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
    assert "DEBUG" in result.stderr


def test_unparseable_database_url_names_the_variable():
    env = {**PRODUCTION_ENV, "DATABASE_URL": "mysqlish://nobody@nowhere/db"}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr


def test_a_trusted_proxy_that_is_not_an_address_names_the_variable():
    result = run_manage("check", env={**PRODUCTION_ENV, "TRUSTED_PROXIES": "127.0.0.1,nginx"})
    assert result.returncode != 0
    assert "TRUSTED_PROXIES" in result.stderr and "nginx" in result.stderr


def test_the_retired_ratelimit_ip_meta_key_stops_start_up_naming_its_replacement():
    """It made every POST a 500 without the header and let clients choose their address."""
    env = {**PRODUCTION_ENV, "RATELIMIT_IP_META_KEY": "HTTP_X_REAL_IP"}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "RATELIMIT_IP_META_KEY" in result.stderr and "TRUSTED_PROXIES" in result.stderr


def test_unreachable_database_gives_a_clear_error_not_a_traceback_to_readers():
    env = {**PRODUCTION_ENV, "DATABASE_URL": "postgres://postgres@127.0.0.1:1/portal"}
    result = run_manage("migrate", "--check", env=env)
    assert result.returncode != 0
    assert "127.0.0.1" in result.stderr and "port 1" in result.stderr


def test_a_database_other_than_postgresql_is_refused_in_one_line():
    result = run_manage("check", env={"DEBUG": "true", "DATABASE_URL": "mysql://u@127.0.0.1/p"})
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "PostgreSQL" in lines[0], result.stderr


def test_without_database_url_start_up_stops_naming_the_variable():
    """The site only runs on PostgreSQL, and the message says how to get one (`check`
    alone reads only the code and needs no database: see the test below)."""
    result = run_manage("migrate", "--check", env={"DEBUG": "true"})
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "DATABASE_URL" in lines[0]
    assert "make demo" in lines[0] and "PostgreSQL" in lines[0]


def test_code_only_commands_run_on_a_fresh_clone_without_configuration():
    """check and makemigrations read only the code: no secret, database or address is
    needed for them, while check --deploy and every other command still ask for them."""
    result = run_manage("check", env={})
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    result = run_manage("makemigrations", "--check", "--dry-run", env={})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No changes detected" in result.stdout
    for args in (("check", "--deploy"), ("migrate", "--check")):
        result = run_manage(*args, env={})
        assert result.returncode != 0, args
        assert "SECRET_KEY" in result.stderr, args
