"""“采用为草稿文章”: a submission becomes a draft news article with its files."""

import io
import os
import threading
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.files.base import ContentFile
from django.db import connection
from django.urls import reverse
from PIL import ExifTags, Image

from news.models import Article, ArticleAttachment, Section
from publicforms.storage import PrivateStorage
from submissions.models import Submission, SubmissionAttachment
from submissions.services.accept import (
    ACCEPTED_NOTE,
    NotAcceptable,
    accept_into_article,
    suggested_section,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def sections(db):
    news = Section.objects.create(name="资讯中心", slug="news")
    return {
        "association": Section.objects.create(name="协会动态", slug="association", parent=news),
        "cases": Section.objects.create(name="园区案例", slug="cases"),
        "policy": Section.objects.create(name="政策法规", slug="policy", parent=news),
        "magazine": Section.objects.create(
            name="中国开发区", slug="magazine", kind="link", external_url="/magazine/"
        ),
    }


@pytest.fixture
def attach(pdf_bytes):
    def make(submission, *, name="调研报告（终稿）.pdf", content=None, kind="pdf"):
        content = pdf_bytes if content is None else content
        extension = "png" if kind == "png" else kind
        stored = PrivateStorage().save(
            f"submissions/test/{os.urandom(8).hex()}.{extension}", ContentFile(content)
        )
        return SubmissionAttachment.objects.create(
            submission=submission,
            file=stored,
            original_name=name,
            kind=kind,
            content_type="image/png" if kind == "png" else "application/pdf",
            size=len(content),
        )

    return make


@pytest.fixture
def submission(make_submission, attach):
    submission = make_submission(
        title="园区“标准地”改革一年来的变化",
        author="许晴",
        organization="某市经济开发区管委会",
        section=Submission.Section.EXPERIENCE,
        body="　　第一段：改革的起点。\n\n第二段：<b>成效</b> & 问题。\r\n第三段。",
    )
    attach(submission)
    return submission


def _media_files(settings) -> list[Path]:
    return [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]


def test_accept_carries_title_author_source_and_body_paragraphs(submission, sections, publisher):
    article = accept_into_article(submission=submission, section=None, editor=publisher)
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT and not article.is_visible
    assert article.title == "园区“标准地”改革一年来的变化"
    assert article.author == "许晴" and article.source == "某市经济开发区管委会"
    assert article.body == (
        "<p>第一段：改革的起点。</p><p>第二段：&lt;b&gt;成效&lt;/b&gt; &amp; 问题。</p>"
        "<p>第三段。</p>"
    )
    assert article.summary.startswith("第一段：改革的起点。")
    assert article.created_by == publisher and article.updated_by == publisher
    # suggested 经验交流 has no news section of that name: the case studies take it
    assert article.section == sections["cases"]


def test_script_in_the_body_stays_text(make_submission, sections, publisher):
    payload = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    submission = make_submission(body=payload, title="<i>标题</i>")
    article = accept_into_article(submission=submission, editor=publisher)
    article.refresh_from_db()
    assert "<script" not in article.body and "<img" not in article.body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in article.body
    assert article.title == "<i>标题</i>"  # plain text field, escaped wherever shown


def test_chosen_section_wins_and_policy_suggestion_maps_to_policy(
    make_submission, sections, publisher
):
    chosen = accept_into_article(
        submission=make_submission(), section=sections["association"], editor=publisher
    )
    assert chosen.section == sections["association"]
    policy = make_submission(section=Submission.Section.POLICY)
    assert suggested_section(policy) == sections["policy"]
    other = make_submission(section=Submission.Section.OTHER)
    assert suggested_section(other) == sections["association"]
    with pytest.raises(NotAcceptable, match="不是文章列表"):
        accept_into_article(submission=other, section=sections["magazine"], editor=publisher)
    assert Article.objects.count() == 1


def test_attachments_are_copied_under_generated_names_and_originals_stay(
    submission, attach, sections, publisher, settings, pdf_bytes
):
    second = attach(submission, name="附表.v2.pdf")
    originals = {a.file.name: Path(a.file.path).read_bytes() for a in submission.attachments.all()}
    article = accept_into_article(submission=submission, editor=publisher)

    copies = list(article.attachments.all())
    assert [c.title for c in copies] == ["调研报告（终稿）", "附表.v2"]
    assert [c.size for c in copies] == [len(pdf_bytes), second.size]
    for copy in copies:
        path = Path(copy.file.path)
        assert path.is_file() and path.read_bytes() == pdf_bytes
        assert str(path).startswith(str(settings.MEDIA_ROOT))
        assert copy.file.name.startswith("attachments/") and copy.file.name.endswith(".pdf")
        stem = Path(copy.file.name).stem
        assert len(stem) == 32 and all(c in "0123456789abcdef" for c in stem)
        assert copy.file.url.startswith(settings.MEDIA_URL)
    for name, content in originals.items():
        assert (Path(settings.PRIVATE_MEDIA_ROOT) / name).read_bytes() == content
    assert SubmissionAttachment.objects.filter(submission=submission).count() == 2


def test_a_picture_becomes_the_cover(make_submission, attach, sections, publisher):
    submission = make_submission()
    out = io.BytesIO()
    Image.new("RGB", (800, 500), (11, 61, 145)).save(out, "PNG")
    attach(submission, name="园区航拍.png", content=out.getvalue(), kind="png")
    article = accept_into_article(submission=submission, editor=publisher)
    article.refresh_from_db()
    assert article.cover and article.cover_list and article.cover_slide
    assert Path(article.cover.path).is_file()
    assert article.attachments.get().title == "园区航拍"
    assert article.body == "<p>正文。</p>"


def test_a_photo_is_published_re_encoded_without_its_exif_or_what_was_hidden_after_it(
    make_submission, attach, sections, publisher
):
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "ContributorCam"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (39.0, 54.0, 27.0)
    out = io.BytesIO()
    Image.new("RGB", (640, 480), (30, 90, 150)).save(out, "JPEG", exif=exif)
    original = out.getvalue() + b"<script>alert(1)</script>"  # a JPEG/HTML polyglot
    with Image.open(io.BytesIO(original)) as image:
        assert image.getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the GPS position is there
    submission = make_submission()
    attach(submission, name="现场照片.jpg", content=original, kind="jpg")

    article = accept_into_article(submission=submission, editor=publisher)

    copy = article.attachments.get()
    published = Path(copy.file.path).read_bytes()
    assert copy.title == "现场照片" and copy.file.name.endswith(".jpg")
    assert copy.size == len(published)
    assert b"ContributorCam" not in published and b"<script>" not in published
    with Image.open(io.BytesIO(published)) as image:
        assert image.format == "JPEG" and image.size == (640, 480)
        assert not image.getexif()


def test_a_picture_over_the_pixel_cap_is_refused_and_nothing_is_written(
    client, make_submission, attach, sections, publisher, settings
):
    out = io.BytesIO()
    Image.new("1", (9000, 9000)).save(out, "PNG")  # 81 megapixels in 10 KB
    submission = make_submission(title="园区全景")
    attach(submission)  # a PDF, copied before the picture
    attach(submission, name="全景图.png", content=out.getvalue(), kind="png")
    client.force_login(publisher)
    accept = reverse("admin:submissions_submission_accept", args=[submission.pk])
    response = client.post(accept, {"section": sections["cases"].pk, "note": ""}, follow=True)
    html = response.content.decode()
    assert response.status_code == 200
    assert "投稿《园区全景》未转为文章" in html
    assert "附件“全景图”不能公开" in html and "像素过多（9000×9000）" in html
    assert not Article.objects.exists() and not ArticleAttachment.objects.exists()
    assert _media_files(settings) == []
    assert Submission.objects.get(pk=submission.pk).status == Submission.Status.RECEIVED


def test_empty_body_with_attachments_points_to_them(make_submission, attach, sections, publisher):
    submission = make_submission(body="")
    attach(submission)
    article = accept_into_article(submission=submission, editor=publisher)
    assert article.body == "<p>正文见附件。</p>"


def test_submission_and_article_are_linked_both_ways_and_status_is_accepted(
    submission, sections, publisher, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        article = accept_into_article(submission=submission, editor=publisher)
    submission.refresh_from_db()
    assert submission.article == article and article.submission == submission
    assert submission.status == Submission.Status.ACCEPTED
    assert submission.reviewed_by == publisher and submission.reviewed_at is not None
    assert submission.editor_note == ACCEPTED_NOTE
    assert [m.to for m in mail.outbox] == [["zhaoliu@example.com"]]
    assert "已被采用" in mail.outbox[0].subject
    assert submission.title in mail.outbox[0].body and ACCEPTED_NOTE in mail.outbox[0].body


def test_note_of_an_accepted_submission_is_kept_a_stale_one_replaced(
    make_submission, sections, publisher
):
    accepted = make_submission(status="accepted", editor_note="拟刊发于下期会刊。")
    reviewing = make_submission(status="reviewing", editor_note="预计两周内答复。")
    for submission in (accepted, reviewing):
        accept_into_article(submission=submission, editor=publisher)
    accepted.refresh_from_db()
    reviewing.refresh_from_db()
    assert accepted.editor_note == "拟刊发于下期会刊。"
    assert reviewing.editor_note == ACCEPTED_NOTE


def test_the_editors_own_note_wins(make_submission, sections, publisher):
    submission = make_submission(editor_note="旧说明")
    accept_into_article(submission=submission, editor=publisher, note="  将刊于第3期。 ")
    assert Submission.objects.get(pk=submission.pk).editor_note == "将刊于第3期。"


def test_accepting_twice_is_refused(submission, sections, publisher):
    accept_into_article(submission=submission, editor=publisher)
    stale = Submission.objects.get(pk=submission.pk)
    stale.article = None  # a stale copy from before the first accept
    with pytest.raises(NotAcceptable, match="已经采用为文章"):
        accept_into_article(submission=stale, editor=publisher)
    assert Article.objects.count() == 1 and ArticleAttachment.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_editors_accepting_at_the_same_moment_make_one_article(
    submission, sections, publisher, settings
):
    outcomes: list[object] = []
    barrier = threading.Barrier(4)

    def accept():
        try:
            stale = Submission.objects.get(pk=submission.pk)
            barrier.wait()
            outcomes.append(accept_into_article(submission=stale, editor=publisher))
        except BaseException as exc:  # reported below
            outcomes.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=accept) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    articles = [o for o in outcomes if isinstance(o, Article)]
    refused = [o for o in outcomes if isinstance(o, NotAcceptable)]
    assert len(articles) == 1 and len(refused) == 3
    assert Article.objects.count() == 1
    assert Submission.objects.get(pk=submission.pk).article_id == articles[0].pk
    assert len(_media_files(settings)) == 1  # the losers copied nothing


def test_rejected_submission_is_refused(make_submission, sections, publisher):
    submission = make_submission(status="rejected", editor_note="暂不采用。")
    with pytest.raises(NotAcceptable, match="未采用"):
        accept_into_article(submission=submission, editor=publisher)
    assert not Article.objects.exists()


def test_status_accepted_without_an_article_can_still_be_turned_into_one(
    make_submission, sections, publisher
):
    submission = make_submission(status="accepted", editor_note="已采用。")
    article = accept_into_article(submission=submission, editor=publisher)
    assert Submission.objects.get(pk=submission.pk).article == article


def test_failure_while_copying_leaves_no_article_and_the_submission_unchanged(
    submission, attach, sections, publisher, settings, django_capture_on_commit_callbacks
):
    broken = attach(submission, name="丢失的文件.pdf")
    os.remove(broken.file.path)  # the second copy fails after the first was written
    before = Submission.objects.values().get(pk=submission.pk)
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(FileNotFoundError):
            accept_into_article(submission=submission, editor=publisher)
    assert not Article.objects.exists() and not ArticleAttachment.objects.exists()
    assert Submission.objects.values().get(pk=submission.pk) == before
    assert _media_files(settings) == []  # the first copy was removed again
    assert mail.outbox == []


def test_failure_after_the_article_row_rolls_everything_back(
    submission, make_submission, attach, sections, publisher, settings, monkeypatch
):
    out = io.BytesIO()
    Image.new("RGB", (400, 300), (200, 30, 40)).save(out, "PNG")
    attach(submission, name="图.png", content=out.getvalue(), kind="png")

    def boom(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(ArticleAttachment.objects, "bulk_create", boom)
    with pytest.raises(RuntimeError):
        accept_into_article(submission=submission, editor=publisher)
    assert not Article.objects.exists()
    assert Submission.objects.get(pk=submission.pk).status == Submission.Status.RECEIVED
    assert _media_files(settings) == []  # attachment copies, cover and its renditions


def test_failure_after_the_article_was_written_removes_its_files(
    submission, attach, sections, publisher, settings, monkeypatch
):
    out = io.BytesIO()
    Image.new("RGB", (400, 300), (20, 130, 40)).save(out, "PNG")
    attach(submission, name="图.png", content=out.getvalue(), kind="png")

    def boom(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(Submission, "save", boom)  # linking comes after the article
    with pytest.raises(RuntimeError):
        accept_into_article(submission=submission, editor=publisher)
    assert not Article.objects.exists() and not ArticleAttachment.objects.exists()
    assert _media_files(settings) == []  # attachment copies, cover and its renditions


# ---------- the admin ----------


def test_accept_page_preselects_the_suggested_section_and_lists_attachments(
    client, publisher, submission, sections
):
    client.force_login(publisher)
    change = reverse("admin:submissions_submission_change", args=[submission.pk])
    accept = reverse("admin:submissions_submission_accept", args=[submission.pk])
    assert accept in client.get(change).content.decode()
    response = client.get(accept)
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["form"].initial["section"] == sections["cases"]
    assert response.context["form"].initial["note"] == ACCEPTED_NOTE
    assert "调研报告（终稿）.pdf" in html and "采用并转为草稿文章" in html
    # link sections are no place for an article
    assert f'value="{sections["magazine"].pk}"' not in html


def test_accept_page_creates_the_article_and_opens_its_admin_page(
    client, publisher, submission, sections, django_capture_on_commit_callbacks
):
    client.force_login(publisher)
    accept = reverse("admin:submissions_submission_accept", args=[submission.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            accept,
            {"section": sections["association"].pk, "note": "将刊于协会动态。"},
            follow=True,
        )
    article = Article.objects.get()
    assert response.redirect_chain[-1][0] == reverse("admin:news_article_change", args=[article.pk])
    html = response.content.decode()
    assert "已将投稿转为草稿文章" in html
    assert "调研报告（终稿）" in html  # the attachment inline
    submission_url = reverse("admin:submissions_submission_change", args=[submission.pk])
    assert submission_url in html  # 稿件来源 on the article page
    assert article.section == sections["association"] and len(mail.outbox) == 1
    assert "将刊于协会动态。" in mail.outbox[0].body
    assert Submission.objects.get(pk=submission.pk).editor_note == "将刊于协会动态。"
    # and the submission's page links to the article, with no second accept button
    html = client.get(submission_url).content.decode()
    assert reverse("admin:news_article_change", args=[article.pk]) in html
    assert accept not in html
    again = client.post(accept, {"section": sections["association"].pk, "note": "x"}, follow=True)
    assert "不能重复采用" in again.content.decode() and Article.objects.count() == 1


def test_a_missing_file_gives_a_clear_message_not_a_500(
    client, publisher, submission, sections, settings
):
    os.remove(submission.attachments.get().file.path)
    client.force_login(publisher)
    accept = reverse("admin:submissions_submission_accept", args=[submission.pk])
    response = client.post(accept, {"section": sections["cases"].pk, "note": ""}, follow=True)
    assert response.status_code == 200
    assert "附件文件无法读取或复制，未转为文章" in response.content.decode()
    assert not Article.objects.exists() and _media_files(settings) == []
    assert Submission.objects.get(pk=submission.pk).status == Submission.Status.RECEIVED


def test_accept_page_refuses_an_unknown_section(client, publisher, submission, sections):
    client.force_login(publisher)
    accept = reverse("admin:submissions_submission_accept", args=[submission.pk])
    response = client.post(accept, {"section": "999999", "note": "x"})
    assert response.status_code == 200 and response.context["form"].errors
    assert not Article.objects.exists()


def test_changelist_action_accepts_into_the_chosen_section(
    superuser_client, make_submission, sections
):
    one, two = make_submission(title="稿一"), make_submission(title="稿二")
    rejected = make_submission(title="稿三", status="rejected")
    url = reverse("admin:submissions_submission_changelist")
    response = superuser_client.post(
        url,
        {
            "action": "accept_into_article",
            "section": sections["policy"].pk,
            "_selected_action": [one.pk, two.pk, rejected.pk],
        },
        follow=True,
    )
    html = response.content.decode()
    assert "已将 2 篇投稿转为草稿文章" in html and "已标记为“未采用”" in html
    assert set(Article.objects.values_list("title", "section__slug")) == {
        ("稿一", "policy"),
        ("稿二", "policy"),
    }
    single = make_submission(title="稿四")
    response = superuser_client.post(
        url, {"action": "accept_into_article", "section": "", "_selected_action": [single.pk]}
    )
    article = Article.objects.get(title="稿四")
    assert response["Location"] == reverse("admin:news_article_change", args=[article.pk])


def test_editor_without_change_submission_cannot_accept(client, editor, submission, sections):
    client.force_login(editor)
    accept = reverse("admin:submissions_submission_accept", args=[submission.pk])
    change = reverse("admin:submissions_submission_change", args=[submission.pk])
    assert accept not in client.get(change).content.decode()
    assert client.get(accept).status_code == 403
    assert client.post(accept, {"section": sections["cases"].pk, "note": "x"}).status_code == 403
    changelist = client.get(reverse("admin:submissions_submission_changelist"))
    assert "accept_into_article" not in changelist.content.decode()
    assert not Article.objects.exists()


def test_reviewer_who_cannot_add_articles_cannot_accept(
    client, django_user_model, submission, sections
):
    reviewer = django_user_model.objects.create_user(
        "reviewer", password="x-pass-123", is_staff=True
    )
    reviewer.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_submission", "change_submission"])
    )
    client.force_login(reviewer)
    accept = reverse("admin:submissions_submission_accept", args=[submission.pk])
    assert client.post(accept, {"section": sections["cases"].pk, "note": "x"}).status_code == 403
    assert not Article.objects.exists()


def test_article_admin_without_a_submission_shows_no_origin(superuser_client, sections):
    article = Article.objects.create(title="自采稿", section=sections["cases"])
    html = superuser_client.get(reverse("admin:news_article_change", args=[article.pk]))
    assert html.status_code == 200 and "稿件来源" in html.content.decode()


def test_status_page_links_the_article_once_it_is_published(
    client, submission, sections, publisher
):
    article = accept_into_article(submission=submission, editor=publisher)
    lookup = {"code": submission.tracking_code, "contact": "zhaoliu@example.com"}
    html = client.post("/contribute/status/", lookup).content.decode()
    assert "已采用" in html and article.get_absolute_url() not in html  # still a draft
    article.status = Article.Status.PUBLISHED
    article.save()
    html = client.post("/contribute/status/", lookup).content.decode()
    assert f'<a href="{article.get_absolute_url()}">已在本站发布，点此阅读</a>' in html
