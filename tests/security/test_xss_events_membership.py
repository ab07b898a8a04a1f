"""The XSS corpus (payloads/xss.json) through the event registration and membership
forms, their look-ups, 找回编号 and the files kept after a refused form, and the pages and admin screens that show what
was stored; the helpers and the scanner are test_xss.py's."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from events import services as events
from events.models import Event, Registration
from membership.models import Application
from membership.services import change_application_status, create_application
from publicforms.validators import reject_garbled
from tests.security.test_xss import BATCH, ORIGIN, PAYLOADS, Pages, batches, fit, stored

pytestmark = pytest.mark.django_db

CAPTCHA = {"captcha_0": "k", "captcha_1": "PASSED"}
REGISTRATION_FIELDS = ("name", "unit", "position", "phone", "email", "remarks")
APPLICATION_FIELDS = (
    *("unit_name", "kind", "province", "city", "address", "contact_name", "position"),
    *("phone", "email", "introduction"),
)


def typeable(payload: str) -> bool:
    """What the forms accept in free text: no control character, no undecodable byte."""
    try:
        reject_garbled(payload)
    except ValidationError:
        return False
    return True


@pytest.fixture
def pages(client, settings, captcha_and_mailbox):
    settings.RATELIMIT_ENABLE = False  # the corpus is far more posts than a person makes
    return Pages(client)


@pytest.fixture
def event(db):
    now = timezone.now()
    return Event.objects.create(
        title="园区招商引资培训班",
        summary="培训。",
        body="<p>议程另行通知。</p>",
        place="北京",
        starts_at=now + timedelta(days=7),
        ends_at=now + timedelta(days=7, hours=8),
        registration_opens_at=now - timedelta(days=1),
        registration_closes_at=now + timedelta(days=6),
        capacity=len(PAYLOADS) * 2,
        status=Event.Status.PUBLISHED,
        publish_at=now - timedelta(days=1),
    )


@pytest.mark.slow
def test_event_and_membership_forms_and_lookups_show_every_payload_as_text(pages, event):
    for batch in batches():
        # Refused (markup, length, format): every field comes back as typed, as text.
        typed = " ".join(batch)
        pages.post(
            event.get_absolute_url(), {**dict.fromkeys(REGISTRATION_FIELDS, typed), **CAPTCHA}
        )
        pages.post("/events/registration/", {"code": typed, "contact": typed})
        pages.post("/codes/", {"contact": typed})
        application = dict.fromkeys(APPLICATION_FIELDS, typed)
        pages.post("/membership/apply/", {**application, "consent": "on", **CAPTCHA})
        pages.post("/membership/status/", {"code": typed, "contact": typed})
        # Accepted where markup is allowed (备注): stored as text, shown as text.
        n = len(Registration.objects.all())
        data = {
            "name": "王芳",
            "unit": "苏州工业园区管委会",
            "position": "",
            "phone": f"139{n:08d}",
            "email": f"person{n}@example.com",
            "remarks": "\n".join(p for p in batch if typeable(p))[:500],
        }
        pages.post(event.get_absolute_url(), {**data, **CAPTCHA})
        pages.get("/events/registration/done/")
        pages.post(event.get_absolute_url(), {**data, **CAPTCHA})  # 已经报名 + resend form
    assert Registration.objects.count() == len(batches())
    pages.assert_clean()


@pytest.mark.slow
def test_stored_registrations_and_applications_show_payloads_as_text(
    pages, client, event, publisher, superuser
):
    registrations, applications = [], []
    for n, payload in enumerate(PAYLOADS):
        registrations.append(
            events.register(
                event_id=event.pk,
                name=fit(payload, Registration, "name"),
                unit=fit(payload, Registration, "unit"),
                position=fit(payload, Registration, "position"),
                phone=f"139{n:08d}",
                email=f"person{n}@example.com",
                remarks=stored(payload)[:500],
                origin=ORIGIN,
            )
        )
        application = create_application(
            unit_name=fit(payload, Application, "unit_name"),
            kind=Application.Kind.ZONE,
            province="江苏省",
            city=fit(payload, Application, "city"),
            address=fit(payload, Application, "address"),
            contact_name=fit(payload, Application, "contact_name"),
            position=fit(payload, Application, "position"),
            phone=f"138{n:08d}",
            email=f"unit{n}@example.com",
            introduction=stored(payload),
            files=[],
            origin=ORIGIN,
        )
        applications.append(
            change_application_status(
                application=application,
                status=Application.Status.NEEDS_MORE,
                note=f"说明：{stored(payload)}",
                user=publisher,
            )
        )
    for registration in registrations:
        pages.post(
            "/events/registration/", {"code": registration.code, "contact": registration.email}
        )
    for application in applications:
        pages.post("/membership/status/", {"code": application.code, "contact": application.phone})
    client.force_login(superuser)
    for model, objects in {Registration: registrations, Application: applications}.items():
        pages.changelist(model)
        for obj in objects[::BATCH]:
            pages.get(
                reverse(
                    f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk]
                )
            )
    pages.get(reverse("events:arrivals", args=[event.pk]))
    pages.get(registrations[0].get_checkin_url())
    pages.assert_clean()


def test_kept_file_names_and_forged_tokens_come_back_as_text(pages, pdf_bytes):
    """Files kept after a refused 入会申请 (publicforms.kept) are listed by the names the
    browser sent, and forged kept-file tokens are posted as they are."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    typed = "开发区"
    application = {**dict.fromkeys(APPLICATION_FIELDS, typed), "consent": "on"}
    for batch in batches():
        names = [p.replace("/", "／")[:200] + ".pdf" for p in batch if typeable(p)][:3]
        files = [SimpleUploadedFile(name, pdf_bytes, "application/pdf") for name in names]
        pages.post(
            "/membership/apply/",
            {**application, "captcha_0": "k", "captcha_1": "WRONG", "attachments": files},
        )
        pages.post(
            "/membership/apply/", {**application, **CAPTCHA, "attachments__kept": batch[:10]}
        )
    pages.assert_clean()
