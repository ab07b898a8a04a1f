"""The whole-page cache for anonymous readers: fast, but never stale or personal."""

import pytest

from portal.models import Page, SiteSettings

pytestmark = pytest.mark.django_db


def test_second_visit_is_served_from_cache_and_an_edit_shows_at_once(client, make_page):
    page = make_page(slug="about", title="协会简介", body="<p>旧的介绍</p>")
    assert client.get("/pages/about/")["X-Page-Cache"] == "miss"
    assert client.get("/pages/about/")["X-Page-Cache"] == "hit"
    page.body = "<p>新的介绍</p>"
    page.save()
    html = client.get("/pages/about/").content.decode()
    assert "新的介绍" in html and "旧的介绍" not in html


def test_site_settings_change_refreshes_every_cached_page(client, make_page):
    make_page(slug="about")
    client.get("/pages/about/")
    site = SiteSettings.load()
    site.icp_number = "京ICP备99999999号"
    site.save()
    assert "京ICP备99999999号" in client.get("/pages/about/").content.decode()


def test_admin_bulk_unpublish_refreshes_cached_pages(client, superuser, make_page):
    page = make_page(slug="about")
    assert client.get("/pages/about/").status_code == 200
    staff = client.__class__()
    staff.force_login(superuser)
    staff.post(
        "/admin/portal/page/",
        {"action": "unpublish", "_selected_action": [page.pk]},
    )
    assert not Page.objects.get(pk=page.pk).is_published
    assert client.get("/pages/about/").status_code == 404


def test_pages_with_a_form_are_never_cached(client):
    client.get("/messages/new/")
    assert "X-Page-Cache" not in client.get("/messages/new/")


def test_not_found_is_not_cached(client):
    assert client.get("/pages/missing/").status_code == 404
    assert "X-Page-Cache" not in client.get("/pages/missing/")


def test_cached_page_keeps_security_headers(client, make_page):
    make_page(slug="about")
    client.get("/pages/about/")
    response = client.get("/pages/about/")
    assert response["X-Page-Cache"] == "hit"
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["Content-Type"] == "text/html; charset=utf-8"


def test_reader_pages_never_show_flash_messages_and_cache_nothing_for_them(reader, make_page):
    """Flash messages belong to the admin: a signed `messages` cookie replayed on a
    reader page shows nothing and stores nothing (security review, item 5)."""
    from django.contrib.messages import constants
    from django.contrib.messages.storage.base import Message as Flash
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.test import Client, RequestFactory

    make_page(slug="about")
    attacker = Client()
    attacker.cookies["messages"] = CookieStorage(RequestFactory().get("/"))._encode(
        [Flash(constants.INFO, "本站已迁移，请访问 evil.example")]
    )
    for url in ("/", "/pages/about/", "/zones/", "/messages/"):
        response = attacker.get(url)
        assert "本站已迁移" not in response.content.decode(), url
        assert "X-Page-Cache" not in response, url
        assert "本站已迁移" not in reader.get(url).content.decode(), url


def test_unknown_query_parameters_neither_reach_the_view_nor_add_cache_entries(reader):
    first = reader.get("/zones/?level=national")
    assert first["X-Page-Cache"] == "miss"
    for junk in range(5):
        response = reader.get(f"/zones/?utm_source=x{junk}&level=national&empty=")
        assert response["X-Page-Cache"] == "hit"
    assert reader.get("/zones/?level=provincial")["X-Page-Cache"] == "miss"
    # the same filters in another order are the same page
    assert reader.get("/zones/?page=1&level=national")["X-Page-Cache"] == "miss"
    assert reader.get("/zones/?level=national&page=1")["X-Page-Cache"] == "hit"


@pytest.mark.parametrize("url", ["/zones/", "/associations/", "/search/"])
def test_a_nul_character_in_a_reader_query_is_dropped_not_a_500(reader, url):
    # PostgreSQL cannot compare text holding NUL: `?q=园%00区` used to be a 500.
    response = reader.get(url, {"q": "园\x00区"})
    assert response.status_code == 200
    assert "园区" in response.content.decode()
