"""Cached pages never show an article after its end time or miss it after its start."""

from datetime import timedelta

import pytest
from django.utils import timezone

from portal import pagecache

pytestmark = pytest.mark.django_db


def test_cached_pages_expire_at_the_next_scheduled_change(make_article):
    make_article(title="将要下线", unpublish_at=timezone.now() + timedelta(seconds=30))
    assert pagecache.lifetime() <= 31


def test_without_scheduled_changes_pages_keep_the_default_lifetime(make_article):
    make_article(title="已发布")
    assert pagecache.lifetime() == pagecache.DEFAULT_TTL
