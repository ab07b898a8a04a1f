"""Reader pages of events: the list, an event, its .ics, the home block, sitemap,
search, how long cached pages live, and fixed query counts."""

from datetime import timedelta

import icalendar
import pytest
from django.utils import timezone

from events.models import Event
from portal import freshness, pagecache
from portal.models import SiteSettings

pytestmark = pytest.mark.django_db


def past(make_event, days, **overrides):
    now = timezone.now()
    starts = now - timedelta(days=days)
    return make_event(
        starts_at=starts,
        registration_opens_at=starts - timedelta(days=10),
        registration_closes_at=starts - timedelta(days=1),
        **overrides,
    )


def test_list_shows_upcoming_soonest_first_then_past_newest_first(client, make_event):
    now = timezone.now()
    later = make_event(title="下月的论坛", starts_at=now + timedelta(days=30))
    sooner = make_event(title="下周的培训班", starts_at=now + timedelta(days=7))
    old = past(make_event, 60, title="去年的年会")
    recent = past(make_event, 10, title="上周的座谈会")
    html = client.get("/events/").content.decode()
    upcoming, archive = html.split('id="past-title"')
    assert upcoming.index(sooner.title) < upcoming.index(later.title)
    assert archive.index(recent.title) < archive.index(old.title)
    assert old.title not in upcoming and sooner.title not in archive
    assert "报名中" in upcoming


def test_an_event_on_now_is_still_upcoming_until_it_ends(client, make_event):
    now = timezone.now()
    make_event(
        title="正在进行的活动",
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=3),
        registration_opens_at=now - timedelta(days=5),
        registration_closes_at=now - timedelta(hours=2),
    )
    upcoming = client.get("/events/").content.decode().split('id="past-title"')[0]
    assert "正在进行的活动" in upcoming and "报名已截止" in upcoming


def test_drafts_and_scheduled_events_are_hidden_everywhere(client, make_event):
    make_event(title="草稿活动甲", status=Event.Status.DRAFT)
    make_event(title="定时活动乙", publish_at=timezone.now() + timedelta(hours=2))
    pages = [
        client.get("/events/"),
        client.get("/"),
        client.get("/sitemap-events.xml"),
        client.get("/search/", {"q": "活动"}),
    ]
    for response in pages:
        html = response.content.decode()
        assert "草稿活动甲" not in html and "定时活动乙" not in html


def test_staff_preview_a_draft_with_a_banner_never_cached(client, make_event, publisher):
    draft = make_event(title="待审的活动", status=Event.Status.DRAFT)
    client.force_login(publisher)
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "预览：这个活动草稿" in response.content.decode()
    assert "no-cache" in response["Cache-Control"]


def test_past_events_page_and_bad_page_numbers(client, make_event):
    for n in range(12):
        past(make_event, 30 + n, title=f"回顾会议{n:02d}")
    first = client.get("/events/").content.decode()
    assert first.count("回顾会议") == 10 and 'href="?page=2"' in first
    second = client.get("/events/", {"page": 2}).content.decode()
    assert "回顾会议10" in second and 'id="upcoming-title"' not in second
    assert client.get("/events/", {"page": 9}).status_code == 404
    mistyped = client.get("/events/", {"page": "abc"})
    assert mistyped.status_code == 200 and mistyped.content.decode().count("回顾会议") == 10


def test_event_page_shows_the_facts_and_the_open_form_is_never_cached(client, event):
    response = client.get(event.get_absolute_url())
    html = response.content.decode()
    assert event.title in html and "北京·国家会议中心 301 会议室" in html
    assert '还有 <strong class="places-left">30</strong> 个名额' in html
    assert 'name="csrfmiddlewaretoken"' in html and "验证码" in html
    assert "no-cache" in response["Cache-Control"]
    assert "X-Page-Cache" not in response
    assert "X-Page-Cache" not in client.get(event.get_absolute_url())


def test_a_page_without_the_form_is_cached_until_registration_opens(reader, make_event):
    opens = timezone.now() + timedelta(seconds=90)
    event = make_event(registration_opens_at=opens)
    first = reader.get(event.get_absolute_url())
    assert first["X-Page-Cache"] == "miss" and "报名将于" in first.content.decode()
    assert reader.get(event.get_absolute_url())["X-Page-Cache"] == "hit"
    # no cached page outlives the moment the form must appear
    assert pagecache.lifetime() <= 91


def test_cached_pages_live_no_longer_than_the_next_moment_of_any_event(make_event):
    now = timezone.now()
    for moment in ("starts_at", "registration_closes_at", "publish_at"):
        Event.objects.all().delete()
        freshness.bump()
        starts = now + timedelta(days=3)
        values = {
            "starts_at": starts,
            "registration_closes_at": starts - timedelta(hours=1),
            "publish_at": now - timedelta(days=1),
        }
        values[moment] = now + timedelta(seconds=40)
        if moment == "starts_at":
            values["registration_closes_at"] = now + timedelta(seconds=30)
        make_event(**values)
        assert pagecache.lifetime() <= 41, moment


