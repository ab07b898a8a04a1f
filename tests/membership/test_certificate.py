"""The 会员证书: a PDF whose Chinese text can be read back, with a QR code of the public
check page, which says whether the membership is valid today."""

import datetime
import io

import pytest
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

pytestmark = pytest.mark.django_db


def test_the_certificate_carries_name_number_and_dates_in_chinese(member_client):
    member = member_client.contact.member
    response = member_client.get("/member/certificate.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "X-Page-Cache" not in response
    raw = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    text = "".join(raw.replace("\x00", "").split())  # pypdf reads the CID text with NULs
    assert "会员证书" in text and member.name in text and member.number in text
    assert f"有效期至：{member.valid_until:%Y年%m月%d日}" in text


def test_strangers_get_no_certificate():
    response = Client().get("/member/certificate.pdf")
    assert response.status_code == 302 and response["Location"].startswith("/member/?next=")


def test_the_check_page_says_valid_today_and_invalid_after_expiry(member_client):
    member = member_client.contact.member
    page = Client().get(f"/member/verify/{member.verify_token}/").content.decode()
    assert member.name in page and "是中国开发区协会的有效会员" in page
    member.valid_until = timezone.localdate() - datetime.timedelta(days=1)
    member.save()
    page = Client().get(f"/member/verify/{member.verify_token}/").content.decode()
    assert "该证书无效" in page and "有效会员" not in page


def test_an_unknown_token_is_a_404():
    assert Client().get("/member/verify/not-a-token/").status_code == 404
