"""Nothing a 编辑 typed or chose is lost: a save refused because the article went live
meanwhile shows the form again, and files chosen before a validation error are kept."""

import pytest
from django.urls import reverse

from news.models import Article
from tests.admin_forms import form_data

pytestmark = pytest.mark.django_db


def test_saving_a_draft_that_was_just_published_keeps_the_text_and_says_why(
    client, editor, make_article
):
    article = make_article(status=Article.Status.DRAFT, body="<p>初稿</p>")
    client.force_login(editor)
    url = reverse("admin:news_article_change", args=[article.pk])
    data = form_data(client.get(url).content.decode())
    Article.objects.filter(pk=article.pk).update(status=Article.Status.PUBLISHED)  # publisher

    data["body"] = ["<p>编辑刚写好的第二稿，一个字也不能丢。</p>"]
    data["title"] = ["改过的标题"]
    data["_save"] = ["保存"]
    response = client.post(url, data)

    assert response.status_code == 403
    html = response.content.decode()
    assert "已经发布" in html and "只有审核发布人员" in html and "保留在下面" in html
    assert "编辑刚写好的第二稿，一个字也不能丢。" in html
    assert 'value="改过的标题"' in html
    assert "Forbidden" not in html
    article.refresh_from_db()
    assert article.title != "改过的标题" and article.body == "<p>初稿</p>"
    assert article.status == Article.Status.PUBLISHED


def test_an_editor_still_only_views_a_live_article(client, editor, make_article):
    article = make_article()
    client.force_login(editor)
    url = reverse("admin:news_article_change", args=[article.pk])
    page = client.get(url).content.decode()
    assert 'name="body"' not in page  # read-only: nothing to type into


def _with_files(section, png_bytes, upload, **overrides):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.news.test_admin import _form

    data = _form(
        section,
        **{
            "attachments-TOTAL_FORMS": "1",
            "attachments-0-title": "活动日程",
            "attachments-0-order": "0",
            "cover": SimpleUploadedFile("会场.png", png_bytes(size=(600, 400)), "image/png"),
            "attachments-0-file": upload("日程.pdf"),
        },
    )
    data.update(overrides)
    return data


def _kept_tokens(html: str) -> dict[str, str]:
    import re

    return dict(re.findall(r'<input type="hidden" name="([^"]+__kept)" value="([^"]+)">', html))


def test_cover_and_attachment_survive_a_validation_error(
    superuser_client, section, png_bytes, upload, pdf_bytes
):
    url = reverse("admin:news_article_add")
    response = superuser_client.post(url, _with_files(section, png_bytes, upload, title=""))
    assert response.status_code == 200 and not Article.objects.exists()
    html = response.content.decode()
    assert "已选择“会场.png”" in html and "已选择“日程.pdf”" in html
    tokens = _kept_tokens(html)
    assert set(tokens) == {"cover__kept", "attachments-0-file__kept"}

    # The title is fixed; the files are not chosen again.
    data = _with_files(section, png_bytes, upload, title="协会年会召开")
    del data["cover"], data["attachments-0-file"]
    response = superuser_client.post(url, {**data, **tokens})
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.cover and article.cover_list  # the cover was processed as a new one
    attachment = article.attachments.get()
    assert attachment.title == "活动日程"
    with attachment.file.open("rb") as fh:
        assert fh.read() == pdf_bytes
    assert attachment.size == len(pdf_bytes)


def test_a_kept_file_is_only_its_owners(
    client, superuser_client, publisher, section, png_bytes, upload
):
    url = reverse("admin:news_article_add")
    response = superuser_client.post(url, _with_files(section, png_bytes, upload, title=""))
    tokens = _kept_tokens(response.content.decode())
    client.force_login(publisher)
    data = _with_files(section, png_bytes, upload, title="别人的文件")
    del data["cover"], data["attachments-0-file"]
    data["attachments-TOTAL_FORMS"] = "0"
    response = client.post(url, {**data, **tokens})
    assert response.status_code == 302
    assert not Article.objects.get().cover


def test_a_refused_file_is_not_offered_again(superuser_client, section, png_bytes, upload):
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("病毒.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    data = _with_files(section, png_bytes, upload, title="", **{"attachments-0-file": bad})
    html = superuser_client.post(reverse("admin:news_article_add"), data).content.decode()
    assert set(_kept_tokens(html)) == {"cover__kept"}
    assert "已选择“病毒.pdf”" not in html and "已选择“会场.png”" in html


def test_a_full_disk_while_saving_an_article_is_a_503_and_leaves_no_file(
    superuser_client, settings, section, png_bytes, upload, disk_full
):
    """The cover is written, then the disk fills up during the attachment: the editor
    reads that nothing was saved, and no row, cover, or partial attachment remains."""
    from tests.conftest import files_under

    data = _with_files(section, png_bytes, upload)
    disk_full(room=len(png_bytes(size=(600, 400))) + 100)
    response = superuser_client.post(reverse("admin:news_article_add"), data)
    html = response.content.decode()
    assert response.status_code == 503
    assert "没有保存" in html and "请稍后再试" in html
    assert not Article.objects.exists()
    assert files_under(settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT) == []


def test_a_full_disk_while_keeping_files_is_a_503_and_leaves_no_file(
    superuser_client, settings, section, png_bytes, upload, disk_full
):
    from tests.conftest import files_under

    disk_full(room=100)
    data = _with_files(section, png_bytes, upload, title="")
    response = superuser_client.post(reverse("admin:news_article_add"), data)
    assert response.status_code == 503
    assert "没有保存" in response.content.decode()
    assert files_under(settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT) == []
