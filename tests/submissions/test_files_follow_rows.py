"""A deleted submission's files leave the private store once the delete commits."""

import pytest
from django.core.files.base import ContentFile

from publicforms.storage import PrivateStorage
from submissions.models import SubmissionAttachment

pytestmark = pytest.mark.django_db(transaction=True)


def test_deleting_a_submission_removes_its_private_files(make_submission, pdf_bytes):
    submission = make_submission()
    storage = PrivateStorage()
    name = storage.save("submissions/test/original.pdf", ContentFile(pdf_bytes))
    SubmissionAttachment.objects.create(
        submission=submission,
        file=name,
        original_name="原稿.pdf",
        kind="pdf",
        content_type="application/pdf",
        size=len(pdf_bytes),
    )
    assert storage.exists(name)
    submission.delete()  # its attachments go by cascade
    assert not storage.exists(name)
