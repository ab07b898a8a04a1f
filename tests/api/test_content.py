"""What the API shows: filters, details with absolute addresses, pages with next links,
times in +08:00, and never what an anonymous reader cannot see."""

import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from api import content as api_content
from tests.api.conftest import SECRET, make_article

pytestmark = pytest.mark.django_db
OFFSET = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$")


def titles(response):
    assert response.status_code == 200, response.content[:300]
    return [item["title"] for item in response.json()["results"]]


def test_articles_filter_by_section_with_its_sub_sections_pinned_first(client, content):
    got = titles(client.get("/api/v1/articles", {"section": "news"}))
    assert got[0] == "置顶文章"
    assert "头条文章" in got and "关于召开年会的通知" not in got
    assert titles(client.get("/api/v1/articles", {"section": "notices"})) == ["关于召开年会的通知"]


def test_articles_filter_by_pinned_headline_and_dates(client, content):
    assert titles(client.get("/api/v1/articles", {"pinned": "true"})) == ["置顶文章"]
    assert titles(client.get("/api/v1/articles", {"headline": "true"})) == ["头条文章"]
    old = make_article(content["articles"][0].section, 99, title="旧闻")
    old.publish_at = timezone.now() - timedelta(days=40)
    old.save()
    day = timezone.localdate(old.publish_at).isoformat()
    assert titles(client.get("/api/v1/articles", {"from": day, "to": day})) == ["旧闻"]
    assert "旧闻" not in titles(client.get("/api/v1/articles", {"from": timezone.localdate()}))


def test_keyword_uses_the_site_search(client, content):
    make_article(content["articles"][0].section, 50, title="苏州工业园区招商推介会举行")
    assert titles(client.get("/api/v1/articles", {"q": "招商推介"})) == [
        "苏州工业园区招商推介会举行"
    ]
    assert titles(client.get("/api/v1/articles", {"q": "不存在的词语组合"})) == []
    assert client.get("/api/v1/articles", {"q": "！？"}).status_code == 400


def test_article_detail_has_absolute_addresses_source_author_and_views(client, content):
    article = content["articles"][0]
    data = client.get(f"/api/v1/articles/{article.pk}").json()
    assert data["source"] == "本站" and data["author"] == "记者" and data["view_count"] == 0
    assert f'src="http://testserver/media/body/{article.title[-1]}.png"' in data["body_html"]
    assert 'href="http://testserver/pages/about/"' in data["body_html"]
    [attachment] = data["attachments"]
    assert attachment["title"] == "报名表" and attachment["url"].startswith(
        "http://testserver/media/"
    )
    assert data["url"] == f"http://testserver/articles/{article.pk}/"
    assert OFFSET.match(data["publish_at"])


def test_pages_link_to_the_next_and_previous(client, content):
    for n in range(30):
        make_article(content["articles"][0].section, 100 + n)
    first = client.get("/api/v1/articles", {"section": "national"}).json()
    assert len(first["results"]) == 20 and first["previous"] is None
    assert first["next"] == "http://testserver/api/v1/articles?page=2&section=national"
    second = client.get(first["next"]).json()
    assert second["previous"].endswith("page=1&section=national")
    assert second["next"] is None and len(second["results"]) == 14
    seen = {i["id"] for i in first["results"]} | {i["id"] for i in second["results"]}
    assert len(seen) == 34


def test_notices_magazine_events_zones_associations_and_site(client, content):
    assert titles(client.get("/api/v1/notices")) == ["关于召开年会的通知"]
    [issue] = client.get("/api/v1/magazine").json()["results"]
    lines = issue["contents"]
    assert lines[0]["article_url"].endswith(f"/articles/{content['articles'][1].pk}/")
    assert lines[1] == {
        "column": "",
        "title": "未上线文章的目录行",
        "page": None,
        "article_id": None,
        "article_url": None,
    }
    [event] = client.get("/api/v1/events").json()["results"]
    assert event["places_left"] == 1 and event["registration_state"] == "open"
    assert event["registration_state_label"] == "报名中" and OFFSET.match(event["starts_at"])
    assert client.get("/api/v1/events", {"when": "past"}).json()["results"] == []
    zones = client.get("/api/v1/zones", {"level": "national"}).json()
    assert zones["count"] == 1 and zones["results"][0]["industries"] == ["电子信息"]
    levels = {f["param"]: f for f in zones["facets"]}["level"]["options"]
    # The same counts as /zones/: each value counts what picking it would give.
    assert {(o["value"], o["count"], o["selected"]) for o in levels} == {
        ("national", 1, True),
        ("provincial", 1, False),
    }
    associations = client.get("/api/v1/associations", {"member": "1"}).json()
    assert [a["name"] for a in associations["results"]] == ["江苏省开发区协会"]
    site = client.get("/api/v1/site").json()
    assert site["name"] and site["logo"] is None and site["wechat_qr"] is None


def test_sections_are_a_tree(client, content):
    tree = client.get("/api/v1/sections").json()
    assert [s["slug"] for s in tree] == ["news", "notices"]
    assert [c["slug"] for c in tree[0]["children"]] == ["national"]


ENDPOINTS = [
    "/api/v1/articles",
    "/api/v1/articles?section=national",
    "/api/v1/notices",
    "/api/v1/magazine",
    "/api/v1/sections",
]


def test_draft_scheduled_expired_and_recycled_articles_never_appear(client, content):
    hidden = content["hidden"]
    answers = [client.get(url).content.decode() for url in ENDPOINTS]
    answers += [client.get("/api/v1/articles", {"q": SECRET}).content.decode()]
    answers += [client.get(f"/api/v1/magazine/{content['issue'].pk}").content.decode()]
    for kind, article in hidden.items():
        response = client.get(f"/api/v1/articles/{article.pk}")
        assert response.status_code == 404, kind
        answers.append(response.content.decode())
    for text in answers:
        assert SECRET not in text and "隐藏" not in text
    ids = {str(a.pk) for a in hidden.values()}
    listed = json.loads(answers[0])["results"]
    assert not ids & {str(item["id"]) for item in listed}


def test_a_member_only_article_shows_only_its_title_and_summary(client, content, monkeypatch):
    article = content["articles"][0]
    monkeypatch.setattr(api_content, "members_only", lambda a: a.pk == article.pk)
    data = client.get(f"/api/v1/articles/{article.pk}").json()
    assert data["members_only"] is True and data["title"] == article.title
    assert data["body_html"] is None and data["attachments"] == [] and data["cover_large"] is None
    assert "正文" not in json.dumps(data, ensure_ascii=False)
