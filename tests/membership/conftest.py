import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from membership.models import Application, ApplicationAttachment, new_application_code
from publicforms.storage import PrivateStorage


@pytest.fixture(autouse=True)
def _captcha_and_mailbox(db, captcha_and_mailbox):
    pass


@pytest.fixture
def application_data(public_form_data):
    return public_form_data(
        unit_name="临江经济技术开发区管理委员会",
        kind="zone",
        province="江苏省",
        city="临江市",
        address="临江市滨江大道 1 号",
        contact_name="孙立",
        position="招商局副局长",
        phone="0512-60001234",
        email="sunli@example.com",
        introduction="临江经济技术开发区设立于 1993 年，2010 年升级为国家级经济技术开发区。",
        consent="on",
    )


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
