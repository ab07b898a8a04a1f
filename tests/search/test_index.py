"""Keeping the index current: rebuild command and the registry's rules."""

import pytest
from django.core.management import CommandError, call_command

import search
from portal.models import Page, SiteSettings

pytestmark = pytest.mark.django_db


def test_rebuild_fills_vectors_that_bulk_writes_skipped(client, make_searchable_page):
    page = make_searchable_page(title="综合保税区介绍", slug="p")
    Page.objects.filter(pk=page.pk).update(search_vector=None, title="海关特殊监管区域介绍")
    assert "/pages/p/" not in client.get("/search/", {"q": "海关特殊监管区域"}).content.decode()
    call_command("rebuild_search_index", "--batch-size", "1", verbosity=0)
    page.refresh_from_db()
    assert "'海关特殊监管区域'" in page.search_vector
    assert "/pages/p/" in client.get("/search/", {"q": "海关特殊监管区域"}).content.decode()


def test_rebuild_indexes_unpublished_rows_so_publishing_needs_no_reindex(make_searchable_page):
    page = make_searchable_page(title="草稿", slug="d", is_published=False)
    Page.objects.filter(pk=page.pk).update(search_vector=None)
    call_command("rebuild_search_index", "--kind", "page", verbosity=0)
    page.refresh_from_db()
    assert page.search_vector


def test_rebuild_rejects_unknown_kind():
    with pytest.raises(CommandError, match="没有这种内容类型"):
        call_command("rebuild_search_index", "--kind", "nope", verbosity=0)


def test_only_searchable_models_can_be_registered():
    with pytest.raises(TypeError):
        search.register(
            SiteSettings,
            kind="settings",
            label="设置",
            queryset=SiteSettings.objects.all,
            date_field="updated_at",
            fields=lambda settings: {"A": settings.site_name},
        )


def test_page_is_registered_with_its_published_queryset(make_searchable_page):
    entry = search.get_kind("page")
    assert entry.label == "单页" and entry.model is Page
    make_searchable_page(slug="draft", is_published=False)
    assert not entry.queryset().filter(slug="draft").exists()
