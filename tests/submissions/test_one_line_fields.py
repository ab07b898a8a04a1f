"""One-line fields of the public forms refuse line breaks and other control characters.

A newline in a subject or a title used to be stored and then made Django refuse the
office's notification and the contributor's e-mail (headers cannot hold a newline), so
the mail was silently lost. Multi-line fields (message content, article body) keep them.
"""

import pytest
from django import forms
from django.core import mail
from django.core.exceptions import ValidationError

from publicforms.forms import StatusLookupForm
from submissions.forms import MessageForm, MessageLookupForm, SubmissionForm
from submissions.models import Message, Submission

pytestmark = pytest.mark.django_db

PUBLIC_FORMS = [MessageForm, SubmissionForm, MessageLookupForm, StatusLookupForm]
ONE_LINE = "只能填写一行"
BAD_VALUES = [
    pytest.param("第一行\n第二行", id="newline"),
    pytest.param("回车\r符", id="carriage-return"),
    pytest.param("制表\t符", id="tab"),
    pytest.param("行\u2028分隔", id="line-separator"),
    pytest.param("段\u2029分隔", id="paragraph-separator"),
    pytest.param("响铃\x07符", id="bell"),
]


def _one_line_fields():
    for form in PUBLIC_FORMS:
        for name, field in form.base_fields.items():
            if isinstance(field, forms.CharField) and not isinstance(field.widget, forms.Textarea):
                if name != "website":  # the honeypot refuses any value
                    yield pytest.param(form, name, id=f"{form.__name__}.{name}")


ONE_LINE_FIELDS = list(_one_line_fields())


def test_every_public_form_has_its_one_line_fields_listed():
    names = {param.id for param in ONE_LINE_FIELDS}
    assert {
        "MessageForm.name",
        "MessageForm.phone",
        "MessageForm.email",
        "MessageForm.subject",
        "SubmissionForm.title",
        "SubmissionForm.author",
        "SubmissionForm.organization",
        "SubmissionForm.phone",
        "SubmissionForm.email",
        "MessageLookupForm.code",
        "StatusLookupForm.code",
        "StatusLookupForm.contact",
    } <= names


@pytest.mark.parametrize(("form", "name"), ONE_LINE_FIELDS)
@pytest.mark.parametrize("value", BAD_VALUES)
def test_one_line_field_refuses_control_characters_with_a_chinese_message(form, name, value):
    field = form.base_fields[name]
    with pytest.raises(ValidationError) as caught:
        field.clean(value)
    text = " ".join(caught.value.messages)
    assert ONE_LINE in text or "不可见的控制字符" in text


@pytest.mark.parametrize(("form", "name"), ONE_LINE_FIELDS)
def test_one_line_field_names_line_breaks_clearly(form, name):
    with pytest.raises(ValidationError) as caught:
        form.base_fields[name].clean("甲\n乙")
    assert any(ONE_LINE in message for message in caught.value.messages)


def test_message_with_a_newline_in_the_subject_is_refused_and_keeps_the_rest(client, message_data):
    response = client.post("/messages/new/", message_data(subject="入会咨询\nBcc: x@evil.example"))
    html = response.content.decode()
    assert response.status_code == 400
    assert ONE_LINE in html
    assert "请问我单位如何申请加入协会？需要哪些材料？</textarea>" in html
    assert not Message.objects.exists() and not mail.outbox


@pytest.mark.parametrize("field", ["title", "author", "organization"])
def test_contribution_with_a_newline_in_a_one_line_field_is_refused(client, submission_data, field):
    response = client.post("/contribute/", submission_data(**{field: "某某\n开发区管委会"}))
    assert response.status_code == 400
    assert ONE_LINE in response.content.decode()
    assert not Submission.objects.exists()


def test_multi_line_fields_keep_their_line_breaks(
    client, message_data, submission_data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message = client.post("/messages/new/", message_data(content="第一行\n第二行\t缩进"))
        submission = client.post("/contribute/", submission_data(body="一段\n\n二段"))
    assert message.status_code == 302 and submission.status_code == 302
    assert Message.objects.get().content == "第一行\n第二行\t缩进"
    assert Submission.objects.get().body == "一段\n\n二段"
    assert len(mail.outbox) == 3  # the office twice, the contributor once


def test_a_stored_title_with_a_newline_does_not_lose_the_contributors_mail(
    make_submission, superuser, django_capture_on_commit_callbacks
):
    from submissions.services.contributions import change_submission_status

    submission = make_submission(title="旧数据\n里的标题")
    with django_capture_on_commit_callbacks(execute=True):
        change_submission_status(
            submission=submission, status=Submission.Status.REVIEWING, note="", user=superuser
        )
    assert len(mail.outbox) == 1
    assert "\n" not in mail.outbox[0].subject
