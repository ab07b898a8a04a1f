"""A landline keeps its dashes (010-68512345, 0571-88886666-8001): typed in 报名, kept
so, shown so in the admin and found by 现场签到's search however it is typed; rows
stored before without dashes get them back (editorial/migrations/0003)."""

import importlib

import pytest
from django.apps import apps

from events.models import Registration
from submissions.models import Message, new_reference_code

pytestmark = pytest.mark.django_db


def post(client, event, data):
    return client.post(event.get_absolute_url(), data, REMOTE_ADDR="203.0.113.7")


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("010-68512345", "010-68512345"),
        ("0571-88886666", "0571-88886666"),
        ("010-68512345-8001", "010-68512345-8001"),
        ("(010) 6851 2345 转 8001", "010-68512345-8001"),
        ("13812345678", "13812345678"),
    ],
)
def test_a_registration_keeps_the_landline_as_written_and_the_admin_shows_it(
    client, superuser_client, event, registration_data, typed, kept
):
    response = post(client, event, registration_data(phone=typed))
    assert response.status_code == 302
    assert Registration.objects.get().phone == kept
    listing = superuser_client.get("/admin/events/registration/").content.decode()
    assert f">{kept}<" in listing


def test_a_landline_with_its_extension_run_in_is_refused_with_a_chinese_message(
    client, event, registration_data
):
    response = post(client, event, registration_data(phone="0571888866668001"))
    assert response.status_code == 400
    assert "请用短横线隔开区号、电话号码和分机号" in response.content.decode()
    assert not Registration.objects.exists()


def test_check_in_finds_a_landline_however_it_is_typed(superuser_client, event, make_registration):
    make_registration(event, name="李明", phone="010-68512345")
    for typed in ("01068512345", "010 6851 2345", "+86 10 68512345"):
        html = superuser_client.get(f"/events/{event.pk}/arrivals/", {"q": typed})
        assert "李明" in html.content.decode(), typed


def test_landlines_stored_without_dashes_get_them_back(event, make_registration):
    rows = {
        "010-68512345": make_registration(event),
        "010-68512345-8001": make_registration(event),
        "0571-88886666": make_registration(event),
        "0512-6000123": make_registration(event),
        "13912345678": make_registration(event),
        "057188886668001": make_registration(event),  # 7 or 8 digits: not certain
    }
    for dashed, row in rows.items():
        Registration.objects.filter(pk=row.pk).update(phone=dashed.replace("-", ""))
    message = Message.objects.create(
        code=new_reference_code(), name="王五", subject="咨询", content="内容", phone="0"
    )
    Message.objects.filter(pk=message.pk).update(phone="02160001234")

    migration = importlib.import_module("editorial.migrations.0003_landline_dashes")
    migration.add_dashes(apps, None)

    for dashed, row in rows.items():
        row.refresh_from_db()
        assert row.phone == dashed
    message.refresh_from_db()
    assert message.phone == "021-60001234"
