import pytest
from django.core.management import call_command

from publicforms.storage import PrivateStorage
from submissions.models import Message, Submission

# Each test loads the whole demo site, some twice.
pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_demo_has_answered_and_pending_messages_and_private_pdfs_and_is_idempotent(client):
    call_command("load_demo", stdout=open("/dev/null", "w"))
    counts = (Message.objects.count(), Submission.objects.count())
    assert Message.objects.published().count() >= 12
    assert Message.objects.pending().count() >= 3
    assert set(Submission.objects.values_list("status", flat=True)) == {
        "received",
        "reviewing",
        "accepted",
        "rejected",
    }
    for submission in Submission.objects.prefetch_related("attachments"):
        (attachment,) = submission.attachments.all()
        with PrivateStorage().open(attachment.file.name, "rb") as handle:
            assert handle.read(5) == b"%PDF-"
    assert client.get("/messages/").status_code == 200
    call_command("load_demo", stdout=open("/dev/null", "w"))
    assert (Message.objects.count(), Submission.objects.count()) == counts


def test_demo_messages_have_codes_in_the_current_format_that_the_look_up_finds(client):
    from submissions.forms import MessageLookupForm

    call_command("load_demo", stdout=open("/dev/null", "w"))
    codes = list(Message.objects.values_list("code", flat=True))
    assert len(codes) >= 15
    for code in codes:
        form = MessageLookupForm({"code": code.lower().replace("-", " ")})
        assert form.is_valid(), code
        assert form.cleaned_data["code"] == code
        assert form.cleaned_data["code"].startswith("LY-") and len(code) == 20
