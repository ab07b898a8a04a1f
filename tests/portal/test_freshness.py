"""portal.freshness: one content version, moved once per committed change, by the
receivers every app declares; admin actions refresh pages through ContentAdmin."""

import pytest
from django.contrib import admin
from django.db import transaction

from editorial.admin import ContentAdmin
from portal import freshness
from portal.models import Page, SiteSettings
from tests.conftest import our_apps

OUR_APPS = set(our_apps())
# Registered in the admin but never shown to readers: edits refresh nothing. (An
# event's state — full or not — is refreshed by events.services, which write every
# registration status; see events/receivers.py.)
# Members and their contacts show only on the member's own pages and the certificate's
# check page, which are never cached.
NOT_ON_READER_PAGES = {
    "submissions.Submission",
    "events.Registration",
    "membership.Application",
    "membership.Member",
    "membership.Contact",
}


def test_every_model_readers_see_is_watched_and_its_admin_refreshes_after_actions():
    registered = {
        model._meta.label: model_admin
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in OUR_APPS
    }
    watched = {model._meta.label for model in freshness.WATCHED}
    assert set(registered) - watched == NOT_ON_READER_PAGES
    for label in watched & set(registered):
        assert isinstance(registered[label], ContentAdmin), label
    # inline-only models are watched too
    assert {"news.ArticleAttachment", "news.MagazineEntry"} <= watched


@pytest.mark.django_db(transaction=True)
def test_version_moves_once_after_commit_and_not_at_all_on_rollback(make_page):
    before = freshness.version()
    with transaction.atomic():
        page = make_page(title="协会章程")
        page.title = "协会章程（修订）"
        page.save()
        SiteSettings.load().save()
        assert freshness.version() == before  # nothing moves before the commit
    assert freshness.version() == before + 1

    with pytest.raises(RuntimeError), transaction.atomic():
        Page.objects.filter(pk=page.pk).get().save()
        raise RuntimeError("rolled back")
    assert freshness.version() == before + 1


@pytest.mark.django_db(transaction=True)
def test_a_lost_version_key_starts_again_from_the_clock_not_from_an_old_number():
    from django.core.cache import cache

    first = freshness.version()
    cache.delete(freshness.VERSION_KEY)
    assert freshness.version() > first