def test_a_registration_that_fills_the_event_refreshes_the_list_and_others_do_not(
    client, make_event, registration_data
):
    event = make_event(capacity=2, waiting_list=False)
    before = freshness.version()
    data = registration_data(email="a@example.com", phone="13900000001")
    client.post(event.get_absolute_url(), data)
    assert freshness.version() == before  # one place left: nothing readers see changed
    data = registration_data(email="b@example.com", phone="13900000002")
    client.post(event.get_absolute_url(), data)
    assert freshness.version() > before
    assert "名额已满" in client.get("/events/").content.decode()


def test_ics_download_describes_the_event(client, make_event):
    event = make_event(
        title="园区标准化建设研讨会;第二期, 北京",
        summary="议题：招商\\服务",
        place="国家会议中心；3 层",
    )
    response = client.get(f"/events/{event.pk}/calendar.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert f'filename="event-{event.pk}.ics"' in response["Content-Disposition"]
    raw = response.content
    assert b"\r\n" in raw and all(len(line) <= 75 for line in raw.split(b"\r\n"))
    # RFC 5545 escapes ; , and \ in text; CRLF ends every line, folded at 75 octets
    assert "SUMMARY:园区标准化建设研讨会\\;第二期\\, 北京".encode() in raw.replace(b"\r\n ", b"")
    assert "议题：招商\\\\服务".encode() in raw.replace(b"\r\n ", b"")
    (parsed,) = icalendar.Calendar.from_ical(raw).walk("VEVENT")
    assert str(parsed["SUMMARY"]) == event.title
    assert str(parsed["LOCATION"]) == event.place
    assert parsed.decoded("DTSTART") == event.starts_at.replace(microsecond=0)
    assert parsed.decoded("DTEND") == event.ends_at.replace(microsecond=0)
    assert str(parsed["URL"]).endswith(event.get_absolute_url())


def test_ics_of_a_hidden_event_is_a_404(client, make_event):
    draft = make_event(status=Event.Status.DRAFT)
    assert client.get(f"/events/{draft.pk}/calendar.ics").status_code == 404
    assert client.get("/events/99999/calendar.ics").status_code == 404


def test_sitemap_lists_the_list_and_published_events(client, event):
    index = client.get("/sitemap.xml").content.decode()
    assert "sitemap-events.xml" in index
    xml = client.get("/sitemap-events.xml").content.decode()
    assert "/events/</loc>" in xml and f"/events/{event.pk}/</loc>" in xml


def test_events_are_found_by_site_search(client, make_event):
    make_event(
        title="数字园区建设专题培训班", place="苏州工业园区", body="<p>讲授智慧园区平台。</p>"
    )
    event = Event.objects.get()
    html = client.get("/search/", {"q": "智慧园区"}).content.decode()
    assert f'<a href="/events/{event.pk}/">数字<mark>园区</mark>建设专题培训班</a>' in html
    assert "<span>苏州工业园区</span>" in html
    assert "活动" in client.get("/search/", {"q": "培训班", "kind": "event"}).content.decode()


def test_home_block_lists_upcoming_events_and_editors_can_switch_it_off(client, make_event):
    make_event(title="首页上的活动")
    past(make_event, 5, title="结束了的活动")
    html = client.get("/").content.decode()
    assert 'id="home-events"' in html and "首页上的活动" in html and "结束了的活动" not in html
    site = SiteSettings.load()
    site.home_show_events = False
    site.save()
    assert 'id="home-events"' not in client.get("/").content.decode()


def test_home_block_is_hidden_without_upcoming_events(client):
    assert 'id="home-events"' not in client.get("/").content.decode()


def test_robots_keep_crawlers_off_personal_event_pages(client):
    robots = client.get("/robots.txt").content.decode()
    assert "Disallow: /events/registration/" in robots and "Disallow: /events/checkin/" in robots


def test_header_links_to_events(client):
    html = client.get("/events/").content.decode()
    assert '<a href="/events/" aria-current="page">活动报名</a>' in html


@pytest.fixture
def fill(make_event, make_registration):
    def make(rows: int):
        for n in range(rows):
            event = make_event(starts_at=timezone.now() + timedelta(days=n + 1))
            for _ in range(3):
                make_registration(event)
            past(make_event, n + 1)
        return event

    return make


@pytest.mark.parametrize("rows", [3, 30])
def test_event_pages_issue_a_fixed_number_of_queries(
    client, fill, rows, forget_cached_page, django_assert_num_queries
):
    event = fill(rows)
    client.get("/")  # site settings, menus and footer into the cache
    forget_cached_page("/events/")
    # the past page, its count, the upcoming events with their counts
    with django_assert_num_queries(3):
        assert client.get("/events/").status_code == 200
    # the event with its counts; the captcha clears expired challenges and stores one
    with django_assert_num_queries(3):
        assert client.get(event.get_absolute_url()).status_code == 200
    with django_assert_num_queries(1):
        assert client.get(f"/events/{event.pk}/calendar.ics").status_code == 200
