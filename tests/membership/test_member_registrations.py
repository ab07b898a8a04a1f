"""我的会籍 lists the event registrations made with the member's contacts' e-mail
addresses: code, check-in QR code and the event's .ics, and nobody else's."""

import datetime

import pytest
from django.utils import timezone

from events.models import Event, Registration, new_registration_code
from membership import accounts

pytestmark = pytest.mark.django_db
HOME = "/member/home/"


def event(title, days=7, **extra):
    starts = timezone.now() + datetime.timedelta(days=days)
    return Event.objects.create(
        title=title,
        summary="研讨园区产业升级。",
        place="北京·国家会议中心",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=8),
        registration_opens_at=timezone.now() - datetime.timedelta(days=1),
        registration_closes_at=starts - datetime.timedelta(hours=1),
        capacity=30,
        status=Event.Status.PUBLISHED,
        publish_at=timezone.now() - datetime.timedelta(days=1),
        **extra,
    )


def register(on, email, status=Registration.Status.CONFIRMED, phone="13900000001"):
    return Registration.objects.create(
        event=on,
        code=new_registration_code(),
        name="孙立",
        unit="临江经开区",
        phone=phone,
        email=email,
        status=status,
    )


def test_the_members_registrations_show_with_code_qr_and_ics(member_client):
    meeting = event("开发区高质量发展研讨会")
    mine = register(meeting, member_client.contact.user.email)
    waiting = register(event("招商推介会"), "sunli@example.com", Registration.Status.WAITING)
    cancelled = register(event("已取消的培训"), "sunli@example.com", Registration.Status.CANCELLED)
    strangers = register(meeting, "stranger@example.com", phone="13900000002")
    html = member_client.get(HOME).content.decode()
    assert mine.code in html and "开发区高质量发展研讨会" in html
    assert f"签到二维码 {mine.code}" in html and "<svg" in html  # the check-in QR code
    assert f'href="/events/{meeting.pk}/calendar.ics"' in html
    assert waiting.code in html and "候补" in html
    assert cancelled.code not in html and "已取消的培训" not in html
    assert strangers.code not in html


def test_a_second_member_does_not_see_the_firsts_registrations(member_client, make_member):
    mine = register(event("开发区高质量发展研讨会"), "sunli@example.com")
    other = make_member(number="2026-0002", name="东湖高新区", email="other@example.com")
    member_client.force_login(other.user)
    html = member_client.get(HOME).content.decode()
    assert mine.code not in html and "还没有活动报名" in html


def test_home_takes_as_many_queries_with_one_registration_as_with_five(
    member_client, django_assert_num_queries
):
    member = member_client.contact.member
    accounts.invite_contact(member=member, name="王芳", email="wf@example.com")
    for n in range(5):
        email = "sunli@example.com" if n % 2 else "wf@example.com"
        register(event(f"活动{n}"), email, phone=f"1390000000{n}")
        member_client.get(HOME)  # a new event renews the cached menus; cached after this
        with django_assert_num_queries(6):
            html = member_client.get(HOME).content.decode()
    assert html.count("加入日历（.ics）") == 5
