"""Every reader page type runs under a CSP without 'unsafe-inline' and breaks none of it.

Chromium reports each refused inline style or script as a `securitypolicyviolation`
event; an init script collects them in `window.__csp`. Each page ends with a canary (an
element with a style attribute, inserted by the test): its violation proves that the
policy refuses inline styles on that page and that every earlier report has arrived.
"""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from associations.models import Association, Zone
from news.models import Article, MagazineIssue, Section
from submissions.models import Message, Submission

pytestmark = pytest.mark.django_db(transaction=True)

COLLECT = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push({
    directive: e.effectiveDirective,
    blocked: e.blockedURI,
    sample: e.sample,
    source: e.sourceFile + ":" + e.lineNumber,
    canary:
      !!(e.target && e.target.dataset && "cspCanary" in e.target.dataset) ||
      e.blockedURI.includes("csp-canary.invalid"),
  });
});
"""
# Reader pages refuse inline styles; the admin allows them but refuses other origins
# (.invalid never resolves, and the policy blocks the request before it is made).
STYLE_CANARY = '<i data-csp-canary style="color: red"></i>'
IMAGE_CANARY = '<img data-csp-canary alt="" src="https://csp-canary.invalid/x.png">'


@pytest.fixture
def csp_page(page):
    page.add_init_script(COLLECT)
    console: list[str] = []
    page.on(
        "console",
        lambda msg: console.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    page.csp_console = console
    return page


def violations(page, canary: str = STYLE_CANARY) -> list[dict]:
    """The page's reports, after the canary's own report has come in (or 3 s passed)."""
    page.evaluate("(html) => document.body.insertAdjacentHTML('beforeend', html)", canary)
    page.wait_for_function("() => window.__csp.some((v) => v.canary)", timeout=3_000)
    return [v for v in page.evaluate("window.__csp") if not v["canary"]]


@pytest.fixture
def demo_site(live_server):
    call_command("load_demo", stdout=io.StringIO())


def reader_urls() -> dict[str, str]:
    article = Article.objects.published().filter(attachments__isnull=False).first()
    page_section = Section.objects.filter(kind=Section.Kind.PAGE).first()
    message = Message.objects.published().first()
    return {
        "home": "/",
        "资讯中心": "/news/",
        "a section": "/news/national/",
        "a single-page section": page_section.get_absolute_url(),
        "an article": article.get_absolute_url(),
        "magazine list": "/magazine/",
        "magazine issue": MagazineIssue.objects.published().first().get_absolute_url(),
        "zones with filters": "/zones/?region=east&level=national&type=nonsense&q=园区",
        "a zone": Zone.objects.published().first().get_absolute_url(),
        "associations": "/associations/?kind=branch&member=1",
        "an association": Association.objects.published().first().get_absolute_url(),
        "a single page": "/pages/about/",
        "search results": "/search/?q=开发区&kind=article",
        "message board": "/messages/",
        "message form": "/messages/new/",
        "contribution form": "/contribute/",
        "message look-up": f"/messages/lookup/?code={message.code}",
        "status look-up form": "/contribute/status/",
        "404": "/no-such-page/",
    }


def test_reader_pages_run_without_inline_styles_or_scripts(csp_page, demo_site):
    found = {}
    urls = reader_urls()
    for name, url in urls.items():
        response = csp_page.goto(url)
        policy = response.headers.get("content-security-policy", "")
        assert "'unsafe-inline'" not in policy, f"{name} ({url}) allows inline: {policy}"
        if bad := violations(csp_page):
            found[f"{name} {url}"] = bad
    # The contribution status answer is a POST result: look one up as a contributor would.
    submission = Submission.objects.exclude(editor_note="").first()
    csp_page.goto("/contribute/status/")
    csp_page.fill("#id_code", submission.tracking_code)
    csp_page.fill("#id_contact", submission.email)
    csp_page.get_by_role("button", name="查询", exact=True).click()
    csp_page.wait_for_selector(".lookup-result")
    if bad := violations(csp_page):
        found["status look-up answer"] = bad
    assert found == {}
    # Chromium also logs each refusal: one line per canary, nothing else.
    assert len(csp_page.csp_console) == len(urls) + 1, csp_page.csp_console


def test_aligned_article_text_renders_aligned_without_inline_styles(csp_page, live_server):
    section = Section.objects.create(name="协会动态", slug="association", kind=Section.Kind.LIST)
    article = Article.objects.create(
        title="对齐的正文",
        section=section,
        status=Article.Status.PUBLISHED,
        publish_at=timezone.now() - timedelta(hours=1),
        # As CKEditor writes it (classes), and as Word or the source view paste it.
        body=(
            '<p class="align-center">居中的一段</p>'
            '<p style="text-align: right;">右对齐的一段</p>'
            '<figure class="table"><table><tbody><tr>'
            '<td style="text-align:center; width: 40%">居中的格</td><td>左对齐的格</td>'
            "</tr></tbody></table></figure>"
        ),
    )
    csp_page.goto(article.get_absolute_url())

    def align(text):
        return csp_page.get_by_text(text).evaluate("el => getComputedStyle(el).textAlign")

    assert align("居中的一段") == "center"
    assert align("右对齐的一段") == "right"
    assert align("居中的格") == "center"
    assert align("左对齐的格") == "left"
    assert violations(csp_page) == []


def test_ckeditor_in_the_admin_may_still_write_inline_styles(csp_page, superuser, admin_login):
    admin_login(csp_page, superuser.username)
    csp_page.goto("/admin/news/article/add/")
    editable = csp_page.locator(".ck-editor__editable_inline").first
    # Pasted Word content: the editing view shows it with style attributes.
    editable.evaluate(
        """el => el.ckeditorInstance.setData(
          '<p style="text-align:center">居中</p>'
          + '<figure class="table" style="width:80%"><table><tbody><tr>'
          + '<td style="background:#eee">格</td></tr></tbody></table></figure>')"""
    )
    styled = "el => [...el.querySelectorAll('[style]')].filter((e) => e.style.length).length"
    assert editable.evaluate(styled) > 0
    assert violations(csp_page, IMAGE_CANARY) == []
