"""What the admin tells an editor when something is refused or asked: in Chinese, about
the editor's own content, never a database constraint or an object number."""

import pytest
from django.urls import reverse
from django.utils import timezone

from associations.models import Zone
from news.models import MagazineEntry
from tests.admin_forms import change

pytestmark = pytest.mark.django_db


def test_a_contents_line_without_title_or_article_is_refused_in_chinese(
    superuser_client, make_issue
):
    issue = make_issue()
    url = reverse("admin:news_magazineissue_change", args=[issue.pk])
    response = change(
        superuser_client, url, **{"entries-0-column": "特别策划", "entries-0-page": "12"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "每行需填写篇名或选择对应文章" in html
    assert "magazine_entry_has_title" not in html
    assert not MagazineEntry.objects.exists()


def test_deleting_a_zone_lists_its_article_links_readably(superuser_client, make_article):
    # (Articles go to the recycle bin and list nothing; a zone is deleted for good.)
    zone = Zone.objects.create(
        name="苏州工业园区",
        province="江苏省",
        city="苏州市",
        level="national",
        zone_type="economic",
    )
    article = make_article(title="园区招商会举行")
    article.zones.add(zone)
    response = superuser_client.get(reverse("admin:associations_zone_delete", args=[zone.pk]))
    html = response.content.decode()
    assert "园区招商会举行 — 苏州工业园区" in html
    assert "文章的相关开发区" in html
    assert "object (" not in html and "关系" not in html


def test_site_grayscale_cannot_end_before_it_starts(superuser_client):
    from portal.models import SiteSettings

    # The row comes with a migration; a transactional test run before this one in the
    # same process empties every table, so make sure it is there.
    SiteSettings.objects.get_or_create(pk=1)
    url = reverse("admin:portal_sitesettings_change", args=[1])
    start = timezone.localtime() + timezone.timedelta(days=3)
    end = start - timezone.timedelta(days=1)
    response = change(
        superuser_client,
        url,
        grayscale="on",
        grayscale_start_0=start.strftime("%Y-%m-%d"),
        grayscale_start_1="08:00:00",
        grayscale_end_0=end.strftime("%Y-%m-%d"),
        grayscale_end_1="08:00:00",
    )
    assert response.status_code == 200
    assert "灰色结束时间须晚于开始时间" in response.content.decode()
    assert not SiteSettings.objects.get().grayscale
