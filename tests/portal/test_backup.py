"""`manage.py backup` and `manage.py restore`: a populated site backed up and restored
into another database and other media roots comes back whole — every table's row count
and every file's checksum compared."""

import hashlib
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connections
from django.test import Client
from django.utils import timezone

from associations.models import Zone
from backups import backup
from news.models import Article, ArticleAttachment, Section
from submissions.models import Message, Submission, SubmissionAttachment

pytestmark = pytest.mark.django_db(transaction=True)


def _files(root) -> dict[str, str]:
    root = Path(root)
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file()
    }


def _counts(alias) -> dict[str, int]:
    with connections[alias].cursor() as cur:
        return backup.table_counts(cur)


@pytest.fixture
def populated(settings, captcha_and_mailbox, png_bytes, pdf_bytes, upload):
    settings.RATELIMIT_ENABLE = False
    section = Section.objects.create(name="国家级开发区动态", slug="national")
    for n in range(3):
        article = Article.objects.create(
            title=f"开发区新闻{n}",
            section=section,
            body="<p>正文。</p>",
            cover=SimpleUploadedFile(f"cover{n}.png", png_bytes(size=(800, 500)), "image/png"),
            status=Article.Status.PUBLISHED,
            publish_at=timezone.now() - timedelta(hours=n + 1),
        )
        ArticleAttachment.objects.create(
            article=article, title="附件", file=SimpleUploadedFile(f"a{n}.pdf", pdf_bytes)
        )
    for n in range(5):
        Zone.objects.create(name=f"开发区{n}", province="江苏省", level=Zone.Level.NATIONAL)
    reader = Client()
    for n in range(4):
        response = reader.post(
            "/messages/new/",
            {
                "name": "张三",
                "phone": "13812345678",
                "email": "zhangsan@example.com",
                "subject": f"咨询{n}",
                "content": "请问如何入会？",
                "website": "",
                "captcha_0": "key",
                "captcha_1": "PASSED",
            },
        )
        assert response.status_code == 302
    for n in range(2):
        response = reader.post(
            "/contribute/",
            {
                "title": f"园区数字化转型的实践{n}",
                "author": "李四",
                "organization": "管委会",
                "phone": "010-60001234",
                "email": "lisi@example.com",
                "section": "other",
                "body": "正文。",
                "consent": "on",
                "website": "",
                "captcha_0": "key",
                "captcha_1": "PASSED",
                "attachments": [upload(f"稿件{n}.pdf"), upload(f"附表{n}.pdf")],
            },
        )
        assert response.status_code == 302
    assert Message.objects.count() == 4 and Submission.objects.count() == 2
    assert SubmissionAttachment.objects.count() == 4
    return settings


@pytest.fixture
def other_database(scratch_database):
    return scratch_database("restored").alias


def test_a_backup_restores_every_row_and_every_file(populated, other_database, tmp_path):
    settings = populated
    before_files = {
        "media": _files(settings.MEDIA_ROOT),
        "private": _files(settings.PRIVATE_MEDIA_ROOT),
    }
    assert len(before_files["media"]) >= 9 and len(before_files["private"]) == 4
    before_rows = _counts("default")

    call_command("backup", str(tmp_path / "backup"))
    manifest = (tmp_path / "backup" / "manifest.json").read_text()
    assert '"database.dump"' in manifest

    # Restore elsewhere: another database, other (empty) media roots.
    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="restored-media-")
    settings.PRIVATE_MEDIA_ROOT = tempfile.mkdtemp(prefix="restored-private-")
    call_command("restore", str(tmp_path / "backup"), database=other_database)

    after_rows = _counts(other_database)
    assert after_rows == before_rows
    assert after_rows["news_article"] == 3 and after_rows["submissions_submissionattachment"] == 4
    after_files = {
        "media": _files(settings.MEDIA_ROOT),
        "private": _files(settings.PRIVATE_MEDIA_ROOT),
    }
    assert after_files == before_files
    compared_files = sum(len(v) for v in after_files.values())
    print(
        f"\nbackup/restore compared {len(after_rows)} tables, "
        f"{sum(after_rows.values())} rows and {compared_files} files"
    )


def test_a_damaged_backup_is_refused_before_anything_is_written(
    populated, other_database, tmp_path
):
    settings = populated
    call_command("backup", str(tmp_path / "backup"))
    attachment = next((tmp_path / "backup" / "private").rglob("*.pdf"))
    attachment.write_bytes(b"%PDF-1.4 tampered")
    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="restored-media-")
    settings.PRIVATE_MEDIA_ROOT = tempfile.mkdtemp(prefix="restored-private-")

    with pytest.raises(CommandError, match="校验和不符 private/"):
        call_command("restore", str(tmp_path / "backup"), database=other_database)
    assert _counts(other_database) == {}
    assert _files(settings.MEDIA_ROOT) == {} and _files(settings.PRIVATE_MEDIA_ROOT) == {}


def test_restore_never_overwrites_a_live_site(populated, tmp_path):
    call_command("backup", str(tmp_path / "backup"))
    rows = _counts("default")
    with pytest.raises(CommandError, match="目标数据库不是空的"):
        call_command("restore", str(tmp_path / "backup"))
    assert _counts("default") == rows
