"""Files chosen in 入会申请 survive a refused submit (publicforms.kept): a mistyped
captcha costs the applicant nothing but the captcha, a kept file is only its own
session's, kept files expire, and hostile tokens get a 400, never a 500."""

import io
import re
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from editorial import stash
from membership.models import Application

pytestmark = pytest.mark.django_db

WRONG_CAPTCHA = {"captcha_1": "WRONG"}


def post(client, data, files=(), **extra):
    extra.setdefault("REMOTE_ADDR", "203.0.113.9")
    payload = dict(data)
    if files:
        payload["attachments"] = list(files)
    return client.post("/membership/apply/", payload, **extra)


def kept_tokens(html: str) -> list[str]:
    return re.findall(r'name="attachments__kept" value="([^"]+)" checked', html)


def kept_on_disk(settings) -> list[Path]:
    return sorted(p for p in (Path(settings.PRIVATE_MEDIA_ROOT) / "stash").rglob("data"))


@pytest.fixture
def two_scans(upload, pdf_bytes, png_bytes):
    first = pdf_bytes + b"% approval\n"
    second = png_bytes(size=(40, 30))
    return [
        (upload("批准文件.pdf", first), first),
        (upload("营业执照.png", second, "image/png"), second),
    ]


def test_a_wrong_captcha_keeps_both_scans_and_fixing_only_the_captcha_stores_them(
    client, settings, application_data, two_scans
):
    response = post(client, application_data(**WRONG_CAPTCHA), [f for f, _ in two_scans])
    html = response.content.decode()
    assert response.status_code == 400 and "验证码不正确" in html
    assert "已为您保留上次选择的 2 个文件" in html
    assert "批准文件.pdf" in html and "营业执照.png" in html
    tokens = kept_tokens(html)
    assert len(tokens) == 2 and len(kept_on_disk(settings)) == 2

    # only the captcha is typed again; no file is chosen again
    response = post(client, {**application_data(), "attachments__kept": tokens})
    assert response.status_code == 302
    application = Application.objects.get()
    stored = {a.original_name: a.file.read() for a in application.attachments.all()}
    assert stored == {"批准文件.pdf": two_scans[0][1], "营业执照.png": two_scans[1][1]}
    assert kept_on_disk(settings) == []  # used, so no longer kept


def test_an_unticked_kept_file_is_left_out_and_a_new_choice_joins_the_kept_ones(
    client, application_data, two_scans, upload, pdf_bytes
):
    html = post(client, application_data(**WRONG_CAPTCHA), [f for f, _ in two_scans])
    first, _second = kept_tokens(html.content.decode())
    extra = upload("补充材料.pdf", pdf_bytes + b"% extra\n")
    response = post(client, {**application_data(), "attachments__kept": [first]}, [extra])
    assert response.status_code == 302
    names = [a.original_name for a in Application.objects.get().attachments.all()]
    assert sorted(names) == ["批准文件.pdf", "补充材料.pdf"]


def test_a_second_refusal_offers_the_same_kept_files_again(client, application_data, two_scans):
    tokens = kept_tokens(
        post(client, application_data(**WRONG_CAPTCHA), [f for f, _ in two_scans]).content.decode()
    )
    again = post(client, {**application_data(**WRONG_CAPTCHA), "attachments__kept": tokens})
    assert again.status_code == 400 and kept_tokens(again.content.decode()) == tokens


def test_a_kept_file_token_from_another_session_gives_nothing(
    client, settings, application_data, two_scans
):
    tokens = kept_tokens(
        post(client, application_data(**WRONG_CAPTCHA), [f for f, _ in two_scans]).content.decode()
    )
    stranger = Client()
    response = post(stranger, {**application_data(), "attachments__kept": tokens})
    html = response.content.decode()
    assert response.status_code == 400 and "请上传至少一个申请材料" in html
    assert "批准文件.pdf" not in html and not Application.objects.exists()
    # the owner still has them
    assert post(client, {**application_data(), "attachments__kept": tokens}).status_code == 302
    assert Application.objects.get().attachments.count() == 2


@pytest.mark.parametrize(
    "token",
    [
        "../../../etc/passwd",
        "..%2F..%2Fsecret",
        "a" * 22 + "/../x",
        "A" * 22,  # well formed, kept by nobody
        "x" * 5000,
        "nul\x00byte",
        "<script>alert(1)</script>",
        "",
    ],
)
def test_hostile_kept_tokens_get_the_forms_own_message_never_a_500(
    client, application_data, two_scans, token
):
    post(client, application_data(**WRONG_CAPTCHA), [two_scans[0][0]])  # this session keeps one
    response = post(client, {**application_data(), "attachments__kept": [token] * 50})
    assert response.status_code == 400
    assert "请上传至少一个申请材料" in response.content.decode()
    assert not Application.objects.exists()


def test_a_bot_that_fills_the_honeypot_gets_nothing_kept(
    client, settings, application_data, two_scans
):
    response = post(client, application_data(website="http://spam.example"), [two_scans[0][0]])
    assert response.status_code == 400 and kept_on_disk(settings) == []


def test_a_client_keeps_at_most_its_share_then_is_told_to_choose_again(
    client, settings, application_data, two_scans, upload
):
    settings.KEPT_FILES_CLIENT_BYTES = len(two_scans[0][1]) + 10
    response = post(client, application_data(**WRONG_CAPTCHA), [f for f, _ in two_scans])
    html = response.content.decode()
    assert response.status_code == 400
    assert "已为您保留上次选择的 1 个文件" in html
    assert "这些文件没有为您保留，请重新选择：营业执照.png" in html
    # another session from the same address gets no more room
    other = post(Client(), application_data(**WRONG_CAPTCHA), [upload("第二次.pdf")])
    assert "没有为您保留" in other.content.decode() and len(kept_on_disk(settings)) == 1


def test_kept_files_expire_and_housekeeping_deletes_them(
    client, settings, application_data, two_scans, monkeypatch
):
    tokens = kept_tokens(
        post(client, application_data(**WRONG_CAPTCHA), [f for f, _ in two_scans]).content.decode()
    )
    out = io.StringIO()
    call_command("housekeeping", stdout=out)
    assert "过期的暂存文件 0 个" in out.getvalue() and len(kept_on_disk(settings)) == 2

    later = time.time() + settings.KEPT_FILES_MAX_AGE + 1
    monkeypatch.setattr(stash.time, "time", lambda: later)
    response = post(client, {**application_data(), "attachments__kept": tokens})
    assert response.status_code == 400 and "请上传至少一个申请材料" in response.content.decode()
    call_command("housekeeping", stdout=out)
    assert "过期的暂存文件 2 个" in out.getvalue()
    assert list((Path(settings.PRIVATE_MEDIA_ROOT) / "stash").rglob("*")) == []


def test_a_full_disk_while_keeping_files_still_answers_with_the_form(
    client, settings, application_data, two_scans, disk_full
):
    disk_full(room=10)
    response = post(client, application_data(**WRONG_CAPTCHA), [f for f, _ in two_scans])
    html = response.content.decode()
    assert response.status_code == 400 and "验证码不正确" in html
    assert "这些文件没有为您保留，请重新选择：批准文件.pdf、营业执照.png" in html
    assert kept_on_disk(settings) == []
