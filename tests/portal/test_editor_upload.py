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
