"""找回编号 (publicforms.recover): a person who lost a code gets every code they were given
mailed to the address on file, from one page linked by every look-up and by the 已经报名
answer, and nobody learns who registered."""

import pytest
from django.core import mail

from events.models import Registration

pytestmark = pytest.mark.django_db

ANSWER = "如果这个电子邮箱或电话在本站登记过，您的编号已发送到当时填写的电子邮箱"
LOOKUPS = [
    "/events/registration/",
    "/contribute/status/",
    "/membership/status/",
    "/messages/lookup/",
]


def post(client, data, url="/codes/"):
    return client.post(url, data, REMOTE_ADDR="203.0.113.7")


def test_a_repeat_registration_leads_to_the_code_instead_of_a_dead_end(
    client, event, registration_data, django_capture_on_commit_callbacks
):
    # the first registration committed, but its answer never reached the person
    with django_capture_on_commit_callbacks(execute=True):
        post(client, registration_data(), url=event.get_absolute_url())
    registration = Registration.objects.get()
    mail.outbox.clear()

    retry = post(client, registration_data(), url=event.get_absolute_url())
    html = retry.content.decode()
    assert retry.status_code == 409 and "已经报名了本活动" in html
    assert "请到报名查询页输入报名编号" not in html and "忘记了报名编号，可以找回" in html
    assert 'action="/codes/"' in html and "找回报名编号" in html
    assert 'name="contact" value="wangfang@example.com"' in html

    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, {"contact": "wangfang@example.com"})
    assert response.status_code == 200 and ANSWER in response.content.decode()
    (sent,) = mail.outbox
    assert sent.to == ["wangfang@example.com"] and registration.code in sent.body
    assert event.title in sent.body and "/events/registration/" in sent.body


@pytest.mark.parametrize("lookup", LOOKUPS)
def test_every_look_up_links_the_recovery_page(client, lookup):
    html = client.get(lookup).content.decode()
    assert '<a href="/codes/">找回编号</a>' in html


def test_one_mail_holds_every_kind_of_code_of_an_address(
    client, event, make_registration, django_capture_on_commit_callbacks
):
    from membership.models import Application, new_application_code
    from submissions.models import Message, Submission, new_reference_code, new_tracking_code

    registration = make_registration(event, email="same@example.com")
    submission = Submission.objects.create(
        tracking_code=new_tracking_code(),
        title="园区观察",
        author="甲",
        email="same@example.com",
        consent_at=registration.created_at,
    )
    application = Application.objects.create(
        code=new_application_code(),
        unit_name="临江开发区",
        kind="zone",
        province="江苏省",
        city="临江市",
        address="一号",
        contact_name="甲",
        position="主任",
        phone="051260001234",
        email="same@example.com",
        introduction="简介",
        consent_at=registration.created_at,
    )
    message = Message.objects.create(
        code=new_reference_code(),
        name="甲",
        email="same@example.com",
        subject="咨询入会",
        content="内容",
    )
    Message.objects.create(  # someone else's
        code=new_reference_code(),
        name="乙",
        email="other@example.com",
        subject="别人",
        content="内容",
    )
    with django_capture_on_commit_callbacks(execute=True):
        post(client, {"contact": "Same@Example.com"})
    (sent,) = mail.outbox
    for code in (registration.code, submission.tracking_code, application.code, message.code):
        assert code in sent.body
    assert "别人" not in sent.body
    for label in ("报名编号", "投稿查询码", "入会申请编号", "留言编号"):
        assert label in sent.body


def test_a_phone_gets_the_code_mailed_to_the_address_on_file_only(
    client, event, make_registration, django_capture_on_commit_callbacks
):
    registration = make_registration(event, phone="13912345678", email="onfile@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, {"contact": "+86 139 1234 5678"})
    assert ANSWER in response.content.decode()
    (sent,) = mail.outbox
    assert sent.to == ["onfile@example.com"] and registration.code in sent.body


@pytest.mark.parametrize("contact", ["nobody@example.com", "13800000000", "gone@example.com"])
def test_the_answer_is_the_same_when_nothing_is_found_and_nothing_is_mailed(
    client, event, make_registration, django_capture_on_commit_callbacks, contact
):
    make_registration(event, email="gone@example.com", status=Registration.Status.CANCELLED)
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, {"contact": contact})
    assert response.status_code == 200 and ANSWER in response.content.decode()
    assert mail.outbox == []


def test_one_address_gets_one_such_mail_at_a_time_and_clients_are_rate_limited(
    client, event, make_registration, settings, django_capture_on_commit_callbacks
):
    settings.CODE_RESEND_RATE = "3/h"
    make_registration(event, email="someone@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        answers = [post(client, {"contact": "someone@example.com"}) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert "操作过于频繁" in answers[-1].content.decode()
    assert len(mail.outbox) == 1  # not a way to flood someone's mailbox


@pytest.mark.parametrize(
    ("contact", "message"),
    [
        ("a\nBcc: x@evil.example", "只能填写一行"),
        ("", "请填写当时留下的电子邮箱或电话"),
        ("x" * 300, "电子邮箱或电话太长"),
        ("bad\x00byte", "空字符"),
    ],
)
def test_bad_contacts_get_a_chinese_message_and_a_400(client, contact, message):
    response = post(client, {"contact": contact})
    html = response.content.decode()
    assert response.status_code == 400 and message in html and ANSWER not in html


def test_the_page_answers_a_get_with_its_form_and_is_never_cached(client):
    response = client.get("/codes/")
    html = response.content.decode()
    assert response.status_code == 200 and "找回编号" in html and 'name="contact"' in html
    assert "no-cache" in response["Cache-Control"]
    assert client.put("/codes/").status_code == 405
