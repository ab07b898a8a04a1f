"""会员可见 single pages (portal.Page), as articles have it (tests/news/test_members_only.py):
anonymous readers get the title, summary and a sign-in prompt; current members and staff
the whole text, never from or into a shared cache; search has no body words."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from portal.models import Page

pytestmark = pytest.mark.django_db
SECRET = "年度会费收支明细"
URL = "/pages/member-finance/"


@pytest.fixture
def page(db):
    return Page.objects.create(
        title="会员内部通报",
        slug="member-finance",
        summary="本年度协会财务情况通报。",
        body=f"<p>{SECRET}与下年度预算草案。</p>",
        members_only=True,
    )


def test_anonymous_readers_see_title_summary_and_a_sign_in_prompt(reader, page):
    html = reader.get(URL).content.decode()
    assert page.title in html and page.summary in html
    assert "登录会员专区" in html and "/member/?next=/pages/member-finance/" in html
    assert SECRET not in html


def test_a_member_reads_the_whole_page_never_cached(member_client, page):
    response = member_client.get(URL)
    assert SECRET in response.content.decode()
    assert "no-cache" in response["Cache-Control"] or "private" in response["Cache-Control"]
    assert "X-Page-Cache" not in response


def test_an_expired_member_does_not_and_staff_do(make_member, page, editor):
    today = timezone.localdate()
    expired = make_member(
        number="2025-0009",
        email="old@example.com",
        since=today - datetime.timedelta(days=400),
        valid_until=today - datetime.timedelta(days=1),
    )
    client = Client()
    client.force_login(expired.user)
    assert SECRET not in client.get(URL).content.decode()
    staff = Client()
    staff.force_login(editor)
    assert SECRET in staff.get(URL).content.decode()


def test_no_shared_cache_keeps_the_member_page(reader, member_client, page):
    assert reader.get(URL)["X-Page-Cache"] == "miss"
    assert SECRET in member_client.get(URL).content.decode()
    again = reader.get(URL)
    assert again["X-Page-Cache"] == "hit" and SECRET not in again.content.decode()


def test_search_has_the_title_and_summary_not_the_body(reader, page):
    Page.objects.create(title="公开页面", slug="open", body=f"<p>{SECRET}公开部分</p>")
    html = reader.get("/search/", {"q": "会费收支明细"}).content.decode()
    assert "/pages/open/" in html and URL not in html
    assert f'href="{URL}"' in reader.get("/search/", {"q": "内部通报"}).content.decode()


def test_a_public_page_is_as_before(reader):
    Page.objects.create(title="协会简介", slug="about-x", body=f"<p>{SECRET}</p>")
    html = reader.get("/pages/about-x/").content.decode()
    assert SECRET in html and "登录会员专区" not in html and "会员可见" not in html
