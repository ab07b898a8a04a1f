"""Factories for the events tests: plain make_x(**overrides) fixtures."""

import itertools
from datetime import timedelta

import pytest
from django.utils import timezone

from events.models import Event, Registration, new_registration_code

_seq = itertools.count(1)


@pytest.fixture(autouse=True)
def _captcha_and_mailbox(db, captcha_and_mailbox):
    pass


@pytest.fixture
def make_event(db):
    """A published event a week away whose registration is open, with 30 places."""

    def make(**overrides):
        n = next(_seq)
        now = timezone.now()
        starts = overrides.pop("starts_at", now + timedelta(days=7))
        data = {
            "title": f"开发区高质量发展研讨会{n}",
            "summary": "研讨园区产业升级与营商环境。",
            "body": "<p>会议议程另行通知。</p>",
            "place": "北京·国家会议中心 301 会议室",
            "starts_at": starts,
            "ends_at": starts + timedelta(hours=8),
            "registration_opens_at": now - timedelta(days=1),
            "registration_closes_at": starts - timedelta(hours=1),
            "capacity": 30,
            "waiting_list": True,
            "status": Event.Status.PUBLISHED,
            "publish_at": now - timedelta(days=1),
        }
        data.update(overrides)
        return Event.objects.create(**data)

    return make


@pytest.fixture
def event(make_event):
    return make_event(title="2026 年园区招商引资培训班")


@pytest.fixture
def make_registration(db):
    def make(event, **overrides):
        n = next(_seq)
        data = {
            "event": event,
            "code": new_registration_code(),
            "name": f"报名者{n}",
            "unit": "某经济技术开发区管委会",
            "phone": f"139{n:08d}",
            "email": f"person{n}@example.com",
            "status": Registration.Status.CONFIRMED,
        }
        data.update(overrides)
        return Registration.objects.create(**data)

    return make


@pytest.fixture
def full_event(make_event, make_registration):
    """Two places, both taken, and two people waiting."""
    event = make_event(capacity=2)
    holders = [make_registration(event), make_registration(event)]
    waiting = [
        make_registration(event, status=Registration.Status.WAITING, email="first@example.com"),
        make_registration(event, status=Registration.Status.WAITING, email="second@example.com"),
    ]
    return event, holders, waiting


@pytest.fixture
def registration_data(public_form_data):
    return public_form_data(
        name="王芳",
        unit="苏州工业园区管委会",
        position="招商局副局长",
        phone="13912345678",
        email="wangfang@example.com",
        remarks="需要一个素食午餐。",
    )


@pytest.fixture
def checkin_staff(db, django_user_model):
    """Staff holding only the check-in permission (and the admin's view of registrations)."""
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user(
        username="door", password="pass-for-tests-123", is_staff=True
    )
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="events",
            codename__in=["checkin_registration", "view_registration"],
        )
    )
    return user
