"""The image captcha stores one row per challenge: refreshes are rate-limited per client
and expired rows are deleted as new ones are made, so the table cannot grow without end."""

import re
from datetime import timedelta

import pytest
from captcha.models import CaptchaStore
from django.utils import timezone

pytestmark = pytest.mark.django_db

XHR = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}


def refresh(client, remote_addr="203.0.113.7", **extra):
    return client.get("/captcha/refresh/", REMOTE_ADDR=remote_addr, **XHR, **extra)


def test_refresh_gives_a_new_challenge(client):
    response = refresh(client)
    assert response.status_code == 200
    data = response.json()
    assert CaptchaStore.objects.filter(hashkey=data["key"]).exists()
    assert data["image_url"] == f"/captcha/image/{data['key']}/"


def test_refresh_is_rate_limited_per_client_with_a_chinese_json_answer(client, settings):
    settings.CAPTCHA_REFRESH_RATE = "3/10m"
    assert [refresh(client).status_code for _ in range(3)] == [200, 200, 200]
    blocked = refresh(client)
    assert blocked.status_code == 429
    assert int(blocked["Retry-After"]) > 0
    assert "过于频繁" in blocked.json()["error"]
    assert CaptchaStore.objects.count() == 3  # a blocked refresh stores nothing
    # another reader is not affected
    assert refresh(client, remote_addr="198.51.100.4").status_code == 200


def test_refresh_limit_follows_the_client_behind_a_trusted_proxy(client, settings):
    settings.CAPTCHA_REFRESH_RATE = "1/10m"
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    assert refresh(client, "127.0.0.1", HTTP_X_REAL_IP="198.51.100.1").status_code == 200
    assert refresh(client, "127.0.0.1", HTTP_X_REAL_IP="198.51.100.1").status_code == 429
    assert refresh(client, "127.0.0.1", HTTP_X_REAL_IP="198.51.100.2").status_code == 200


def test_a_blocked_refresh_without_script_gets_the_429_page(client, settings):
    settings.CAPTCHA_REFRESH_RATE = "1/10m"
    refresh(client)
    response = client.get("/captcha/refresh/", REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 429
    assert "过于频繁" in response.content.decode()


@pytest.mark.parametrize("url", ["/messages/new/", "/contribute/", "/captcha/refresh/"])
def test_making_a_challenge_deletes_expired_ones(client, url):
    now = timezone.now()
    for n in range(3):
        CaptchaStore.objects.create(
            challenge="ABCD",
            response="abcd",
            hashkey=f"old{n}",
            expiration=now - timedelta(minutes=1),
        )
    CaptchaStore.objects.create(
        challenge="WXYZ", response="wxyz", hashkey="fresh", expiration=now + timedelta(minutes=5)
    )
    assert client.get(url, REMOTE_ADDR="203.0.113.7", **XHR).status_code == 200
    keys = set(CaptchaStore.objects.values_list("hashkey", flat=True))
    assert "fresh" in keys and not {"old0", "old1", "old2"} & keys
    assert len(keys) == 2  # the fresh one and the one just made


@pytest.mark.parametrize("url", ["/messages/new/", "/contribute/", "/membership/apply/"])
def test_the_captcha_key_is_a_plain_hidden_input(client, url):
    """HTML allows neither required nor autocomplete on a hidden input."""
    html = client.get(url).content.decode()
    (tag,) = re.findall(r'<input type="hidden" name="captcha_0"[^>]*>', html)
    assert "required" not in tag and "autocomplete" not in tag
    assert re.search(r'value="[0-9a-f]{40}" id="id_captcha_0"', tag)


def test_the_one_line_address_field_uses_a_one_line_autocomplete_token(client):
    html = client.get("/membership/apply/").content.decode()
    (tag,) = re.findall(r'<input[^>]*name="address"[^>]*>', html)
    assert 'autocomplete="address-line1"' in tag and "street-address" not in html
