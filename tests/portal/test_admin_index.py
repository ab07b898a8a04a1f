"""The admin index: apps in the order editors use them (资讯 first), every app and model
name in Chinese, the lock-out app's included."""

import re

import pytest
from axes.models import AccessAttempt
from django.contrib import admin
from django.test import RequestFactory

pytestmark = pytest.mark.django_db

LATIN = re.compile(r"[A-Za-z]{2,}")


def app_list(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return admin.site.get_app_list(request)


def test_news_comes_first_and_accounts_last(superuser):
    labels = [app["app_label"] for app in app_list(superuser)]
    assert labels[:3] == ["news", "submissions", "events"]
    assert labels[-2:] == ["auth", "axes"]
    news = app_list(superuser)[0]
    assert [m["object_name"] for m in news["models"]][:2] == ["Article", "Section"]


def test_an_editor_sees_news_first_too(editor):
    assert app_list(editor)[0]["name"] == "资讯中心"


def test_every_app_and_model_name_is_chinese(superuser, client):
    names = []
    for app in app_list(superuser):
        names.append(str(app["name"]))
        names += [str(model["name"]) for model in app["models"]]
    assert [name for name in names if LATIN.search(name)] == []
    client.force_login(superuser)
    html = client.get("/admin/").content.decode()
    assert "登录锁定" in html and "登录失败记录" in html and "Axes" not in html


def test_the_lock_out_pages_speak_chinese(superuser, client):
    AccessAttempt.objects.create(
        username="guess",
        ip_address="203.0.113.9",
        user_agent="curl",
        http_accept="*/*",
        path_info="/admin/login/",
        failures_since_start=5,
    )
    client.force_login(superuser)
    html = client.get("/admin/axes/accessattempt/").content.decode()
    for english in ("Access attempt", "access attempt", "IP Address", "Failed Logins"):
        assert english not in html
    assert "IP 地址" in html and "失败次数" in html
