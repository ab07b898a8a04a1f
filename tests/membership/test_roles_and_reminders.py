"""A member sees only its own data; the office's reminder of an expiring membership."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from associations.models import Zone
from editorial.models import PendingRevision
from membership.models import Member

pytestmark = pytest.mark.django_db

OWN_PAGES = [
    "/member/home/",
    "/member/certificate.pdf",
    "/member/contacts/invite/",
    "/member/entry/",
]


def zone(name):
    return Zone.objects.create(
        name=name,
        province="江苏省",
        level="national",
        zone_type="economic",
        address=f"{name}路 1 号",
    )


def test_every_member_url_shows_a_second_member_only_its_own_data(make_member, member_client):
    first = member_client.contact
    colleague = first.member.contacts.create(
        name="王芳", user=type(first.user).objects.create_user("wf@example.com", "wf@example.com")
    )
    first.member.zone = zone("临江经济技术开发区")
    first.member.save()
    other = make_member(
        number="2026-0002", name="东湖高新区", email="other@example.com", zone=zone("东湖高新区")
    )
    client = Client()
    client.force_login(other.user)
    for url in OWN_PAGES:
        response = client.get(url)
        body = response.content
        assert first.member.name.encode() not in body and first.member.number.encode() not in body
        assert "临江经济技术开发区路".encode() not in body  # the first member's entry
    # editing "my entry" changes only the second member's own entry
    client.post("/member/entry/", {"address": "东湖路 2 号"})
    assert [p.object_id for p in PendingRevision.objects.all()] == [other.member.zone_id]
    # removing the first member's contact: not found for the second member
    response = client.post(f"/member/contacts/{colleague.pk}/remove/")
    assert response.status_code == 404
    assert first.member.contacts.filter(pk=colleague.pk).exists()


def test_reminders_go_once_per_end_date_to_members_expiring_within_30_days(
    make_member, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    today = timezone.localdate()
    soon = make_member(valid_until=today + datetime.timedelta(days=20))
    make_member(number="2026-0002", email="later@example.com")  # 200 days left
    with django_capture_on_commit_callbacks(execute=True):
        call_command("housekeeping", stdout=open("/dev/null", "w"))
    assert [m.to for m in mail.outbox] == [[soon.user.email]]
    assert "到期" in mail.outbox[0].subject
    with django_capture_on_commit_callbacks(execute=True):
        call_command("housekeeping", stdout=open("/dev/null", "w"))
    assert len(mail.outbox) == 1  # not again for the same date
    Member.objects.filter(pk=soon.member.pk).update(valid_until=today + datetime.timedelta(days=25))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("housekeeping", stdout=open("/dev/null", "w"))
    assert len(mail.outbox) == 2
