"""One person, one place: a phone or e-mail written another way is the same person, in
the form, in the database, in the look-up and in the rows stored before this rule."""

import importlib

import pytest
from django.apps import apps
from django.db import IntegrityError, transaction

from events.models import Registration

pytestmark = pytest.mark.django_db

Status = Registration.Status


def post(client, event, data):
    return client.post(event.get_absolute_url(), data, REMOTE_ADDR="203.0.113.7")


@pytest.mark.parametrize(
    "phone", ["+8613912345678", "8613912345678", "0086 13912345678", "+86 139-1234-5678"]
)
def test_the_same_mobile_with_a_country_code_is_the_same_person(
    client, event, registration_data, phone
):
    assert post(client, event, registration_data()).status_code == 302
    response = post(client, event, registration_data(phone=phone, email="other@example.com"))
    assert response.status_code == 409
    assert "这个手机号码已经报名了本活动" in response.content.decode()
    assert Registration.objects.count() == 1


@pytest.mark.parametrize(
    "email", ["wangfang@ｅxample.com", "ＷＡＮＧＦＡＮＧ@example.com", "wangfang@EXAMPLE．COM"]
)
def test_the_same_email_in_full_width_characters_is_the_same_person(
    client, event, registration_data, email
):
    assert post(client, event, registration_data()).status_code == 302
    response = post(client, event, registration_data(email=email, phone="13800000000"))
    assert response.status_code == 409
    assert "这个电子邮箱已经报名了本活动" in response.content.decode()
    assert Registration.objects.count() == 1


def test_a_quoted_email_is_refused_and_the_form_kept(client, event, registration_data):
    response = post(client, event, registration_data(email='"wangfang"@example.com'))
    html = response.content.decode()
    assert response.status_code == 400
    assert "不能带引号" in html and "苏州工业园区管委会" in html
    assert Registration.objects.count() == 0


def test_a_registration_stores_the_national_number(client, event, registration_data):
    post(client, event, registration_data(phone="+86 139 1234 5678", email="WangFang@Ｅxample.com"))
    registration = Registration.objects.get()
    assert (registration.phone, registration.email) == ("13912345678", "wangfang@example.com")


def test_the_database_refuses_the_same_phone_written_another_way(event, make_registration):
    make_registration(event, phone="13900000001")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_registration(event, phone="+86 139 0000 0001")


@pytest.mark.parametrize(
    "contact", ["+8613912345678", "0086 139 1234 5678", "WangFang@ｅxample.com"]
)
def test_the_look_up_finds_the_registration_however_the_contact_is_written(
    client, event, make_registration, contact
):
    registration = make_registration(
        event, phone="13912345678", email="wangfang@example.com", name="王芳"
    )
    response = client.post("/events/registration/", {"code": registration.code, "contact": contact})
    assert response.status_code == 200
    assert "王芳" in response.content.decode()


def test_rows_stored_before_the_rule_are_normalized_and_a_double_place_is_given_back(
    event, make_event, make_registration
):
    first = make_registration(event, phone="13900000001", email="a@example.com")
    second = make_registration(event, phone="13900000002", email="b@example.com")
    waiting = make_registration(event, status=Status.WAITING, remarks="素食")
    other_event = make_registration(make_event(), phone="13900000003")
    # as the old code stored them: the same people written differently
    Registration.objects.filter(pk=second.pk).update(phone="+8613900000001")
    Registration.objects.filter(pk=waiting.pk).update(phone="0086 139 0000 0001")
    Registration.objects.filter(pk=other_event.pk).update(phone="+86 139 0000 0001")

    migration = importlib.import_module("events.migrations.0002_contact_normal_forms")
    migration.one_place_per_person(apps, None)

    rows = {r.pk: r for r in Registration.objects.all()}
    assert rows[first.pk].status == Status.CONFIRMED
    for duplicate in (second.pk, waiting.pk):
        assert rows[duplicate].status == Status.CANCELLED
        assert f"与 {first.code} 是同一人" in rows[duplicate].remarks
        assert rows[duplicate].phone == "13900000001"
    assert rows[waiting.pk].remarks.startswith("素食\n")
    assert rows[other_event.pk].status == Status.CONFIRMED  # another event: its own place
    assert rows[other_event.pk].phone == "13900000001"


def test_the_migration_keeps_the_registration_that_was_checked_in(event, make_registration):
    from django.utils import timezone

    early = make_registration(event, phone="13900000001")
    arrived = make_registration(event, phone="13900000009", checked_in_at=timezone.now())
    Registration.objects.filter(pk=arrived.pk).update(phone="+8613900000001")

    migration = importlib.import_module("events.migrations.0002_contact_normal_forms")
    migration.one_place_per_person(apps, None)

    early.refresh_from_db()
    arrived.refresh_from_db()
    assert (arrived.status, arrived.phone) == (Status.CONFIRMED, "13900000001")
    assert early.status == Status.CANCELLED
