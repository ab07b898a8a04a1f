import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from demo.pictures import demo_pdf
from membership.models import Application, ApplicationAttachment, new_application_code
from submissions.storage import PrivateStorage


@pytest.fixture(autouse=True)
def _captcha_and_mailbox(db, captcha_and_mailbox):
    pass


@pytest.fixture
def pdf_bytes():
    return demo_pdf("Approval document")


@pytest.fixture
def upload(pdf_bytes):
    def make(name="批准文件.pdf", content=None, content_type="application/pdf"):
        return SimpleUploadedFile(name, pdf_bytes if content is None else content, content_type)

    return make


@pytest.fixture
def application_data():
    def make(**overrides):
        data = {
            "unit_name": "临江经济技术开发区管理委员会",
            "kind": "zone",
            "province": "江苏省",
            "city": "临江市",
            "address": "临江市滨江大道 1 号",
            "contact_name": "孙立",
            "position": "招商局副局长",
            "phone": "0512-60001234",
            "email": "sunli@example.com",
            "introduction": "临江经济技术开发区设立于 1993 年，2010 年升级为国家级经济技术开发区。",
            "consent": "on",
            "website": "",
            "captcha_0": "key",
            "captcha_1": "PASSED",
        }
        data.update(overrides)
        return data

    return make


@pytest.fixture
def make_application(db, pdf_bytes):
    def make(*, with_file=True, **overrides):
        data = {
            "code": new_application_code(),
            "unit_name": "临江经济技术开发区管理委员会",
            "kind": Application.Kind.ZONE,
            "province": "江苏省",
            "city": "临江市",
            "address": "临江市滨江大道 1 号",
            "contact_name": "孙立",
            "position": "招商局副局长",
            "phone": "051260001234",
            "email": "sunli@example.com",
            "introduction": "设立于 1993 年。\n2010 年升级为国家级。",
            "consent_at": timezone.now(),
        }
        data.update(overrides)
        application = Application.objects.create(**data)
        if with_file:
            name = PrivateStorage().save("membership/test/approval.pdf", ContentFile(pdf_bytes))
            ApplicationAttachment.objects.create(
                application=application,
                file=name,
                original_name="批准文件.pdf",
                kind="pdf",
                content_type="application/pdf",
                size=len(pdf_bytes),
            )
        return application

    return make
