"""One of everything the API shows, and some of what it must never show."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from associations.models import Association, Industry, Zone
from events.models import Event, Registration, new_registration_code
from news.models import Article, ArticleAttachment, MagazineEntry, MagazineIssue, Section

SECRET = "机密正文不得外泄"


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    settings.RATELIMIT_ENABLE = False


def make_article(section, n, **overrides):
    data = {
        "title": f"开发区新闻{n}",
        "section": section,
        "source": "本站",
        "author": "记者",
        "summary": f"摘要{n}",
        "body": f'<p>正文{n}<img src="/media/body/{n}.png" alt="图"><a href="/pages/about/">简介</a></p>',
        "status": Article.Status.PUBLISHED,
        "publish_at": timezone.now() - timedelta(hours=n),
    }
    data.update(overrides)
    return Article.objects.create(**data)


@pytest.fixture
def content(db):
    now = timezone.now()
    news = Section.objects.create(name="资讯中心", slug="news", order=1)
    national = Section.objects.create(name="国家级开发区动态", slug="national", parent=news)
    notices = Section.objects.create(name="通知公告", slug="notices", order=2)
    articles = [make_article(national, n) for n in range(1, 4)]
    pinned = make_article(news, 10, title="置顶文章", is_pinned=True)
    headline = make_article(national, 11, title="头条文章", is_headline=True)
    notice = make_article(notices, 12, title="关于召开年会的通知")
    ArticleAttachment.objects.create(
        article=articles[0], title="报名表", file=ContentFile(b"%PDF-1.4 x", name="form.pdf")
    )
    hidden = {
        "draft": make_article(national, 20, status=Article.Status.DRAFT),
        "scheduled": make_article(national, 21, publish_at=now + timedelta(hours=2)),
        "expired": make_article(
            national, 22, publish_at=now - timedelta(days=3), unpublish_at=now - timedelta(hours=1)
        ),
        "recycled": make_article(national, 23, deleted_at=now - timedelta(minutes=5)),
    }
    for kind, article in hidden.items():
        Article.objects.filter(pk=article.pk).update(
            title=f"隐藏{kind}", summary=f"隐藏{kind}", body=f"<p>{SECRET}{kind}</p>"
        )
    issue = MagazineIssue.objects.create(year=2026, number=1, title="园区专题")
    MagazineEntry.objects.create(issue=issue, column="特别策划", article=articles[1], page=3)
    MagazineEntry.objects.create(issue=issue, title="未上线文章的目录行", article=hidden["draft"])
    starts = now + timedelta(days=7)
    event = Event.objects.create(
        title="招商引资培训班",
        place="北京",
        starts_at=starts,
        ends_at=starts + timedelta(hours=8),
        registration_opens_at=now - timedelta(days=1),
        registration_closes_at=starts - timedelta(hours=1),
        capacity=2,
        status=Event.Status.PUBLISHED,
        publish_at=now - timedelta(days=1),
    )
    Registration.objects.create(
        event=event,
        code=new_registration_code(),
        name="王芳",
        unit="管委会",
        phone="13912345678",
        email="wangfang@example.com",
        status=Registration.Status.CONFIRMED,
    )
    zone = Zone.objects.create(
        name="苏州工业园区",
        province="江苏省",
        city="苏州市",
        level=Zone.Level.NATIONAL,
        zone_type=Zone.Type.ECONOMIC,
    )
    zone.industries.add(Industry.objects.create(name="电子信息"))
    Zone.objects.create(
        name="昆山高新区", province="江苏省", level=Zone.Level.PROVINCIAL, zone_type="hightech"
    )
    Zone.objects.create(name="未发布园区", province="浙江省", level="national", is_published=False)
    association = Association.objects.create(
        name="江苏省开发区协会", kind=Association.Kind.PROVINCIAL, province="江苏省", is_member=True
    )
    return {
        "articles": articles,
        "pinned": pinned,
        "headline": headline,
        "notice": notice,
        "hidden": hidden,
        "issue": issue,
        "event": event,
        "zone": zone,
        "association": association,
    }
