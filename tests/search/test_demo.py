"""The demo data is searchable right after `manage.py load_demo`: every row of every
kind has its vector."""

import os
import re

import pytest
from django.core.management import call_command

import search

FACET = re.compile(r'>([^<>]+)<span class="count">（(\d+\+?)）</span>')


def facet_counts(html: str) -> dict[str, str]:
    """{type label: count} from the results page's type filter."""
    return dict(FACET.findall(html))


@pytest.mark.django_db
@pytest.mark.slow
def test_load_demo_leaves_no_row_of_any_kind_without_a_vector(client):
    call_command("load_demo", stdout=open(os.devnull, "w"))
    for entry in search.registered():
        rows = entry.model._default_manager
        assert rows.exists(), entry.kind
        assert not rows.filter(search_vector__isnull=True).exists(), entry.kind
    html = client.get("/search/", {"q": "协会"}).content.decode()
    for label in ("资讯", "协会", "单页"):
        assert int(facet_counts(html)[label].rstrip("+")) > 0, label
    notices = client.get("/search/", {"q": "通知", "section": "notices"}).content.decode()
    assert '<p class="search-hit-meta"><span>通知公告</span>' in notices
    zones = client.get("/search/", {"q": "电子信息"}).content.decode()
    assert int(facet_counts(zones)["开发区"].rstrip("+")) > 0
