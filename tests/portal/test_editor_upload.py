"""CKEditor 5 image upload: staff only, checked by content with Pillow."""

import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

pytestmark = pytest.mark.django_db
URL = "/editor/upload/"


def upload(client, data, name="photo.png"):
    return client.post(URL, {"upload": SimpleUploadedFile(name, data)})


def test_staff_upload_is_reencoded_under_a_generated_name(superuser_client, png_bytes, settings):
    response = upload(superuser_client, png_bytes(size=(300, 200)), name="../../evil name.png")
    assert response.status_code == 200
    url = response.json()["url"]
    assert url.startswith("/media/editor/") and url.endswith(".png")
    assert "evil" not in url
    stored = os.path.join(settings.MEDIA_ROOT, url.removeprefix("/media/"))
    with Image.open(stored) as image:
        assert image.size == (300, 200)


def test_large_image_is_scaled_down(superuser_client, png_bytes, settings):
    response = upload(superuser_client, png_bytes(size=(5000, 1000)))
    stored = os.path.join(settings.MEDIA_ROOT, response.json()["url"].removeprefix("/media/"))
    with Image.open(stored) as image:
        assert max(image.size) == settings.MAX_IMAGE_SIDE


def test_reader_cannot_upload(client, png_bytes, settings):
    response = upload(client, png_bytes())
    assert response.status_code == 403
    assert "只有编辑人员" in response.json()["error"]["message"]
    assert not os.path.exists(os.path.join(settings.MEDIA_ROOT, "editor"))


def test_non_image_renamed_as_png_is_refused(superuser_client, settings):
    response = upload(superuser_client, b"MZ\x90\x00 this is an exe", name="photo.png")
    assert response.status_code == 400
    assert "不是有效的图片" in response.json()["error"]["message"]
    assert not os.path.exists(os.path.join(settings.MEDIA_ROOT, "editor"))


def test_oversize_file_is_refused(superuser_client, settings, png_bytes):
    settings.MAX_IMAGE_UPLOAD_BYTES = 1000
    response = upload(superuser_client, png_bytes(size=(400, 400)) + b"\0" * 2000)
    assert response.status_code == 400
    assert "图片太大" in response.json()["error"]["message"]


def test_decompression_bomb_is_refused(superuser_client, settings):
    out = io.BytesIO()
    Image.new("1", (12000, 12000)).save(out, "PNG")  # tiny file, 144 megapixels
    response = upload(superuser_client, out.getvalue())
    assert response.status_code == 400
    assert "像素过多" in response.json()["error"]["message"]
    assert not os.path.exists(os.path.join(settings.MEDIA_ROOT, "editor"))


def test_empty_file_is_refused(superuser_client):
    response = upload(superuser_client, b"")
    assert response.status_code == 400


def test_an_upload_over_the_limit_is_a_json_413_before_it_is_read(
    superuser_client, png_bytes, settings
):
    settings.REQUEST_BODY_LIMITS = {URL: 1000}
    response = upload(superuser_client, png_bytes(size=(600, 600)) + b"\0" * 2000)
    assert response.status_code == 413
    assert "未能接收" in response.json()["error"]["message"]
    assert not os.path.exists(os.path.join(settings.MEDIA_ROOT, "editor"))


def test_the_librarys_own_upload_view_does_not_exist(superuser_client, png_bytes, settings):
    # django-ckeditor-5's view stores raw uploads under the uploader's file name.
    library_url = "/ckeditor5/image_upload/"
    assert superuser_client.get(library_url).status_code == 404
    response = superuser_client.post(
        library_url, {"upload": SimpleUploadedFile("photo.png", png_bytes())}
    )
    assert response.status_code == 404
    assert not os.path.exists(os.path.join(settings.MEDIA_ROOT, "uploads"))


def test_the_admin_editor_uploads_through_the_checked_view(superuser_client):
    html = superuser_client.get("/admin/portal/page/add/").content.decode()
    assert 'data-upload-url="/editor/upload/"' in html


def test_a_20000_pixel_square_png_is_refused_with_a_message(superuser_client, settings):
    out = io.BytesIO()
    Image.new("1", (20000, 20000)).save(out, "PNG")  # 48 KB, 400 megapixels
    response = upload(superuser_client, out.getvalue())
    assert response.status_code == 400
    assert "像素过多" in response.json()["error"]["message"]
    assert not os.path.exists(os.path.join(settings.MEDIA_ROOT, "editor"))


