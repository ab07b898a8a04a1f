import io
import zipfile

import pytest
from django.utils import timezone

from submissions.models import Message, Submission, new_reference_code, new_tracking_code


@pytest.fixture(autouse=True)
def _captcha_and_mailbox(db, captcha_and_mailbox):
    pass


@pytest.fixture
def docx_bytes():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


@pytest.fixture
def message_data(public_form_data):
    return public_form_data(
        name="张三",
        phone="13812345678",
        email="zhangsan@example.com",
        subject="关于入会的咨询",
        content="请问我单位如何申请加入协会？需要哪些材料？",
    )


@pytest.fixture
def submission_data(public_form_data):
    return public_form_data(
        title="园区数字化转型的实践",
        author="李四",
        organization="某经济技术开发区管委会",
        phone="010-60001234",
        email="lisi@example.com",
        section="other",
        body="第一段正文。\n\n第二段正文。",
        consent="on",
    )


@pytest.fixture
def make_message(db):
    def make(**overrides):
        now = timezone.now()
        data = {
            "code": new_reference_code(),
            "name": "王五",
            "phone": "13900000000",
            "email": "wangwu@example.com",
            "subject": "杂志订阅",
            "content": "如何订阅会刊？",
        }
        if overrides.pop("published", False):
            data.update(
                status=Message.Status.PUBLISHED, reply="您好，可通过邮局订阅。", replied_at=now
            )
        data.update(overrides)
        return Message.objects.create(**data)

    return make


@pytest.fixture
def make_submission(db):
    def make(**overrides):
        data = {
            "tracking_code": new_tracking_code(),
            "title": "开发区营商环境观察",
            "author": "赵六",
            "organization": "某高新区",
            "phone": "13700000000",
            "email": "zhaoliu@example.com",
            "body": "正文。",
            "consent_at": timezone.now(),
        }
        data.update(overrides)
        return Submission.objects.create(**data)

    return make
