import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile

from editorial.files import check_upload, delete_on_failure, download_response, sniff_kind


def docx_bytes():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\n1 0 obj", "pdf"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100 + "WordDocument".encode("utf-16-le"),
            "doc",
        ),
        (None, "docx"),
        ("名称,省份\n苏州工业园区,江苏\n".encode(), "csv"),
        (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff", None),
    ],
)
def test_sniff_kind_reads_content(data, kind):
    data = docx_bytes() if data is None else data
    assert sniff_kind(SimpleUploadedFile("x.bin", data)) == kind


def test_png_is_recognised(png_bytes):
    assert sniff_kind(SimpleUploadedFile("a.pdf", png_bytes())) == "png"


def test_renamed_exe_is_refused_with_the_allowed_kinds_named():
    upload = SimpleUploadedFile("report.pdf", b"MZ\x90\x00\x03 not really a pdf")
    with pytest.raises(ValidationError) as info:
        check_upload(upload, allowed={"pdf", "docx"}, max_bytes=1000)
    assert "report.pdf" in info.value.messages[0] and "PDF" in info.value.messages[0]


def test_empty_and_oversize_files_are_refused():
    with pytest.raises(ValidationError, match="是空的"):
        check_upload(SimpleUploadedFile("a.pdf", b""), allowed={"pdf"}, max_bytes=10)
    with pytest.raises(ValidationError, match="太大"):
        check_upload(
            SimpleUploadedFile("a.pdf", b"%PDF-" + b"x" * 50), allowed={"pdf"}, max_bytes=10
        )


def test_checked_file_gets_a_generated_name_with_the_true_extension():
    checked = check_upload(
        SimpleUploadedFile("x.doc", docx_bytes()), allowed={"docx"}, max_bytes=10**6
    )
    assert checked.kind == "docx" and checked.original_name == "x.doc"
    name = checked.generated_name()
    assert name.endswith(".docx") and len(name) == 37


def test_files_written_before_a_failure_are_deleted_and_the_error_goes_on(tmp_path):
    storage = FileSystemStorage(location=tmp_path)
    with pytest.raises(RuntimeError, match="db down"), delete_on_failure() as written:
        for n in range(2):
            written.append((storage, storage.save(f"{n}.txt", ContentFile(b"x"))))
        raise RuntimeError("db down")
    assert list(tmp_path.iterdir()) == []


def test_files_of_a_successful_write_stay(tmp_path):
    storage = FileSystemStorage(location=tmp_path)
    with delete_on_failure() as written:
        written.append((storage, storage.save("kept.txt", ContentFile(b"x"))))
    assert [p.name for p in tmp_path.iterdir()] == ["kept.txt"]


def test_a_file_that_cannot_be_deleted_is_logged_and_the_others_still_go(tmp_path, caplog):
    storage = FileSystemStorage(location=tmp_path)

    class Stuck(FileSystemStorage):
        def delete(self, name):
            raise PermissionError(name)

    with pytest.raises(RuntimeError), delete_on_failure() as written:
        written.append((Stuck(location=tmp_path), storage.save("stuck.txt", ContentFile(b"x"))))
        written.append((storage, storage.save("gone.txt", ContentFile(b"x"))))
        raise RuntimeError
    assert [p.name for p in tmp_path.iterdir()] == ["stuck.txt"]
    assert "could not remove stuck.txt" in caplog.text


@pytest.mark.parametrize(
    ("name", "data", "filename", "content_type"),
    [
        ("年报.exe", docx_bytes(), "filename*=utf-8''%E5%B9%B4%E6%8A%A5.docx", "wordprocessingml"),
        ("setup.exe", b"MZ\x90\x00\x03\x00\xff\xff", 'filename="setup.bin"', "octet-stream"),
        ('a"b\r\nX-Evil: 1.pdf', b"%PDF-1.4\n", 'filename="a\\"b__X-Evil: 1.pdf"', "pdf"),
    ],
)
def test_downloads_are_named_after_their_content(name, data, filename, content_type):
    response = download_response(io.BytesIO(data), name=name)
    assert response["Content-Disposition"] == f"attachment; {filename}"
    assert content_type in response["Content-Type"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == data