def animated_gif(frames: int, size: tuple[int, int]) -> bytes:
    images = [Image.new("RGB", size, (i % 256, i // 256, 90)) for i in range(frames)]
    out = io.BytesIO()
    images[0].save(out, "GIF", save_all=True, append_images=images[1:], duration=50, loop=0)
    return out.getvalue()


def test_a_small_animated_gif_keeps_its_frames(superuser_client, settings):
    response = upload(superuser_client, animated_gif(12, (320, 200)), name="动图.gif")
    assert response.status_code == 200
    stored = os.path.join(settings.MEDIA_ROOT, response.json()["url"].removeprefix("/media/"))
    with Image.open(stored) as image:
        assert image.format == "GIF" and image.n_frames == 12 and image.size == (320, 200)


@pytest.mark.slow
def test_an_animated_gif_over_the_frame_pixel_budget_is_refused(superuser_client, settings):
    # 60 frames of 1000x1000 is a 110 KB file but took seconds to re-encode.
    response = upload(superuser_client, animated_gif(60, (1000, 1000)), name="动图.gif")
    assert response.status_code == 400
    message = response.json()["error"]["message"]
    limit = settings.MAX_ANIMATION_PIXELS // 1_000_000
    assert "动图" in message and f"1000×1000 的动图最多 {limit} 帧" in message
    assert not os.path.exists(os.path.join(settings.MEDIA_ROOT, "editor"))


def test_an_animated_gif_with_too_many_tiny_frames_is_refused(superuser_client, settings):
    response = upload(superuser_client, animated_gif(settings.MAX_ANIMATION_FRAMES + 1, (8, 8)))
    assert response.status_code == 400
    assert f"最多 {settings.MAX_ANIMATION_FRAMES} 帧" in response.json()["error"]["message"]


def test_a_full_disk_answers_503_in_chinese_and_leaves_no_file(
    superuser_client, settings, png_bytes, disk_full
):
    from tests.conftest import files_under

    disk_full(room=100)
    response = upload(superuser_client, png_bytes(size=(300, 200)))
    assert response.status_code == 503
    assert "没有保存" in response.json()["error"]["message"]
    assert "请稍后再试" in response.json()["error"]["message"]
    assert files_under(settings.MEDIA_ROOT) == []


def _with_metadata(fmt: str) -> bytes:
    """A small picture carrying `<script>` in every metadata block its format has."""
    from PIL import ImageCms, PngImagePlugin

    script = b"<script>alert(document.cookie)</script>"
    exif = Image.Exif()
    exif[0x010E] = script.decode()  # ImageDescription
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    image = Image.new("RGB", (40, 30), (200, 30, 30))
    out = io.BytesIO()
    if fmt == "JPEG":
        image.save(out, fmt, comment=script, exif=exif, xmp=script, icc_profile=icc)
    elif fmt == "PNG":
        text = PngImagePlugin.PngInfo()
        text.add_text("Comment", script.decode())
        text.add_itxt("XML:com.adobe.xmp", script.decode())
        image.save(out, fmt, pnginfo=text, exif=exif, icc_profile=icc)
    elif fmt == "WEBP":
        image.save(out, fmt, exif=exif, xmp=script, icc_profile=icc)
    else:
        frames = [image.convert("P"), Image.new("RGB", (40, 30), (0, 0, 200)).convert("P")]
        frames[0].save(out, fmt, save_all=True, append_images=frames[1:], comment=script)
    assert script in out.getvalue()
    return out.getvalue()


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "GIF"])
def test_an_upload_keeps_no_comment_exif_xmp_icc_or_text_chunk(superuser_client, settings, fmt):
    response = upload(superuser_client, _with_metadata(fmt), name=f"photo.{fmt.lower()}")
    assert response.status_code == 200
    stored = os.path.join(settings.MEDIA_ROOT, response.json()["url"].removeprefix("/media/"))
    with open(stored, "rb") as file:
        data = file.read()
    assert b"<script>" not in data and b"alert" not in data
    with Image.open(stored) as image:
        image.load()
        leftover = {"comment", "exif", "xmp", "icc_profile", "Comment", "XML:com.adobe.xmp"}
        assert leftover.isdisjoint(image.info)
        assert image.convert("RGB").getpixel((5, 5))[0] > 150  # still the red picture
