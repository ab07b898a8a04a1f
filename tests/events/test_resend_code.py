"""发送报名编号到邮箱: the person whose registration was stored but whose answer was lost
gets the code mailed to the address on file, and nobody learns who registered."""

import pytest
from django.core import mail

from events.models import Registration

pytestmark = pytest.mark.django_db

ANSWER = "如果这个电子邮箱或电话登记过，报名编号已发送到当时填写的电子邮箱"


def post(client, url, data):
    return client.post(url, data, REMOTE_ADDR="203.0.113.7")


def test_a_retry_after_a_lost_answer_offers_to_mail_the_code_and_mails_it(
    client, event, registration_data, django_capture_on_commit_callbacks
):
    # the first registration committed, but its answer never reached the person
    with django_capture_on_commit_callbacks(execute=True):
        post(client, event.get_absolute_url(), registration_data())
    registration = Registration.objects.get()
    mail.outbox.clear()

    retry = post(client, event.get_absolute_url(), registration_data())
    html = retry.content.decode()
    assert retry.status_code == 409 and "已经报名了本活动" in html
    assert f'action="/events/{event.pk}/resend/"' in html and "发送报名编号到邮箱" in html
    assert 'name="contact" value="wangfang@example.com"' in html

    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, f"/events/{event.pk}/resend/", {"contact": "wangfang@example.com"})
    assert response.status_code == 200 and ANSWER in response.content.decode()
    (sent,) = mail.outbox
    assert sent.to == ["wangfang@example.com"] and registration.code in sent.body
    assert "/events/registration/" in sent.body


def test_a_phone_gets_the_code_mailed_to_the_address_on_file_only(
    client, event, make_registration, django_capture_on_commit_callbacks
):
    registration = make_registration(event, phone="13912345678", email="onfile@example.com")
    page = client.get("/events/registration/").content.decode()
    assert 'action="/events/registration/resend/"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, "/events/registration/resend/", {"contact": "+86 139 1234 5678"})
    assert ANSWER in response.content.decode()
    (sent,) = mail.outbox
    assert sent.to == ["onfile@example.com"] and registration.code in sent.body


@pytest.mark.parametrize("contact", ["nobody@example.com", "13800000000", "gone@example.com"])
def test_the_answer_is_the_same_when_nothing_is_found_and_nothing_is_mailed(
    client, event, make_registration, django_capture_on_commit_callbacks, contact
):
    make_registration(event, email="gone@example.com", status=Registration.Status.CANCELLED)
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, "/events/registration/resend/", {"contact": contact})
    assert response.status_code == 200 and ANSWER in response.content.decode()
    assert mail.outbox == []


def test_one_address_gets_one_such_mail_at_a_time_and_clients_are_rate_limited(
    client, event, make_registration, settings, django_capture_on_commit_callbacks
):
    settings.CODE_RESEND_RATE = "3/h"
    make_registration(event, email="someone@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        answers = [
            post(client, "/events/registration/resend/", {"contact": "someone@example.com"})
            for _ in range(4)
        ]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert len(mail.outbox) == 1  # not a way to flood someone's mailbox


def test_a_bad_contact_gets_a_chinese_message_and_a_get_goes_to_the_look_up(client, event):
    response = post(client, "/events/registration/resend/", {"contact": "a\nBcc: x@evil.example"})
    assert response.status_code == 400 and "只能填写一行" in response.content.decode()
    assert 'value="a' in response.content.decode()  # what was typed comes back
    for url in ("/events/registration/resend/", f"/events/{event.pk}/resend/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == "/events/registration/"
