"""Every reader page type is valid HTML: the Nu HTML Checker (the W3C's validator, from
its npm package vnu-jar, on Debian's Java) finds no error in any of them.

scripts/ensure_vnu.sh installs Java, npm and the pinned vnu-jar when they are missing;
`make test` runs it first, and this test runs it when the jar is not there yet.
"""

import io
import json
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

from associations.models import Association, Zone
from events.models import Event, Registration
from membership.models import Application
from news.models import Article, MagazineIssue, Section
from portal import traditional
from submissions.models import Message, Submission

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
JAR = ROOT / ".vnu/node_modules/vnu-jar/build/dist/vnu.jar"


@pytest.fixture(scope="session")
def vnu_jar() -> Path:
    if not JAR.exists():
        subprocess.run(["bash", str(ROOT / "scripts/ensure_vnu.sh")], check=True)
    return JAR


def reader_pages() -> dict[str, str]:
    article = Article.objects.published().filter(attachments__isnull=False).first()
    event = Event.objects.published().first()
    message = Message.objects.published().first()
    return {
        "home": "/",
        "资讯中心": "/news/",
        "a section": "/news/national/",
        "notices": "/news/notices/",
        "a single-page section": Section.objects.filter(kind=Section.Kind.PAGE)
        .first()
        .get_absolute_url(),
        "an article": article.get_absolute_url(),
        "magazine list": "/magazine/",
        "magazine issue": MagazineIssue.objects.published().first().get_absolute_url(),
        "events": "/events/",
        "an event": event.get_absolute_url(),
        "zones": "/zones/",
        "zones with filters": "/zones/?region=east&level=national&q=园区",
        "a zone": Zone.objects.published().first().get_absolute_url(),
        "associations": "/associations/",
        "an association": Association.objects.published().first().get_absolute_url(),
        "a single page": "/pages/about/",
        "search results": "/search/?q=开发区",
        "search, no results": "/search/?q=没有这样的词语",
        "message board": "/messages/",
        "message form": "/messages/new/",
        "message look-up": f"/messages/lookup/?code={message.code}",
        "contribution form": "/contribute/",
        "contribution status form": "/contribute/status/",
        "registration look-up form": "/events/registration/",
        "membership form": "/membership/apply/",
        "membership status form": "/membership/status/",
        "网站地图": "/sitemap/",
        "404": "/no-such-page/",
    }


def looked_up(client) -> dict[str, str]:
    """The look-ups' answers, as a reader with the right code and contact sees them, and
    a form sent back with errors."""
    submission = Submission.objects.first()
    registration = Registration.objects.first()
    application = Application.objects.first()
    return {
        "contribution status": client.post(
            "/contribute/status/",
            {"code": submission.tracking_code, "contact": submission.email},
        ),
        "registration look-up": client.post(
            "/events/registration/", {"code": registration.code, "contact": registration.email}
        ),
        "membership status": client.post(
            "/membership/status/", {"code": application.code, "contact": application.email}
        ),
        "message form with errors": client.post("/messages/new/", {"subject": "只有标题"}),
    }


def test_every_reader_page_type_is_valid_html(client, tmp_path, vnu_jar):
    call_command("load_demo", stdout=io.StringIO())
    files = {}
    for name, url in reader_pages().items():
        response = client.get(url)
        assert response.status_code == (404 if name == "404" else 200), (name, url)
        files[name] = response
    for name, response in looked_up(client).items():
        assert response.status_code in (200, 400), (name, response.status_code)
        files[name] = response
    # The same pages in traditional characters (简/繁, portal/traditional.py).
    client.cookies[traditional.COOKIE] = traditional.HANT
    for name, url in reader_pages().items():
        files[f"{name} (繁)"] = response = client.get(url)
        assert 'lang="zh-Hant"' in response.content.decode(), (name, url)
    # A page with a known error proves that the checker ran and that its report is read.
    canary = tmp_path / "canary.html"
    canary.write_text('<!DOCTYPE html><html lang="zh-Hans"><title>x</title><p><time datetime="1">x')
    paths = {f"file:{canary}": "canary"}
    for n, (name, response) in enumerate(files.items()):
        path = tmp_path / f"page{n}.html"
        path.write_bytes(response.content)
        paths[f"file:{path}"] = name
    result = subprocess.run(
        ["java", "-jar", str(vnu_jar), "--format", "json", "--errors-only"]
        + [name.removeprefix("file:") for name in paths],
        capture_output=True,
        text=True,
    )
    errors = [
        f"{paths.get(m.get('url'), m.get('url'))}: line {m.get('lastLine')}: {m['message']}"
        for m in json.loads(result.stderr)["messages"]
        if m["type"] == "error" or m.get("subType") == "fatal"
    ]
    assert [e for e in errors if e.startswith("canary:")], result.stderr
    assert [e for e in errors if not e.startswith("canary:")] == [], "\n".join(errors)
