"""news.services: a draft article with copied attachments and a cover, for other apps."""

from pathlib import Path

import pytest
from django.core.files.storage import FileSystemStorage
from django.db import transaction
from PIL import Image

from editorial.files import delete_on_failure
from editorial.images import rendition_names
from news.models import Article, ArticleAttachment
from news.services import NewAttachment, create_draft_article, find_section

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% a report\n%%EOF\n"


def _media_files(settings) -> list[Path]:
    return [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]


@pytest.fixture
def sources(tmp_path, png_bytes):
    """A PDF and a PNG outside the media folder, as another app keeps them."""
    pdf, png = tmp_path / "a1b2.pdf", tmp_path / "c3d4.PNG"
    pdf.write_bytes(PDF)
    png.write_bytes(png_bytes(size=(800, 500)))
    return pdf, png


@pytest.fixture
def draft(section, editor, sources):
    pdf, png = sources

    def make(**overrides):
        data = {
            "title": "园区“标准地”改革一年来的变化",
            "author": "许晴",
            "source": "某市经济开发区管委会",
            "body_html": "<p>第一段。</p>",
            "section": section,
            "attachments": [
                NewAttachment("调研报告（终稿）", pdf, len(PDF)),
                NewAttachment("园区航拍", png, png.stat().st_size),
            ],
            "cover_from": [pdf, png],
            "editor": editor,
        }
        data.update(overrides)
        return create_draft_article(**data)

    return make


def test_draft_keeps_copies_of_a_pdf_and_a_png_under_media_and_a_cover(
    draft, sources, section, editor, settings
):
    article = draft()
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT and article.section == section
    assert (article.title, article.author, article.source) == (
        "园区“标准地”改革一年来的变化",
        "许晴",
        "某市经济开发区管委会",
    )
    assert article.created_by == editor and article.updated_by == editor
    pdf, png = sources
    copies = list(article.attachments.all())
    assert [(c.title, c.size) for c in copies] == [
        ("调研报告（终稿）", len(PDF)),
        ("园区航拍", Path(copies[1].file.path).stat().st_size),
    ]
    assert [Path(c.file.name).suffix for c in copies] == [".pdf", ".png"]
    for copy, original in zip(copies, sources, strict=True):
        assert copy.file.name.startswith("attachments/")
        assert original.is_file()  # copied, not moved
    # the PDF byte for byte; the picture re-encoded, the same picture
    assert Path(copies[0].file.path).read_bytes() == pdf.read_bytes()
    with Image.open(copies[1].file.path) as copy, Image.open(png) as original:
        assert copy.tobytes() == original.tobytes()
    # the PDF is passed over for the cover; the picture makes it and its renditions
    assert article.cover and article.cover_list and article.cover_card and article.cover_slide
    stored = {p.resolve() for p in _media_files(settings)}
    on_article = [article.cover, article.cover_list, article.cover_card, article.cover_slide]
    sized = [Path(settings.MEDIA_ROOT, n).resolve() for n in rendition_names(article.cover.name)]
    assert len(sized) == 4  # WebP and PNG at 400 and 800 px wide
    assert stored == {Path(f.path).resolve() for f in on_article + [c.file for c in copies]} | set(
        sized
    )


def test_the_draft_stays_invisible_to_readers(client, draft):
    article = draft()
    assert not article.is_visible
    assert client.get(f"/articles/{article.pk}/").status_code == 404


def test_no_picture_means_no_cover(draft, sources):
    pdf, _png = sources
    article = draft(attachments=[NewAttachment("报告", pdf, len(PDF))], cover_from=[pdf])
    assert not article.cover and not article.cover_list
    assert article.attachments.count() == 1


@pytest.mark.django_db(transaction=True)  # called on its own, as its own transaction
def test_a_storage_error_on_the_second_file_leaves_no_article_and_no_file(
    draft, settings, monkeypatch
):
    real_save = FileSystemStorage.save
    calls = []

    def flaky_save(self, name, content, max_length=None):
        calls.append(name)
        if len(calls) == 2:
            raise OSError("磁盘已满")
        return real_save(self, name, content, max_length)

    monkeypatch.setattr(FileSystemStorage, "save", flaky_save)
    with pytest.raises(OSError, match="磁盘已满"):
        draft()
    assert len(calls) == 2
    assert not Article.objects.exists() and not ArticleAttachment.objects.exists()
    assert _media_files(settings) == []


def test_files_handed_to_the_caller_go_when_the_callers_transaction_fails(draft, settings):
    with pytest.raises(RuntimeError), delete_on_failure() as written, transaction.atomic():
        draft(written=written)
        # two copies, the cover, its four sized renditions and its three crops
        assert len(written) == 10
        raise RuntimeError("the caller's own step failed")
    assert not Article.objects.exists()
    assert _media_files(settings) == []


def test_only_list_sections_take_articles(draft, make_section):
    link = make_section(name="会刊", kind="link", external_url="/magazine/")
    with pytest.raises(ValueError, match="不是文章列表"):
        draft(section=link)
    assert not Article.objects.exists()


def test_find_section_tries_slug_or_name_then_hints_then_the_fallback(make_section):
    assert find_section(slug="policy", name="政策法规", hints=()) is None
    association = make_section(name="协会动态", slug="association")
    cases = make_section(name="园区案例", slug="cases")
    policy = make_section(name="政策法规", slug="laws")
    make_section(name="会刊", slug="magazine", kind="link", external_url="/magazine/")
    assert find_section(slug="policy", name="政策法规", hints=("cases",)) == policy
    assert find_section(slug="experience", name="经验交流", hints=("cases",)) == cases
    assert find_section(slug="magazine", name="会刊", hints=()) == association
