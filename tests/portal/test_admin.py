"""Every admin changelist, add and change page of every app renders for a superuser.

Misspelled admin options are otherwise silently ignored, so this walks the whole registry.
"""

import pytest
from django.contrib import admin
from django.urls import reverse

from portal.models import Page, SiteSettings

pytestmark = pytest.mark.django_db


def test_every_registered_admin_page_renders(superuser_client, make_page):
    make_page()
    SiteSettings.load()
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        response = superuser_client.get(changelist, follow=True)
        assert response.status_code == 200, changelist
        if model_admin.has_add_permission(response.wsgi_request):
            add = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
            assert superuser_client.get(add).status_code == 200, add
        obj = model._default_manager.first()
        if obj is not None:
            change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
            assert superuser_client.get(change).status_code == 200, change
        # searches and filters must not crash either
        assert superuser_client.get(changelist, {"q": "协会"}, follow=True).status_code == 200


def test_admin_is_in_chinese(superuser_client):
    html = superuser_client.get("/admin/").content.decode()
    assert "中国开发区协会 管理后台" in html
    assert "站点管理" in html or "内容管理" in html


def test_site_settings_changelist_goes_straight_to_the_single_row(superuser_client):
    response = superuser_client.get(reverse("admin:portal_sitesettings_changelist"))
    assert response.status_code == 302
    assert response["Location"].endswith("/portal/sitesettings/1/change/")


def test_saving_a_page_in_admin_sets_audit_fields_and_sanitizes(superuser_client, superuser):
    response = superuser_client.post(
        reverse("admin:portal_page_add"),
        {
            "title": "协会服务",
            "slug": "services",
            "summary": "",
            "body": "<p>服务内容<script>alert(1)</script></p>",
            "order": 10,
            "show_in_nav": "on",
            "is_published": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    page = Page.objects.get(slug="services")
    assert page.created_by == superuser and page.updated_by == superuser
    assert page.body == "<p>服务内容</p>"


def test_login_is_locked_after_repeated_failures(client, superuser):
    for _ in range(5):
        client.post("/admin/login/?next=/admin/", {"username": "boss", "password": "wrong"})
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "boss", "password": "pass-for-tests-123"}
    )
    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()


def test_admin_index_warns_when_the_office_mailbox_is_empty(superuser_client):
    from portal.models import SiteSettings

    site = SiteSettings.load()
    site.contact_email = ""
    site.save()
    assert "不会收到邮件通知" in superuser_client.get("/admin/").content.decode()
    site.contact_email = "office@example.org"
    site.save()
    assert "不会收到邮件通知" not in superuser_client.get("/admin/").content.decode()
