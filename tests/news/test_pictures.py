"""Pictures in the sizes the layout uses: renditions in WebP and JPEG, made once when a
picture is stored, listed in `srcset`, deleted with their picture."""

import html
import io
import os
import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from PIL import Image

from news.models import Article, MagazineIssue
from tests.conftest import files_under

pytestmark = pytest.mark.django_db


def jpeg(size=(2000, 1000), color=(20, 90, 160)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "JPEG")
    return out.getvalue()


def stored(settings) -> dict[str, float]:
    """Each file under MEDIA_ROOT with its modification time."""
    root = Path(settings.MEDIA_ROOT)
    return {str(p.relative_to(root)): p.stat().st_mtime_ns for p in files_under(root)}


def sizes_of(settings, names) -> dict[str, tuple[int, int]]:
    result = {}
    for name in names:
        with Image.open(os.path.join(settings.MEDIA_ROOT, name)) as image:
            result[name] = image.size
    return result


def test_a_cover_is_stored_with_webp_and_jpeg_in_each_width_below_its_own(make_article, settings):
    article = make_article(cover=ContentFile(jpeg((2000, 1000)), name="封面.jpg"))
    assert re.fullmatch(r"covers/\d{4}/\d\d/[0-9a-f]{32}_2000x1000\.jpg", article.cover.name)
    stem = article.cover.name.removesuffix(".jpg")
    expected = {
        f"{stem}.{w}.{ext}": (w, w // 2) for w in (400, 800, 1200, 1600) for ext in ("webp", "jpg")
    }
    assert sizes_of(settings, expected) == expected
    with Image.open(os.path.join(settings.MEDIA_ROOT, f"{stem}.800.webp")) as image:
        assert image.format == "WEBP"


def test_a_small_png_is_never_enlarged_and_keeps_png_beside_webp(
    superuser_client, png_bytes, settings
):
    response = superuser_client.post(
        "/editor/upload/", {"upload": SimpleUploadedFile("a.png", png_bytes(size=(300, 200)))}
    )
    name = response.json()["url"].removeprefix("/media/")
    stem = name.removesuffix(".png")
    assert sorted(stored(settings)) == sorted([name, f"{stem}.300.png", f"{stem}.300.webp"])


def test_pages_list_the_renditions_and_rendering_writes_no_file(make_article, client, settings):
    article = make_article(cover=ContentFile(jpeg(), name="c.jpg"), is_slide=True, body="")
    before = stored(settings)
    stem = "/media/" + article.cover.name.removesuffix(".jpg")
    for url in ("/", "/news/", f"/articles/{article.pk}/"):
        html = client.get(url).content.decode()
        webp = ", ".join(f"{stem}.{w}.webp {w}w" for w in (400, 800, 1200, 1600))
        assert f'<source type="image/webp" srcset="{webp}"' in html, url
        assert f'srcset="{stem}.400.jpg 400w, {stem}.800.jpg 800w' in html, url
        assert 'width="2000" height="1000"' in html, url
    assert stored(settings) == before  # made once, on upload: pages only name them


def test_body_pictures_become_picture_elements_and_others_stay(
    make_article, superuser_client, client
):
    response = superuser_client.post(
        "/editor/upload/", {"upload": SimpleUploadedFile("a.jpg", jpeg((1000, 500)))}
    )
    url = response.json()["url"]
    stem = url.removesuffix(".jpg")
    article = make_article(
        body=f'<p><img src="{url}" alt="园区鸟瞰"></p><p><img src="/media/editor/old.jpg" alt="旧图"></p>'
    )
    html = client.get(f"/articles/{article.pk}/").content.decode()
    assert (
        f'<picture><source type="image/webp" srcset="{stem}.400.webp 400w, {stem}.800.webp 800w, '
        f'{stem}.1000.webp 1000w" sizes="(max-width: 960px) 100vw, 860px">'
    ) in html
    assert 'alt="园区鸟瞰" loading="lazy"' in html
    assert '<img src="/media/editor/old.jpg" alt="旧图">' in html


def test_renditions_are_deleted_with_their_picture(
    make_issue, settings, django_capture_on_commit_callbacks
):
    issue = make_issue(cover=ContentFile(jpeg((1200, 1600)), name="c.jpg"))
    assert len(stored(settings)) == 1 + 3 * 2  # 400, 800, 1200 in two formats
    with django_capture_on_commit_callbacks(execute=True):
        issue.delete()
    assert stored(settings) == {}


def test_a_replaced_picture_and_its_renditions_are_deleted(
    make_issue, settings, django_capture_on_commit_callbacks
):
    issue = make_issue(cover=ContentFile(jpeg((900, 1200)), name="c.jpg"))
    old = set(stored(settings))
    with django_capture_on_commit_callbacks(execute=True):
        issue.cover = ContentFile(jpeg((600, 800)), name="d.jpg")
        issue.save()
    now = set(stored(settings))
    assert not old & now
    stem = issue.cover.name.removesuffix(".jpg")
    assert now == {
        issue.cover.name,
        *(f"{stem}.{w}.{e}" for w in (400, 600) for e in ("webp", "jpg")),
    }


def test_a_bad_cover_is_refused_with_the_message_and_leaves_no_file(section, settings):
    issue = MagazineIssue(
        year=2026, number=1, cover=SimpleUploadedFile("c.jpg", b"MZ not an image")
    )
    with pytest.raises(ValidationError) as caught:
        issue.full_clean()
    assert (
        "文件不是有效的图片，请上传 JPG、PNG、GIF 或 WebP 图片。"
        in caught.value.message_dict["cover"]
    )
    assert stored(settings) == {}


def test_make_renditions_gives_old_pictures_their_sizes_once(make_article, settings):
    from django.core.files.storage import default_storage

    old_cover = default_storage.save("covers/2020/01/old.jpg", ContentFile(jpeg((1000, 400))))
    old_body = default_storage.save("editor/old-body.jpg", ContentFile(jpeg((500, 300))))
    article = make_article(body=f'<p><img src="/media/{old_body}" alt="x"></p>')
    Article.objects.filter(pk=article.pk).update(cover=old_cover)

    call_command("make_renditions", stdout=io.StringIO())
    article.refresh_from_db()
    assert re.fullmatch(r"covers/2020/01/[0-9a-f]{32}_1000x400\.jpg", article.cover.name)
    assert not default_storage.exists(old_cover)
    new_body = re.search(r'src="/media/([^"]+)"', article.body)[1]
    assert re.fullmatch(r"editor/[0-9a-f]{32}_500x300\.jpg", new_body)
    assert default_storage.exists(old_body)  # earlier versions of the text still show it
    cover_stem = article.cover.name.removesuffix(".jpg")
    assert default_storage.exists(f"{cover_stem}.1000.webp")
    assert default_storage.exists(new_body.replace(".jpg", ".500.jpg"))

    before = stored(settings)
    out = io.StringIO()
    call_command("make_renditions", stdout=out)
    assert stored(settings) == before
    assert "0 处" in out.getvalue()


def test_a_hostile_alt_stays_text_when_the_picture_is_rewritten(make_article, client):
    hostile = '"><script>alert(1)</script><img src=x onerror=alert(2)>'
    article = make_article(body="")
    Article.objects.filter(pk=article.pk).update(
        body=f'<p><img src="/media/editor/{"a" * 32}_1000x500.jpg" alt="{html.escape(hostile)}"></p>'
    )
    page = client.get(f"/articles/{article.pk}/").content.decode()
    body = page[page.index('class="article-body') : page.index("</picture>")]
    assert "<script" not in body and "<img src=x" not in body
    assert f'alt="{html.escape(hostile)}"' in body  # still one attribute, as text
