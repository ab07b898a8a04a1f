"""Membership applications waiting for review, one asked for more material and one
refused, each with its scans as private PDFs. None is approved: approving makes a
directory entry and a member number, which the demo leaves to whoever tries the admin.

Texts: demo/membership.json. Rows carry fixed codes, so loading again changes nothing.
"""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from demo.data import read
from demo.pictures import demo_pdf
from membership.models import Application, ApplicationAttachment
from publicforms.storage import private_storage


def load(stdout) -> None:
    storage = private_storage()
    now = timezone.now()
    made = 0
    for row in read("membership")["applications"]:
        code = row["code"]
        if Application.objects.filter(code=code).exists():
            continue
        fields = {k: row[k] for k in row if k not in {"days_ago", "files"}}
        application = Application.objects.create(
            **fields,
            consent_at=now,
            reviewed_at=now if row["status"] != Application.Status.PENDING else None,
        )
        Application.objects.filter(pk=application.pk).update(
            created_at=now - timedelta(days=row["days_ago"])
        )
        for n, original in enumerate(row["files"], start=1):
            pdf = demo_pdf(f"Demo application {code} file {n}")
            name = storage.save(f"membership/demo/{code.lower()}-{n}.pdf", ContentFile(pdf))
            ApplicationAttachment.objects.create(
                application=application,
                file=name,
                original_name=original,
                kind="pdf",
                content_type="application/pdf",
                size=len(pdf),
            )
        made += 1
    stdout.write(f"入会申请：新建 {made} 份。")
