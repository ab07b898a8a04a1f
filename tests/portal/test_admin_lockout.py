"""The admin lock-out (django-axes) counts failures per user *and* client address.

Behind nginx every request comes from the proxy, so the address must be the reader's
(X-Real-IP from a trusted proxy): otherwise five wrong passwords from anyone would lock
an editor out everywhere.
"""

import pytest
from axes.models import AccessAttempt
from django.test import Client

pytestmark = pytest.mark.django_db

PROXY = "127.0.0.1"
PASSWORD = "pass-for-tests-123"
LOCKED = "登录失败次数过多"


def log_in(password, *, remote_addr=PROXY, real_ip=None):
    extra = {"REMOTE_ADDR": remote_addr}
    if real_ip:
        extra["HTTP_X_REAL_IP"] = real_ip
    return Client().post(
        "/admin/login/?next=/admin/",
        {"username": "editor", "password": password, "next": "/admin/"},
        **extra,
    )


def fail_five_times(**where):
    for _ in range(5):
        response = log_in("wrong-password", **where)
        assert response.status_code in (200, 429)


def test_wrong_passwords_behind_the_proxy_lock_only_that_client(editor, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    fail_five_times(real_ip="203.0.113.66")
    locked = log_in(PASSWORD, real_ip="203.0.113.66")
    assert locked.status_code == 429 and LOCKED in locked.content.decode()
    # the editor, at another address behind the same proxy, still logs in
    response = log_in(PASSWORD, real_ip="198.51.100.20")
    assert response.status_code == 302 and response["Location"] == "/admin/"


def test_a_client_outside_the_proxy_cannot_escape_the_lock_by_forging_the_header(editor, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    for n in range(5):
        log_in("wrong-password", remote_addr="203.0.113.66", real_ip=f"198.51.100.{n + 1}")
    forged = log_in(PASSWORD, remote_addr="203.0.113.66", real_ip="198.51.100.99")
    assert forged.status_code == 429 and LOCKED in forged.content.decode()
    # the real editor elsewhere is not affected
    assert log_in(PASSWORD, remote_addr="192.0.2.10").status_code == 302


def test_a_user_name_longer_than_any_account_gets_a_chinese_message_not_a_500(db):
    response = Client().post("/admin/login/", {"username": "a" * 5000, "password": "x"})
    assert response.status_code == 200
    assert "用户名太长" in response.content.decode()
    assert not AccessAttempt.objects.exists()  # nothing reached the lock-out's table
