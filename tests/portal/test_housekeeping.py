"""`manage.py housekeeping` removes what has expired and keeps what is current."""

import io
from datetime import timedelta

import pytest
from axes.models import AccessLog
from captcha.models import CaptchaStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_expired_sessions_captchas_and_old_login_records_go_current_ones_stay():
    now = timezone.now()
    Session.objects.create(
        session_key="old" * 8, session_data="x", expire_date=now - timedelta(hours=1)
    )
    Session.objects.create(
        session_key="new" * 8, session_data="x", expire_date=now + timedelta(days=1)
    )
    CaptchaStore.objects.create(
        challenge="AB", response="ab", hashkey="h1", expiration=now - timedelta(minutes=1)
    )
    CaptchaStore.objects.create(
        challenge="CD", response="cd", hashkey="h2", expiration=now + timedelta(minutes=5)
    )
    old = AccessLog.objects.create(username="editor", ip_address="203.0.113.5", user_agent="x")
    AccessLog.objects.filter(pk=old.pk).update(attempt_time=now - timedelta(days=120))
    AccessLog.objects.create(username="editor", ip_address="203.0.113.5", user_agent="x")

    out = io.StringIO()
    call_command("housekeeping", stdout=out)
    assert "过期会话 1 个" in out.getvalue() and "过期验证码 1 个" in out.getvalue()
    assert list(Session.objects.values_list("session_key", flat=True)) == ["new" * 8]
    assert list(CaptchaStore.objects.values_list("hashkey", flat=True)) == ["h2"]
    assert AccessLog.objects.count() == 1

    call_command("housekeeping", stdout=io.StringIO())  # safe to run again at once
    assert Session.objects.count() == 1 and CaptchaStore.objects.count() == 1
