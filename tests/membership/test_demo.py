import pytest
from django.core.management import call_command

from membership.models import Application
from publicforms.storage import PrivateStorage

# Each test loads the whole demo site, some twice.
pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_demo_has_applications_in_every_open_state_with_private_pdfs_and_is_idempotent(client):
    call_command("load_demo", stdout=open("/dev/null", "w"))
    assert set(Application.objects.values_list("status", flat=True)) == {
        "pending",
        "needs_more",
        "rejected",
    }
    assert set(Application.objects.values_list("kind", flat=True)) == {
        "zone",
        "enterprise",
        "research",
        "other",
    }
    for application in Application.objects.prefetch_related("attachments"):
        assert application.attachments.exists()
        for attachment in application.attachments.all():
            with PrivateStorage().open(attachment.file.name, "rb") as handle:
                assert handle.read(5) == b"%PDF-"
    needs_more = Application.objects.get(status="needs_more")
    html = client.post(
        "/membership/status/", {"code": needs_more.code, "contact": needs_more.email}
    ).content.decode()
    assert needs_more.reviewer_note in html
    guide = client.get("/pages/membership/").content.decode()
    assert 'href="/membership/apply/"' in guide
    count = Application.objects.count()
    call_command("load_demo", stdout=open("/dev/null", "w"))
    assert Application.objects.count() == count
