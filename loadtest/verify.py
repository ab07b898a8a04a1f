"""What the database and the disk hold after a run's posts (run by run.py in the site's
environment: `python loadtest/verify.py TOKENS.json`, prints JSON).

TOKENS.json: {"messages": [token, ...], "contributions": [token, ...]}, each token
written into exactly one post's text. For each token: how many rows hold it (a post
accepted once is 1, refused 0, stored twice 2), and for contributions whether every
attachment row's file is on disk. Orphans: files under PRIVATE_MEDIA_ROOT that no row
of any model points to.
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from django.apps import apps  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db import models  # noqa: E402

from submissions.models import Message, Submission  # noqa: E402


def referenced_files() -> set[str]:
    names = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField):
                names.update(
                    model._default_manager.exclude(**{field.name: ""})
                    .values_list(field.name, flat=True)
                    .iterator()
                )
    return names


def main(path: str) -> None:
    tokens = json.loads(Path(path).read_text())
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    on_disk = {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}
    message_rows = dict.fromkeys(tokens["messages"], 0)
    for content in Message.objects.filter(content__contains="LT-").values_list(
        "content", flat=True
    ):
        for token in message_rows:
            if token in content:
                message_rows[token] += 1
    contribution_rows = dict.fromkeys(tokens["contributions"], 0)
    missing_files = 0
    attachments = 0
    for submission in Submission.objects.filter(body__contains="LT-").prefetch_related(
        "attachments"
    ):
        for token in contribution_rows:
            if token in submission.body:
                contribution_rows[token] += 1
                for attachment in submission.attachments.all():
                    attachments += 1
                    missing_files += attachment.file.name not in on_disk
    orphans = sorted(on_disk - referenced_files())
    print(
        json.dumps(
            {
                "message_rows": message_rows,
                "contribution_rows": contribution_rows,
                "attachments": attachments,
                "missing_files": missing_files,
                "orphan_files": orphans,
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])
